package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/web/chart"
)

// The national page of the central coordination office: one row per
// province with its communes and districts meeting the standard and the
// criteria most often unmet, each province leading to its own page (then
// its districts and units), on a day asked with ?on=.

func (s *Server) nationalRoutes() {
	s.private("GET /toan-quoc", s.nationalPage)
	s.private("GET /api/national/status", s.apiNational)
}

// nationalView is the national page.
type nationalView struct {
	base
	N      *service.NationalStatus
	Rows   []nationalRow
	Total  nationalRow
	ByName bool   // ordered by name (Vietnamese collation), else by code
	OnQ    string // "?on=dd/mm/yyyy" when a day was asked, for the links
	Past   bool   // the page shows a day before today
	L      nationalLabels
}

// nationalLabels are the words every row repeats (a phone labels each
// cell), in the page's language: picked once, not once per row.
type nationalLabels struct {
	Code, Communes, Districts, Unmet, Units string
}

func labelsOf(b base) nationalLabels {
	return nationalLabels{Code: b.T("Mã", "Code"), Communes: b.T("Xã đạt chuẩn NTM", "Communes meeting NTM"),
		Districts: b.T("Huyện đạt chuẩn NTM", "Districts meeting NTM"),
		Unmet:     b.T("Tiêu chí chưa đạt nhiều nhất (số xã)", "Criteria most often unmet (communes)"),
		Units:     b.T("xã, phường, thị trấn", "communes, wards, towns")}
}

// nationalRow is a province (or the country) with its bars drawn and its
// counts written as people read them (10.542).
type nationalRow struct {
	service.ProvinceSummary
	Communes, Districts template.HTML
	UnitsText           string
	Top                 []unmetLine
}

// unmetLine is one of the criteria most often unmet, written out.
type unmetLine struct{ Code, Name, Count string }

func newNationalRow(p service.ProvinceSummary) nationalRow {
	r := nationalRow{ProvinceSummary: p, UnitsText: grouped(p.Units),
		Communes:  chart.Progress{Value: p.CommunesMet, Total: p.Communes, Tone: toneOf(p.CommunesMet, p.Communes)}.SVG(),
		Districts: chart.Progress{Value: p.DistrictsMet, Total: p.Districts, Tone: toneOf(p.DistrictsMet, p.Districts)}.SVG(),
	}
	for _, u := range p.Unmet {
		r.Top = append(r.Top, unmetLine{Code: u.Code, Name: u.Name, Count: grouped(u.Count)})
	}
	return r
}

// grouped writes n with a dot between groups of three digits, the
// Vietnamese way: 10.542.
func grouped(n int) string {
	if n < 0 {
		return "-" + grouped(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// sortParam reads ?xep= (ten: by name); absent means by code.
func sortParam(r *http.Request) (byName bool, err error) {
	switch r.URL.Query().Get("xep") {
	case "", "ma":
		return false, nil
	case "ten":
		return true, nil
	}
	return false, datchuan.Errorf(datchuan.EINVALID, "xep chỉ nhận ma hoặc ten (xep takes ma or ten)")
}

func (s *Server) nationalPage(w http.ResponseWriter, r *http.Request) error {
	asked, err := dateParam(r)
	if err != nil {
		return err
	}
	byName, err := sortParam(r)
	if err != nil {
		return err
	}
	n, err := s.svc.National(r.Context(), viewerOf(r).caller, asked)
	if err != nil {
		return err
	}
	page := nationalView{base: s.pageBase(r, "Toàn quốc", "Whole country"), N: n, ByName: byName, OnQ: onQuery(asked),
		Total: newNationalRow(n.Total), Past: n.On.Before(s.today())}
	page.L = labelsOf(page.base)
	for _, p := range n.Provinces {
		page.Rows = append(page.Rows, newNationalRow(p))
	}
	if byName {
		datchuan.SortByName(page.Rows, func(p nationalRow) string { return p.Unit.ShortName() })
	}
	s.pages.render(w, http.StatusOK, "national", page)
	return nil
}

// apiNational is the national page as JSON: each province's counts and
// its three criteria most often unmet, by code.
func (s *Server) apiNational(w http.ResponseWriter, r *http.Request) error {
	asked, err := dateParam(r)
	if err != nil {
		return err
	}
	n, err := s.svc.National(r.Context(), viewerOf(r).caller, asked)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "synthetic": s.deps.Synthetic, "national": n})
}
