package datchuan

import (
	"context"
	"math"
	"slices"
	"time"
)

// The recognition dossier (hồ sơ đề nghị xét, công nhận) of a target: the
// papers a district, then its province, then the centre put together before
// the Prime Minister recognises a district (Decision 18/2022/QĐ-TTg). Which
// papers is data: a template per kind of target, shipped as a file marked
// unverified item by item (the official list was not found), copied into
// the database for each province on first use and edited there by its
// coordination office. A dossier is made from its province's template; each
// of its items says who prepares the paper, by when, where it stands and
// its files, each upload a new version. Some papers are not uploaded but
// made from the data (the 9-criteria table, the recognised communes, each
// lead department's confirmation); public postings carry the day they were
// posted and run for the template's number of days.

// DossierKind says how a paper of a dossier comes about.
type DossierKind string

const (
	DossierPaper         DossierKind = "paper"          // a document people upload
	DossierPosting       DossierKind = "posting"        // a public posting for comments, running a number of days
	DossierCriteriaTable DossierKind = "criteria_table" // made from the data: the district's criteria with their results
	DossierCommunes      DossierKind = "communes"       // made from the data: the communes recognised, with their decisions
	DossierConfirmations DossierKind = "confirmations"  // made from the data: each lead department's written confirmation
)

// DossierKinds lists the kinds in the order forms offer them.
var DossierKinds = []DossierKind{DossierPaper, DossierPosting, DossierCriteriaTable, DossierCommunes, DossierConfirmations}

// Valid reports whether k is a known kind.
func (k DossierKind) Valid() bool { return slices.Contains(DossierKinds, k) }

// Generated reports whether papers of the kind are made from the data
// rather than uploaded: their state follows the data, not a person.
func (k DossierKind) Generated() bool {
	return k == DossierCriteriaTable || k == DossierCommunes || k == DossierConfirmations
}

var dossierKindNames = map[DossierKind][2]string{
	DossierPaper:         {"Văn bản tải lên", "Uploaded paper"},
	DossierPosting:       {"Niêm yết, đăng tải công khai", "Public posting"},
	DossierCriteriaTable: {"Tạo từ số liệu: bảng kết quả tiêu chí", "From the data: criteria table"},
	DossierCommunes:      {"Tạo từ số liệu: danh sách xã được công nhận", "From the data: recognised communes"},
	DossierConfirmations: {"Tạo từ số liệu: văn bản xác nhận của các sở", "From the data: departments' confirmations"},
}

// LabelVi names the kind.
func (k DossierKind) LabelVi() string { return nameOr(dossierKindNames[k][0], string(k)) }

// LabelEn names the kind in English.
func (k DossierKind) LabelEn() string { return nameOr(dossierKindNames[k][1], string(k)) }

// DossierParty is who prepares a paper by default, as a template names it:
// a kind of body, which a dossier resolves to the agency of its district or
// province.
type DossierParty string

const (
	PartyDistrictPeoples    DossierParty = "district_peoples_committee"    // UBND huyện
	PartyDistrictSteering   DossierParty = "district_steering_committee"   // BCĐ huyện
	PartyCoordination       DossierParty = "coordination_office"           // VPĐP tỉnh
	PartyProvincialPeoples  DossierParty = "provincial_peoples_committee"  // UBND tỉnh
	PartyProvincialSteering DossierParty = "provincial_steering_committee" // BCĐ tỉnh
	PartyLeadDepartments    DossierParty = "lead_departments"              // each department leading a criterion
	PartyCentral            DossierParty = "central"                       // the ministry, the Prime Minister: no agency here
)

// DossierParties lists the parties in the order forms offer them.
var DossierParties = []DossierParty{PartyDistrictPeoples, PartyDistrictSteering, PartyCoordination, PartyProvincialPeoples,
	PartyProvincialSteering, PartyLeadDepartments, PartyCentral}

// Valid reports whether p is a known party.
func (p DossierParty) Valid() bool { return slices.Contains(DossierParties, p) }

// Agency is the kind of agency the party resolves to and whether it is the
// district's (else the province's); ok is false for the centre, which has
// no agency here. The lead departments' paper is compiled by the
// coordination office, each department signing its own confirmation.
func (p DossierParty) Agency() (kind AgencyKind, district, ok bool) {
	switch p {
	case PartyDistrictPeoples:
		return AgencyPeoplesCommittee, true, true
	case PartyDistrictSteering:
		return AgencyDistrictCommittee, true, true
	case PartyCoordination, PartyLeadDepartments:
		return AgencyCoordination, false, true
	case PartyProvincialPeoples:
		return AgencyPeoplesCommittee, false, true
	case PartyProvincialSteering:
		return AgencySteering, false, true
	}
	return "", false, false
}

var dossierPartyNames = map[DossierParty][2]string{
	PartyDistrictPeoples:    {"UBND huyện", "District People's Committee"},
	PartyDistrictSteering:   {"Ban Chỉ đạo huyện", "District steering committee"},
	PartyCoordination:       {"Văn phòng Điều phối tỉnh", "Provincial coordination office"},
	PartyProvincialPeoples:  {"UBND tỉnh", "Provincial People's Committee"},
	PartyProvincialSteering: {"Ban Chỉ đạo tỉnh", "Provincial steering committee"},
	PartyLeadDepartments:    {"Các sở, ngành chủ trì tiêu chí", "The lead departments"},
	PartyCentral:            {"Trung ương (Bộ NN&PTNT, Thủ tướng Chính phủ)", "The centre (ministry, Prime Minister)"},
}

// LabelVi names the party.
func (p DossierParty) LabelVi() string { return nameOr(dossierPartyNames[p][0], string(p)) }

// LabelEn names the party in English.
func (p DossierParty) LabelEn() string { return nameOr(dossierPartyNames[p][1], string(p)) }

// DossierProvenance says where an item of a template comes from, as
// thresholds do: the document, its article when known, whether the item
// was checked against the official text, and a note.
type DossierProvenance struct {
	Document string `json:"document"` // "18/2022/QĐ-TTg"
	Article  string `json:"article,omitempty"`
	Verified bool   `json:"verified"`
	Note     string `json:"note,omitempty"`
}

// DossierStep is a level the dossier passes through: the district puts
// its papers together, the province appraises and submits, the centre
// appraises and decides.
type DossierStep struct {
	Code   string `json:"code"` // "district", "province", "centre"
	NameVi string `json:"name_vi"`
	NameEn string `json:"name_en"`
}

// DossierTemplateItem is one paper of a template.
type DossierTemplateItem struct {
	ID          int64             `json:"id"`
	TemplateID  int64             `json:"template_id"`
	Code        string            `json:"code"` // "H01": stable within its template
	Step        string            `json:"step"` // a DossierStep code
	Pos         int               `json:"pos"`
	Title       string            `json:"title"`
	TitleEn     string            `json:"title_en,omitempty"`
	Required    bool              `json:"required"`
	Kind        DossierKind       `json:"kind"`
	PostingDays int               `json:"posting_days,omitempty"` // for a posting: how long it runs
	Party       DossierParty      `json:"party"`
	Provenance  DossierProvenance `json:"provenance"`
	// Removed items stay in the database, so that the items of dossiers
	// made with them keep their files and IDs, but no longer count.
	Removed   bool      `json:"removed,omitempty"`
	Version   int       `json:"version"` // see Versioned
	UpdatedAt time.Time `json:"updated_at"`
}

// DossierTemplate is the list of papers of a kind of target in a province:
// a district NTM dossier for 2021–2025 now, keyed by the tier and period of
// the target's criteria set so that others can be added.
type DossierTemplate struct {
	ID         int64                  `json:"id"`
	ProvinceID int64                  `json:"province_id"`
	Key        string                 `json:"key"` // "district-ntm-2021-2025"
	NameVi     string                 `json:"name_vi"`
	NameEn     string                 `json:"name_en"`
	Tier       Tier                   `json:"tier"`
	PeriodFrom int                    `json:"period_from"`
	PeriodTo   int                    `json:"period_to"`
	Basis      DossierProvenance      `json:"basis"`  // the procedure's legal basis as a whole
	Source     string                 `json:"source"` // the shipped file it was loaded from
	Steps      []DossierStep          `json:"steps"`
	Items      []*DossierTemplateItem `json:"items"` // in step order, then position; removed ones too
	Version    int                    `json:"version"`
	CreatedAt  time.Time              `json:"created_at"`
	UpdatedAt  time.Time              `json:"updated_at"`
}

// Covers reports whether the template is the one of a target on set in
// year: the set's tier, a year of the template's period.
func (t *DossierTemplate) Covers(set *CriteriaSet, year int) bool {
	return set != nil && set.Tier == t.Tier && year >= t.PeriodFrom && year <= t.PeriodTo
}

// Step returns the step of the code, or nil.
func (t *DossierTemplate) Step(code string) *DossierStep {
	for i := range t.Steps {
		if t.Steps[i].Code == code {
			return &t.Steps[i]
		}
	}
	return nil
}

// Item returns the item of the code, removed or not, or nil.
func (t *DossierTemplate) Item(code string) *DossierTemplateItem {
	for _, it := range t.Items {
		if it.Code == code {
			return it
		}
	}
	return nil
}

// Active lists the items that are not removed, in step order and then by
// position.
func (t *DossierTemplate) Active() []*DossierTemplateItem {
	var out []*DossierTemplateItem
	for _, st := range t.Steps {
		var step []*DossierTemplateItem
		for _, it := range t.Items {
			if it.Step == st.Code && !it.Removed {
				step = append(step, it)
			}
		}
		slices.SortStableFunc(step, func(a, b *DossierTemplateItem) int { return a.Pos - b.Pos })
		out = append(out, step...)
	}
	return out
}

// Unverified counts the active items not checked against the official
// text.
func (t *DossierTemplate) Unverified() int {
	n := 0
	for _, it := range t.Active() {
		if !it.Provenance.Verified {
			n++
		}
	}
	return n
}

// DossierItemState is where a paper stands.
type DossierItemState string

const (
	DossierNotStarted DossierItemState = "not_started"
	DossierDrafting   DossierItemState = "drafting"
	DossierReady      DossierItemState = "ready"
	DossierSubmitted  DossierItemState = "submitted"
)

// DossierItemStates lists the states in their order.
var DossierItemStates = []DossierItemState{DossierNotStarted, DossierDrafting, DossierReady, DossierSubmitted}

// Valid reports whether s is a known state.
func (s DossierItemState) Valid() bool { return slices.Contains(DossierItemStates, s) }

// Done reports whether the paper counts as ready: ready or submitted.
func (s DossierItemState) Done() bool { return s == DossierReady || s == DossierSubmitted }

var dossierStateNames = map[DossierItemState][2]string{
	DossierNotStarted: {"Chưa làm", "Not started"},
	DossierDrafting:   {"Đang soạn", "Drafting"},
	DossierReady:      {"Đã xong", "Ready"},
	DossierSubmitted:  {"Đã gửi", "Submitted"},
}

// LabelVi names the state.
func (s DossierItemState) LabelVi() string { return nameOr(dossierStateNames[s][0], string(s)) }

// LabelEn names the state in English.
func (s DossierItemState) LabelEn() string { return nameOr(dossierStateNames[s][1], string(s)) }

// Dossier is the recognition dossier of one target.
type Dossier struct {
	ID         int64     `json:"id"`
	TargetID   int64     `json:"target_id"`
	ProvinceID int64     `json:"province_id"`
	UnitID     int64     `json:"unit_id"` // the target's unit: the district
	TemplateID int64     `json:"template_id"`
	CreatedBy  int64     `json:"created_by,omitempty"` // a user
	CreatedAt  time.Time `json:"created_at"`
}

// DossierItem is one paper of a dossier: one per item of its template,
// with an ID that stays (approval items and other records may name it).
type DossierItem struct {
	ID             int64            `json:"id"`
	DossierID      int64            `json:"dossier_id"`
	TemplateItemID int64            `json:"template_item_id"`
	ResponsibleID  int64            `json:"responsible_id,omitempty"` // the agency preparing it; 0: nobody yet
	Due            Date             `json:"due,omitzero"`
	State          DossierItemState `json:"state"` // of an uploaded paper or posting; generated ones follow the data
	Notes          string           `json:"notes,omitempty"`
	PostedOn       Date             `json:"posted_on,omitzero"` // of a posting
	Files          []DossierFile    `json:"files"`              // every version, the first first
	UpdatedBy      int64            `json:"updated_by,omitempty"`
	UpdatedAt      time.Time        `json:"updated_at"`
	Version        int              `json:"version"` // see Versioned
}

// DossierFile is one version of a paper's file.
type DossierFile struct {
	Version    int       `json:"version"` // 1, 2 …: each upload the next
	Attachment string    `json:"attachment"`
	Name       string    `json:"name"` // the attachment's name, as read
	UploadedBy int64     `json:"uploaded_by,omitempty"`
	UploadedAt time.Time `json:"uploaded_at"`
}

// Current is the latest version of the paper's file, nil when none.
func (it *DossierItem) Current() *DossierFile {
	if len(it.Files) == 0 {
		return nil
	}
	return &it.Files[len(it.Files)-1]
}

// File returns version v of the paper's file, nil when there is none.
func (it *DossierItem) File(v int) *DossierFile {
	for i := range it.Files {
		if it.Files[i].Version == v {
			return &it.Files[i]
		}
	}
	return nil
}

// PostingDeadline is the last day of a public posting posted on `on` that
// runs days days: comments are taken until on + days.
func PostingDeadline(on Date, days int) Date { return on.AddDays(days) }

// DaysBetween is the number of days from a to b (negative when b is
// before a).
func DaysBetween(a, b Date) int {
	return int(math.Round(b.Time(time.UTC).Sub(a.Time(time.UTC)).Hours() / 24))
}

// Readiness is how far a dossier, or a step of it, has come: the required
// papers ready or submitted, of the required papers.
type Readiness struct {
	Ready    int `json:"ready"`
	Required int `json:"required"`
}

// Count adds a paper: only required ones count.
func (r *Readiness) Count(required, done bool) {
	if !required {
		return
	}
	r.Required++
	if done {
		r.Ready++
	}
}

// Percent is Ready of Required in whole percent; ok is false when nothing
// is required.
func (r Readiness) Percent() (pct int, ok bool) {
	if r.Required == 0 {
		return 0, false
	}
	return int(math.Round(100 * float64(r.Ready) / float64(r.Required))), true
}

// DossierFilter selects dossiers. Zero fields do not filter.
type DossierFilter struct {
	IDs        []int64
	TargetIDs  []int64
	TemplateID int64
	ProvinceID int64
}

// DossierService stores dossier templates, dossiers and their items.
type DossierService interface {
	// CreateDossierTemplate stores t with its steps and items: IDs,
	// Version 1 everywhere. ECONFLICT when the province has a template of
	// the key already.
	CreateDossierTemplate(ctx context.Context, t *DossierTemplate) error
	// DossierTemplate returns a template with its steps and every item.
	DossierTemplate(ctx context.Context, id int64) (*DossierTemplate, error)
	// DossierTemplates returns the province's templates, by key.
	DossierTemplates(ctx context.Context, provinceID int64) ([]*DossierTemplate, error)
	// AddDossierTemplateItem stores a new item last of its template (ID,
	// Pos, Version 1) and counts one more version of the template.
	AddDossierTemplateItem(ctx context.Context, it *DossierTemplateItem) error
	// UpdateDossierTemplateItem stores an item's title, requirement,
	// posting days, party, provenance and removal as of it.Version
	// (ECONFLICT when stale), and counts one more version of the template.
	UpdateDossierTemplateItem(ctx context.Context, it *DossierTemplateItem) error

	// CreateDossier stores d with its items. ECONFLICT when the target has
	// a dossier already.
	CreateDossier(ctx context.Context, d *Dossier, items []*DossierItem) error
	Dossier(ctx context.Context, id int64) (*Dossier, error)
	Dossiers(ctx context.Context, f DossierFilter) ([]*Dossier, error)
	// AddDossierItems stores items of a dossier made after it (an item added
	// to its template).
	AddDossierItems(ctx context.Context, dossierID int64, items []*DossierItem) error
	// DossierItems returns a dossier's items with their files, by template
	// item.
	DossierItems(ctx context.Context, dossierID int64) ([]*DossierItem, error)
	DossierItem(ctx context.Context, id int64) (*DossierItem, error)
	// UpdateDossierItem stores an item's responsible agency, due date,
	// state, notes and posting date as of it.Version: ECONFLICT when stale,
	// ENOTFOUND when gone.
	UpdateDossierItem(ctx context.Context, it *DossierItem) error
	// AddDossierFile stores a new version of an item's file: f.Version is
	// set to the next one.
	AddDossierFile(ctx context.Context, itemID int64, f *DossierFile) error
}
