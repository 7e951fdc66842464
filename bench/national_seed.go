package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	datchuan "github.com/datchuan/datchuan"
)

// NationalSummary counts what SeedNational wrote.
type NationalSummary struct {
	Provinces int `json:"provinces"`
	Agencies  int `json:"agencies"`
	Leads     int `json:"leads"`
	Targets   int `json:"targets"`
}

// agencyRow is an agency every province has. Name may hold %s: the
// province, as "tỉnh Trà Vinh" or "thành phố Hà Nội".
type agencyRow struct {
	code, name, short string
	kind              datchuan.AgencyKind
	parent            string
}

// provinceAgencies are the steering committee, the coordination office
// and the departments of every province, as the demo has them for Trà
// Vinh (demo/travinh.yaml).
var provinceAgencies = []agencyRow{
	{"BCD", "Ban Chỉ đạo các chương trình mục tiêu quốc gia %s", "BCĐ tỉnh", datchuan.AgencySteering, ""},
	{"UBND", "Ủy ban nhân dân %s", "UBND tỉnh", datchuan.AgencyPeoplesCommittee, ""},
	{"SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", datchuan.AgencyDepartment, ""},
	{"VPDP", "Văn phòng Điều phối nông thôn mới %s", "VPĐP NTM tỉnh", datchuan.AgencyCoordination, "SNNPTNT"},
	{"SXD", "Sở Xây dựng", "Sở XD", datchuan.AgencyDepartment, ""},
	{"SGTVT", "Sở Giao thông vận tải", "Sở GTVT", datchuan.AgencyDepartment, ""},
	{"SCT", "Sở Công Thương", "Sở CT", datchuan.AgencyDepartment, ""},
	{"SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", datchuan.AgencyDepartment, ""},
	{"SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", datchuan.AgencyDepartment, ""},
	{"STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT", datchuan.AgencyDepartment, ""},
	{"SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", datchuan.AgencyDepartment, ""},
	{"CTK", "Cục Thống kê %s", "Cục Thống kê", datchuan.AgencyDepartment, ""},
	{"SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "Sở LĐTB&XH", datchuan.AgencyDepartment, ""},
	{"SYT", "Sở Y tế", "Sở Y tế", datchuan.AgencyDepartment, ""},
	{"BHXH", "Bảo hiểm xã hội %s", "BHXH tỉnh", datchuan.AgencyDepartment, ""},
	{"STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", datchuan.AgencyDepartment, ""},
	{"SNV", "Sở Nội vụ", "Sở Nội vụ", datchuan.AgencyDepartment, ""},
	{"STP", "Sở Tư pháp", "Sở Tư pháp", datchuan.AgencyDepartment, ""},
	{"STC", "Sở Tài chính", "Sở Tài chính", datchuan.AgencyDepartment, ""},
	{"BCHQS", "Bộ Chỉ huy Quân sự %s", "BCHQS tỉnh", datchuan.AgencyDepartment, ""},
	{"CA", "Công an %s", "Công an tỉnh", datchuan.AgencyDepartment, ""},
	{"VPUBND", "Văn phòng Ủy ban nhân dân %s", "VP UBND tỉnh", datchuan.AgencyDepartment, ""},
}

// leads are the lead (first) and supporting departments of each criterion
// of the national sets, by set and criterion code, after the demo's
// sector split; a criterion missing here is led by the department of
// agriculture, so that every criterion has a lead.
var leads = map[string]map[string][]string{
	CommuneSetID: {
		"1": {"SXD"}, "2": {"SGTVT"}, "3": {"SNNPTNT"}, "4": {"SCT"}, "5": {"SGDDT"}, "6": {"SVHTTDL"}, "7": {"SCT"},
		"8": {"STTTT"}, "9": {"SXD"}, "10": {"CTK", "SKHDT"}, "11": {"SLDTBXH"}, "12": {"SLDTBXH"}, "13": {"SNNPTNT"},
		"14": {"SGDDT", "SLDTBXH"}, "15": {"SYT", "BHXH"}, "16": {"SVHTTDL"}, "17": {"STNMT", "SNNPTNT", "SYT", "SCT", "SXD"},
		"18": {"SNV", "STP"}, "19": {"BCHQS", "CA"},
	},
	DistrictSetID: {
		"1": {"SXD"}, "2": {"SGTVT"}, "3": {"SNNPTNT"}, "4": {"SCT"}, "5": {"SYT", "SVHTTDL", "SGDDT", "BHXH"},
		"6": {"SNNPTNT", "SCT", "SKHDT"}, "7": {"STNMT"}, "8": {"SNNPTNT", "STNMT", "SXD"}, "9": {"SNV", "CA", "VPUBND"},
	},
	UrbanSetID: {"1": {"SXD", "SVHTTDL"}},
}

// TargetNote is the note of every target of the national data set.
const TargetNote = "Dữ liệu tổng hợp toàn quốc (giả lập, không phải mục tiêu chính thức)"

// SeedNational writes through the stores, for each province: its
// agencies (provinceAgencies, codes "<province>-<code>"), the lead and
// supporting departments of every criterion of the sets, and a target for
// year of every district (district set), xã (commune set) and thị trấn
// (civilised-urban set). Run it in one transaction.
func SeedNational(ctx context.Context, s datchuan.Stores, sets NationalSets, provinces []*Province, year int) (NationalSummary, error) {
	var sum NationalSummary
	created := time.Date(year, time.January, 2, 8, 0, 0, 0, datchuan.Vietnam())
	for _, p := range provinces {
		agencies, err := seedAgencies(ctx, s.Agencies, p.Unit)
		if err != nil {
			return sum, err
		}
		sum.Agencies += len(agencies)
		n, err := seedLeads(ctx, s.Agencies, sets, p.Unit, agencies)
		if err != nil {
			return sum, err
		}
		sum.Leads += n
		for _, g := range []struct {
			set   *datchuan.CriteriaSet
			units []*datchuan.Unit
		}{{sets.District, p.Districts}, {sets.Commune, p.Communes}, {sets.Urban, p.Towns}} {
			for _, u := range g.units {
				t := &datchuan.Target{UnitID: u.ID, SetID: g.set.ID, Year: year, Note: TargetNote, CreatedAt: created}
				if err := s.Targets.CreateTarget(ctx, t); err != nil {
					return sum, fmt.Errorf("national target %s %s: %w", u.Code, g.set.ID, err)
				}
				sum.Targets++
			}
		}
		sum.Provinces++
	}
	return sum, nil
}

// seedAgencies creates the agencies of province p, by their short code.
func seedAgencies(ctx context.Context, as datchuan.AgencyService, p *datchuan.Unit) (map[string]*datchuan.Agency, error) {
	of := lowerFirst(p.Name) // "tỉnh Trà Vinh"
	out := map[string]*datchuan.Agency{}
	for _, r := range provinceAgencies {
		name := r.name
		if strings.Contains(name, "%s") {
			name = fmt.Sprintf(name, of)
		}
		a := &datchuan.Agency{Code: p.Code + "-" + r.code, Name: name, ShortName: r.short, Kind: r.kind, UnitID: p.ID}
		if r.parent != "" {
			a.ParentID = out[r.parent].ID
		}
		if err := as.CreateAgency(ctx, a); err != nil {
			return nil, fmt.Errorf("national agency %s: %w", a.Code, err)
		}
		out[r.code] = a
	}
	return out, nil
}

// seedLeads sets the lead and supporting departments of every criterion
// of the sets in province p.
func seedLeads(ctx context.Context, as datchuan.AgencyService, sets NationalSets, p *datchuan.Unit, agencies map[string]*datchuan.Agency) (int, error) {
	n := 0
	for _, set := range sets.all() {
		for _, c := range set.Criteria {
			codes := leads[set.ID][c.Code]
			if len(codes) == 0 {
				codes = []string{"SNNPTNT"}
			}
			for i, code := range codes {
				l := &datchuan.Lead{ProvinceID: p.ID, SetID: set.ID, CriterionCode: c.Code, AgencyID: agencies[code].ID, Supporting: i > 0}
				if err := as.SetLead(ctx, l); err != nil {
					return n, fmt.Errorf("national lead %s %s %s: %w", p.Code, set.ID, c.Code, err)
				}
				n++
			}
		}
	}
	return n, nil
}

// lowerFirst writes a unit's name as it follows another word: "Tỉnh Trà
// Vinh" → "tỉnh Trà Vinh".
func lowerFirst(name string) string {
	for _, t := range []string{"Tỉnh ", "Thành phố "} {
		if strings.HasPrefix(name, t) {
			return strings.ToLower(t) + name[len(t):]
		}
	}
	return name
}
