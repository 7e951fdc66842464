package datchuan

import "context"

// AgencyKind is the role an agency plays in the programme (DOMAIN.md §2).
type AgencyKind string

const (
	AgencySteering          AgencyKind = "steering_committee"  // Ban Chỉ đạo tỉnh
	AgencyCoordination      AgencyKind = "coordination_office" // Văn phòng Điều phối NTM tỉnh
	AgencyDepartment        AgencyKind = "department"          // Sở, ban, ngành tỉnh
	AgencyPeoplesCommittee  AgencyKind = "peoples_committee"   // UBND tỉnh, huyện, xã
	AgencyDistrictCommittee AgencyKind = "district_committee"  // Ban Chỉ đạo huyện
	AgencyCommuneCommittee  AgencyKind = "commune_committee"   // Ban Chỉ đạo xã, thị trấn
)

// Valid reports whether k is a known kind.
func (k AgencyKind) Valid() bool {
	switch k {
	case AgencySteering, AgencyCoordination, AgencyDepartment, AgencyPeoplesCommittee,
		AgencyDistrictCommittee, AgencyCommuneCommittee:
		return true
	}
	return false
}

// agencyKindNames name each agency kind for people, in Vietnamese and
// English, the words a civil servant uses.
var agencyKindNames = map[AgencyKind][2]string{
	AgencySteering:          {"Ban Chỉ đạo", "Steering committee"},
	AgencyCoordination:      {"Văn phòng Điều phối nông thôn mới", "NTM coordination office"},
	AgencyDepartment:        {"Sở, ban, ngành", "Department"},
	AgencyPeoplesCommittee:  {"Ủy ban nhân dân", "People's Committee"},
	AgencyDistrictCommittee: {"Ban Chỉ đạo huyện", "District steering committee"},
	AgencyCommuneCommittee:  {"Ban Chỉ đạo xã", "Commune steering committee"},
}

// LabelVi names the kind for people.
func (k AgencyKind) LabelVi() string { return nameOr(agencyKindNames[k][0], string(k)) }

// LabelEn names the kind in English.
func (k AgencyKind) LabelEn() string { return nameOr(agencyKindNames[k][1], string(k)) }

// Agency is a body that owns work: a committee, an office, a department. It
// is attached to the unit whose affairs it runs (a department to its province,
// a commune committee to its commune).
type Agency struct {
	ID        int64      `json:"id"`
	Code      string     `json:"code"` // stable, unique: "84-SNNPTNT"
	Name      string     `json:"name"` // "Sở Nông nghiệp và Phát triển nông thôn"
	ShortName string     `json:"short_name"`
	Kind      AgencyKind `json:"kind"`
	UnitID    int64      `json:"unit_id"`
	ParentID  int64      `json:"parent_id,omitempty"` // e.g. the coordination office under its department
	ValidFrom Date       `json:"valid_from"`
	ValidTo   Date       `json:"valid_to"`
}

// Person is someone who works in the programme.
type Person struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Title string `json:"title"` // "Phó Giám đốc Sở"
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// Membership places a person in an agency with a role.
type Membership struct {
	ID       int64   `json:"id"`
	PersonID int64   `json:"person_id"`
	AgencyID int64   `json:"agency_id"`
	Role     string  `json:"role"` // "Trưởng ban", "Thành viên", "Chuyên viên"
	From     Date    `json:"from"`
	To       Date    `json:"to"`
	Person   *Person `json:"person,omitempty"` // filled by queries that join it
}

// Lead records which agency leads (or supports) a criterion, or one of its
// indicators, of a set within a province: the standing division of labour
// that plans refine per unit and deadline.
type Lead struct {
	ID            int64  `json:"id"`
	ProvinceID    int64  `json:"province_id"`
	SetID         string `json:"set_id"`
	CriterionCode string `json:"criterion_code"`
	IndicatorCode string `json:"indicator_code,omitempty"` // "" for the whole criterion
	AgencyID      int64  `json:"agency_id"`
	Supporting    bool   `json:"supporting"` // false: the lead ("chịu trách nhiệm chính")
}

// AgencyFilter selects agencies. Zero fields do not filter.
type AgencyFilter struct {
	IDs    []int64
	Code   string
	Kind   AgencyKind
	UnitID int64
}

// AgencyService stores agencies, people, memberships and leads.
type AgencyService interface {
	CreateAgency(ctx context.Context, a *Agency) error // sets a.ID; ECONFLICT for a duplicate code
	Agency(ctx context.Context, id int64) (*Agency, error)
	FindAgencies(ctx context.Context, f AgencyFilter) ([]*Agency, error)
	CreatePerson(ctx context.Context, p *Person) error
	Person(ctx context.Context, id int64) (*Person, error)
	AddMember(ctx context.Context, m *Membership) error
	Members(ctx context.Context, agencyID int64) ([]*Membership, error) // with Person filled
	SetLead(ctx context.Context, l *Lead) error
	Leads(ctx context.Context, provinceID int64, setID string) ([]*Lead, error) // setID "": every set
}
