package web

import (
	"cmp"
	"net/http"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

// districtView is a district's page: its target, its own criteria and
// conditions, and the matrix of its communes by criterion.
type districtView struct {
	base
	D         *rollup.DistrictStatus
	Q         string         // "?on=…" when the user asked for a date
	Province  *datchuan.Unit // nil unless the viewer reads the province
	SetNameEn string         // the district set's English name
	// CommuneSet is the commune NTM set whose criteria are the matrix columns.
	CommuneSet *datchuan.CriteriaSet
	Columns    []matrixColumn
	Rows       []matrixRow
	Own        []criterionRow // the district's own criteria
	Conditions []conditionRow
	// Trend is the weekly trend of a target district, up to the day shown.
	Trend *trendView
	// Meetings is the page of the district committee's meetings, when the
	// viewer reads them.
	Meetings string
}

type matrixColumn struct{ Code, NameVi, NameEn string }

// matrixRow is one commune-level unit of the matrix: a xã shows one cell per
// criterion of the NTM set, a thị trấn its civilised-urban result.
type matrixRow struct {
	Unit     *datchuan.Unit
	NTM      *status.UnitResult
	Advanced *status.UnitResult
	Urban    *status.UnitResult
	Cells    []matrixCell
	AtRisk   string // the revocation reason, when a recognised commune would be at risk
}

type matrixCell struct {
	Code   string
	Status status.Status
}

type conditionRow struct {
	status.ConditionResult
	TextEn string
}

// districtStatus measures the district of the path, on ?on= (else the
// latest), for a viewer who reads it: the page and the API alike. It
// returns the date asked.
func (s *Server) districtStatus(r *http.Request) (*rollup.DistrictStatus, datchuan.Date, error) {
	asked, err := dateParam(r)
	if err != nil {
		return nil, asked, err
	}
	u, on, _, err := s.unitAt(r, datchuan.LevelDistrict, r.PathValue("code"), asked)
	if err != nil {
		return nil, asked, err
	}
	d, err := s.rollupOf(r).District(r.Context(), u.Code, on)
	return d, asked, err
}

func (s *Server) districtPage(w http.ResponseWriter, r *http.Request) error {
	page, err := s.districtOf(r)
	if err != nil {
		return err
	}
	s.pages.render(w, http.StatusOK, "district", page)
	return nil
}

// districtOf is the district page of the request, for the page and its
// exports alike.
func (s *Server) districtOf(r *http.Request) (districtView, error) {
	ctx := r.Context()
	d, asked, err := s.districtStatus(r)
	if err != nil {
		return districtView{}, err
	}
	on := d.On
	page := districtView{base: s.pageBase(r, d.Unit.Name, d.Unit.Name), D: d, Q: onQuery(asked)}
	if page.Province, err = s.svc.ReadableParent(ctx, viewerOf(r).caller, d.Unit, on); err != nil {
		return districtView{}, err
	}
	if d.Set != nil && d.Result != nil {
		set, err := s.svc.Sets().Set(d.Set.ID)
		if err != nil {
			return districtView{}, err
		}
		page.SetNameEn = cmp.Or(set.NameEn, set.NameVi)
		page.Own, page.Conditions = criterionRows(set, &d.Result.Unit), conditionRows(set, d.Result.Conditions)
	}
	if d.Target != nil {
		t, err := s.svc.TrendUntil(ctx, viewerOf(r).caller, d.Unit, on)
		if err != nil {
			return districtView{}, err
		}
		tv := newTrendView(t)
		page.Trend = &tv
	}
	page.CommuneSet = s.communeSet(d.Communes, on.Year)
	page.Columns, page.Rows = matrix(page.CommuneSet, d.Communes)
	page.Meetings = s.meetingsLink(r, d.Unit)
	return page, nil
}

// conditionRows adds the English text of each condition from its set.
func conditionRows(set *datchuan.CriteriaSet, conds []status.ConditionResult) []conditionRow {
	out := make([]conditionRow, 0, len(conds))
	for _, c := range conds {
		cr := conditionRow{ConditionResult: c, TextEn: c.TextVi}
		for _, sc := range set.Conditions {
			if sc.Code == c.Code && sc.TextEn != "" {
				cr.TextEn = sc.TextEn
			}
		}
		out = append(out, cr)
	}
	return out
}

// communeSet is the commune NTM set the district's communes were measured
// on; with none measured, the one in force for the year, so that the
// matrix still has its columns.
func (s *Server) communeSet(rows []rollup.CommuneRow, year int) *datchuan.CriteriaSet {
	for _, row := range rows {
		if res, ok := row.Results[datchuan.TierCommuneNTM]; ok {
			if set, err := s.svc.Sets().Set(res.SetID); err == nil {
				return set
			}
		}
	}
	return s.svc.CommuneSet(year)
}

// matrix builds the communes × criteria table, rows in Vietnamese order.
func matrix(set *datchuan.CriteriaSet, rows []rollup.CommuneRow) ([]matrixColumn, []matrixRow) {
	var cols []matrixColumn
	if set != nil {
		for _, c := range set.Criteria {
			cols = append(cols, matrixColumn{Code: c.Code, NameVi: c.NameVi, NameEn: c.NameEn})
		}
	}
	out := make([]matrixRow, 0, len(rows))
	for _, row := range rows {
		mr := matrixRow{Unit: row.Unit}
		if res, ok := row.Results[datchuan.TierCommuneNTM]; ok {
			mr.NTM = &res
			mr.AtRisk = res.Revocation.Reason
			byCode := make(map[string]status.Status, len(res.Criteria))
			for _, c := range res.Criteria {
				byCode[c.Code] = c.Status
			}
			for _, col := range cols {
				st, ok := byCode[col.Code]
				if !ok {
					st = status.NoData
				}
				mr.Cells = append(mr.Cells, matrixCell{Code: col.Code, Status: st})
			}
		}
		if res, ok := row.Results[datchuan.TierCommuneAdvanced]; ok {
			mr.Advanced = &res
		}
		if res, ok := row.Results[datchuan.TierCivilisedUrban]; ok {
			mr.Urban = &res
		}
		out = append(out, mr)
	}
	datchuan.SortByName(out, func(m matrixRow) string { return m.Unit.Name })
	return cols, out
}
