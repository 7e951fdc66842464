package datchuan

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Site inspections (kiểm tra thực tế, Plan 45 §III): the coordination
// office, or a department, visits communes and districts of its province
// on a day, with a team, checks some criteria there and writes a finding
// per unit and criterion. A finding that is not met becomes, in one
// action, an obstacle of the register or a task of a commune committee
// member; the visit ends in a report (biên bản kiểm tra) signed on site.

// InspectionState is where an inspection stands.
type InspectionState string

const (
	InspectionPlanned   InspectionState = "planned"
	InspectionDone      InspectionState = "done"
	InspectionCancelled InspectionState = "cancelled"
)

// InspectionStates lists the states in the order pages show them.
var InspectionStates = []InspectionState{InspectionPlanned, InspectionDone, InspectionCancelled}

// Valid reports whether s is a known state.
func (s InspectionState) Valid() bool { return slices.Contains(InspectionStates, s) }

// CanMoveTo reports whether an inspection in state s may move to t: a
// planned one is done or cancelled, a cancelled one planned again. A done
// one stays done: its report was signed on site (its findings and
// conclusion may still be corrected).
func (s InspectionState) CanMoveTo(t InspectionState) bool {
	switch s {
	case InspectionPlanned:
		return t == InspectionDone || t == InspectionCancelled
	case InspectionCancelled:
		return t == InspectionPlanned
	}
	return false
}

var inspectionStateNames = map[InspectionState][2]string{
	InspectionPlanned:   {"Dự kiến", "Planned"},
	InspectionDone:      {"Đã kiểm tra", "Done"},
	InspectionCancelled: {"Đã hủy", "Cancelled"},
}

// LabelVi names the state.
func (s InspectionState) LabelVi() string { return nameOr(inspectionStateNames[s][0], string(s)) }

// LabelEn names the state in English.
func (s InspectionState) LabelEn() string { return nameOr(inspectionStateNames[s][1], string(s)) }

// FindingResult is what the team found of a criterion in a unit.
type FindingResult string

const (
	FindingMet      FindingResult = "met"       // đạt
	FindingNotMet   FindingResult = "not_met"   // chưa đạt
	FindingMoreWork FindingResult = "more_work" // cần hoàn thiện thêm: met on paper, not yet on the ground
)

// FindingResults lists the results in the order forms offer them.
var FindingResults = []FindingResult{FindingMet, FindingMoreWork, FindingNotMet}

// Valid reports whether r is a known result.
func (r FindingResult) Valid() bool { return slices.Contains(FindingResults, r) }

// NeedsFollowUp reports whether the finding calls for work: anything not
// met.
func (r FindingResult) NeedsFollowUp() bool { return r == FindingNotMet || r == FindingMoreWork }

var findingResultNames = map[FindingResult][2]string{
	FindingMet:      {"Đạt", "Met"},
	FindingNotMet:   {"Chưa đạt", "Not met"},
	FindingMoreWork: {"Cần hoàn thiện thêm", "Needs more work"},
}

// LabelVi names the result.
func (r FindingResult) LabelVi() string { return nameOr(findingResultNames[r][0], string(r)) }

// LabelEn names the result in English.
func (r FindingResult) LabelEn() string { return nameOr(findingResultNames[r][1], string(r)) }

// Inspection is one site inspection of units of a province.
type Inspection struct {
	ID         int64           `json:"id"`
	ProvinceID int64           `json:"province_id"`
	AgencyID   int64           `json:"agency_id"` // the inspecting agency: the coordination office or a department
	Title      string          `json:"title"`
	Planned    Date            `json:"planned"`
	Done       Date            `json:"done,omitzero"` // the day of the visit; empty while planned
	State      InspectionState `json:"state"`
	// Team is who inspects, one member a line ("Lê Thị Hồng, Chánh Văn
	// phòng"); the first line is the team lead, who signs the report.
	Team     string   `json:"team,omitempty"`
	UnitIDs  []int64  `json:"unit_ids"` // the communes and districts visited
	SetID    string   `json:"set_id"`   // the criteria set checked against
	Criteria []string `json:"criteria"` // the criteria checked (codes of SetID); none: any
	Summary  string   `json:"summary,omitempty"`
	// CreatedBy is the user who planned it.
	CreatedBy int64     `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"` // see Versioned
}

// Members are the lines of the team, each trimmed, empty ones dropped.
func (x *Inspection) Members() []string {
	var out []string
	for _, l := range strings.Split(x.Team, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Lead is the name of the team lead: the first member, without the title
// after a comma or a dash.
func (x *Inspection) Lead() string {
	m := x.Members()
	if len(m) == 0 {
		return ""
	}
	name, _, _ := strings.Cut(m[0], ",")
	name, _, _ = strings.Cut(name, " - ")
	name, _, _ = strings.Cut(name, " – ")
	return strings.TrimSpace(name)
}

// Visits reports whether the unit is among those visited.
func (x *Inspection) Visits(unitID int64) bool { return slices.Contains(x.UnitIDs, unitID) }

// Checks reports whether criterion crit is among those checked (all are,
// when none is named).
func (x *Inspection) Checks(crit string) bool {
	return len(x.Criteria) == 0 || slices.Contains(x.Criteria, crit)
}

// Day is the day of the inspection: the day it was done, else the day it
// is planned for.
func (x *Inspection) Day() Date {
	if !x.Done.IsZero() {
		return x.Done
	}
	return x.Planned
}

// Finding is what the team found of one criterion (or indicator) in one
// unit visited, and what it became.
type Finding struct {
	ID            int64         `json:"id"`
	InspectionID  int64         `json:"inspection_id"`
	UnitID        int64         `json:"unit_id"`
	SetID         string        `json:"set_id"`
	CriterionCode string        `json:"criterion_code"`
	IndicatorCode string        `json:"indicator_code,omitempty"`
	Result        FindingResult `json:"result"`
	Note          string        `json:"note,omitempty"`
	ObstacleID    int64         `json:"obstacle_id,omitempty"` // the obstacle it was raised as
	TaskID        int64         `json:"task_id,omitempty"`     // the member task it was given as
	RecordedBy    int64         `json:"recorded_by,omitempty"` // a user
	RecordedAt    time.Time     `json:"recorded_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
	Version       int           `json:"version"` // see Versioned
}

// FollowedUp reports whether the finding became an obstacle or a task.
func (f *Finding) FollowedUp() bool { return f.ObstacleID != 0 || f.TaskID != 0 }

// PhotoTime says where the time a photo was taken comes from.
type PhotoTime string

const (
	PhotoTimeEXIF   PhotoTime = "exif"   // the camera's DateTimeOriginal
	PhotoTimeTyped  PhotoTime = "typed"  // typed by whoever added it
	PhotoTimeUpload PhotoTime = "upload" // neither: the time it was uploaded
)

// Valid reports whether t is a known source.
func (t PhotoTime) Valid() bool {
	return t == PhotoTimeEXIF || t == PhotoTimeTyped || t == PhotoTimeUpload
}

var photoTimeNames = map[PhotoTime][2]string{
	PhotoTimeEXIF:   {"theo thông tin EXIF của ảnh", "from the photo's EXIF data"},
	PhotoTimeTyped:  {"do người tải lên nhập", "as typed by the uploader"},
	PhotoTimeUpload: {"ảnh không ghi giờ chụp: giờ tải lên", "no time in the photo: the upload time"},
}

// LabelVi says where the time comes from.
func (t PhotoTime) LabelVi() string { return nameOr(photoTimeNames[t][0], string(t)) }

// LabelEn says where the time comes from, in English.
func (t PhotoTime) LabelEn() string { return nameOr(photoTimeNames[t][1], string(t)) }

// InspectionPhoto is a photo taken on an inspection: an attachment with
// the time it was taken.
type InspectionPhoto struct {
	InspectionID int64     `json:"inspection_id"`
	AttachmentID string    `json:"attachment_id"`
	Caption      string    `json:"caption,omitempty"`
	TakenAt      time.Time `json:"taken_at"`
	TakenFrom    PhotoTime `json:"taken_from"`
	AddedBy      int64     `json:"added_by,omitempty"` // a user
	AddedAt      time.Time `json:"added_at"`
}

// InspectionFilter selects inspections. Zero fields do not filter.
type InspectionFilter struct {
	IDs        []int64
	ProvinceID int64
	AgencyIDs  []int64
	UnitIDs    []int64 // inspections visiting any of these units
	States     []InspectionState
}

// InspectionService stores inspections, their findings and photos.
type InspectionService interface {
	// CreateInspection stores x with its units: ID, Version 1, CreatedAt
	// and UpdatedAt (now when zero).
	CreateInspection(ctx context.Context, x *Inspection) error
	// UpdateInspection stores every field but who planned it and when, as
	// of x.Version: ECONFLICT when it changed since, ENOTFOUND when gone.
	UpdateInspection(ctx context.Context, x *Inspection) error
	Inspection(ctx context.Context, id int64) (*Inspection, error)
	// Inspections returns the selected inspections, the latest day first.
	Inspections(ctx context.Context, f InspectionFilter) ([]*Inspection, error)

	// AddFinding stores a new finding: ID, Version 1, RecordedAt and
	// UpdatedAt (now when zero). A second finding of the same unit and
	// criterion (or indicator) of an inspection is ECONFLICT.
	AddFinding(ctx context.Context, f *Finding) error
	// UpdateFinding stores the result, note and links of f as of
	// f.Version: ECONFLICT when stale, ENOTFOUND when gone.
	UpdateFinding(ctx context.Context, f *Finding) error
	Finding(ctx context.Context, id int64) (*Finding, error)
	// Findings returns the findings of an inspection in the order they
	// were recorded.
	Findings(ctx context.Context, inspectionID int64) ([]*Finding, error)

	// AddPhotos stores photos of an inspection (AddedAt now when zero); a
	// photo it holds already is ECONFLICT, an unknown attachment EINVALID.
	AddPhotos(ctx context.Context, photos []*InspectionPhoto) error
	// Photos returns the photos of an inspection by the time they were
	// taken.
	Photos(ctx context.Context, inspectionID int64) ([]*InspectionPhoto, error)
}
