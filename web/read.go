package web

import (
	"cmp"
	"context"
	"errors"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

// This file holds the read-only pages: a district's matrix, a unit's
// indicators, what still blocks a target, and unit search; and the JSON of
// a unit's values and of a target's blockers. Every handler resolves the
// unit first and asks requireRead before it loads anything about it.

// readFuncs are the template helpers of the dashboards.
func readFuncs() template.FuncMap {
	return template.FuncMap{
		"statusEn":  statusEn,
		"stateVi":   stateVi,
		"stateEn":   stateEn,
		"tierVi":    tierVi,
		"tierEn":    tierEn,
		"when":      when,
		"unitURL":   unitURL,
		"tierShare": tierShare,
		"stateOf":   stateOf,
	}
}

// translator is a page: anything with the bilingual T of base.
type translator interface{ T(vi, en string) string }

// stateView hands a sub-template a value together with its page, so that
// the sub-template can speak the page's language.
type stateView struct {
	B translator
	V *datchuan.Value
}

func stateOf(b translator, v *datchuan.Value) stateView { return stateView{B: b, V: v} }

// statusEn is the English label of a status (LabelVi is the Vietnamese one).
func statusEn(s status.Status) string {
	switch s {
	case status.Met:
		return "Met"
	case status.NotMet:
		return "Not met"
	case status.Reported:
		return "Awaiting confirmation"
	case status.NoData:
		return "No data"
	case status.ThresholdMissing:
		return "No threshold"
	}
	return string(s)
}

func stateVi(s datchuan.ValueState) string {
	switch s {
	case datchuan.StateReported:
		return "Đã báo cáo, chờ xác nhận"
	case datchuan.StateConfirmed:
		return "Đã xác nhận"
	case datchuan.StateReturned:
		return "Bị trả lại"
	}
	return string(s)
}

func stateEn(s datchuan.ValueState) string {
	switch s {
	case datchuan.StateReported:
		return "Reported, awaiting confirmation"
	case datchuan.StateConfirmed:
		return "Confirmed"
	case datchuan.StateReturned:
		return "Returned"
	}
	return string(s)
}

func tierVi(t datchuan.Tier) string {
	switch t {
	case datchuan.TierCommuneNTM:
		return "Xã nông thôn mới"
	case datchuan.TierCommuneAdvanced:
		return "Xã nông thôn mới nâng cao"
	case datchuan.TierCommuneModel:
		return "Xã nông thôn mới kiểu mẫu"
	case datchuan.TierDistrictNTM:
		return "Huyện nông thôn mới"
	case datchuan.TierDistrictAdvanced:
		return "Huyện nông thôn mới nâng cao"
	case datchuan.TierTownCityCompletion:
		return "Hoàn thành nhiệm vụ xây dựng nông thôn mới"
	case datchuan.TierCivilisedUrban:
		return "Đô thị văn minh"
	case datchuan.TierProvinceCompletion:
		return "Tỉnh hoàn thành nhiệm vụ"
	case datchuan.TierCommuneModern:
		return "Xã nông thôn mới hiện đại"
	}
	return string(t)
}

func tierEn(t datchuan.Tier) string {
	switch t {
	case datchuan.TierCommuneNTM:
		return "NTM commune"
	case datchuan.TierCommuneAdvanced:
		return "Advanced NTM commune"
	case datchuan.TierCommuneModel:
		return "Model NTM commune"
	case datchuan.TierDistrictNTM:
		return "NTM district"
	case datchuan.TierDistrictAdvanced:
		return "Advanced NTM district"
	case datchuan.TierTownCityCompletion:
		return "Town/city completing NTM tasks"
	case datchuan.TierCivilisedUrban:
		return "Civilised urban area"
	case datchuan.TierProvinceCompletion:
		return "Province completing NTM tasks"
	case datchuan.TierCommuneModern:
		return "Modern NTM commune"
	}
	return string(t)
}

// when writes an instant as officers read it: 22/06/2022 14:05, Vietnam time.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(datchuan.Vietnam()).Format("02/01/2006 15:04")
}

// unitURL is the page of a unit by its level.
func unitURL(u *datchuan.Unit) string {
	switch u.Level {
	case datchuan.LevelProvince:
		return "/tinh/" + u.Code
	case datchuan.LevelDistrict:
		return "/huyen/" + u.Code
	}
	return "/don-vi/" + u.Code
}

// share counts the members of a table that meet a tier.
type share struct {
	Met, Total int
	Percent    float64
}

// tierShare counts, among the rows of the unit type a tier measures (xã for
// the commune tiers, thị trấn for the civilised urban one), those whose
// result for the tier meets it. A row without a result counts as not met,
// as in the district conditions.
func tierShare(rows []rollup.CommuneRow, tier string) share {
	t := datchuan.Tier(tier)
	want := status.TypeCommune
	if t == datchuan.TierCivilisedUrban {
		want = status.TypeTown
	}
	var sh share
	for _, row := range rows {
		if row.Unit == nil || row.Unit.Type != want {
			continue
		}
		sh.Total++
		if res, ok := row.Results[t]; ok && res.Meets {
			sh.Met++
		}
	}
	if sh.Total > 0 {
		sh.Percent = float64(sh.Met) * 100 / float64(sh.Total)
	}
	return sh
}

// pageBase is s.base with a title in both languages.
func (s *Server) pageBase(r *http.Request, vi, en string) base {
	b := s.base(r, vi)
	if b.En() {
		b.Title = en
	}
	return b
}

// onQuery keeps the date the user asked for in the page's links; without
// one, links follow the latest data.
func onQuery(asked datchuan.Date) string {
	if asked.IsZero() {
		return ""
	}
	return "?on=" + asked.VN()
}

// codeLevel guesses the level of a GSO code from its length (province 2
// digits, district 3, commune 5); ?level= overrides it.
func codeLevel(r *http.Request, code string) (datchuan.Level, error) {
	return levelParam(r, datchuan.LevelOfCode(code))
}

// viewDay is the date on which this version of u is looked at by default:
// today while it is in force, its last day once it has ended, its first day
// when it is yet to come (a demo's clock may stand in the past).
func (s *Server) viewDay(u *datchuan.Unit) datchuan.Date {
	on := s.today()
	switch {
	case !u.ValidTo.IsZero() && !on.Before(u.ValidTo):
		on = u.LastDay()
	case !u.ValidFrom.IsZero() && on.Before(u.ValidFrom):
		on = u.ValidFrom
	}
	return on
}

// vnSort orders units by name the Vietnamese way (Đ after D, tones after
// the bare letter), which is the order officers expect in any list.
func vnSort[T any](items []T, name func(T) string) {
	c := collate.New(language.Vietnamese)
	sort.SliceStable(items, func(i, j int) bool { return c.CompareString(name(items[i]), name(items[j])) < 0 })
}

// people looks up the names of persons for one page, each once.
type people struct {
	s     *Server
	ctx   context.Context
	names map[int64]string
}

func (s *Server) people(ctx context.Context) *people {
	return &people{s: s, ctx: ctx, names: map[int64]string{}}
}

// name returns the person's name; "" for 0 (imported data). A person who
// cannot be found shows as a number rather than failing the page.
func (p *people) name(id int64) string {
	if id == 0 {
		return ""
	}
	if n, ok := p.names[id]; ok {
		return n
	}
	n := "#" + strconv.FormatInt(id, 10)
	if per, err := p.s.deps.Agencies.Person(p.ctx, id); err == nil {
		n = per.Name
	} else if datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		p.s.deps.Log.Error("look up person", "id", id, "err", err)
	}
	p.names[id] = n
	return n
}

// ---- District page ----

type districtPage struct {
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

func (s *Server) districtPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	asked, err := dateParam(r)
	if err != nil {
		return err
	}
	u, on, err := s.rollup.Resolve(ctx, datchuan.LevelDistrict, r.PathValue("code"), asked)
	if err != nil {
		return err
	}
	if err := s.requireRead(r, u); err != nil {
		return err
	}
	d, err := s.rollup.District(ctx, u.Code, on)
	if err != nil {
		return err
	}
	page := districtPage{base: s.pageBase(r, d.Unit.Name, d.Unit.Name), D: d, Q: onQuery(asked)}
	if page.Province, err = s.readableParent(r, d.Unit, on); err != nil {
		return err
	}
	if d.Set != nil && d.Result != nil {
		set, err := s.deps.Sets.Set(d.Set.ID)
		if err != nil {
			return err
		}
		page.SetNameEn = cmp.Or(set.NameEn, set.NameVi)
		page.Own, page.Conditions = criterionRows(set, &d.Result.Unit), conditionRows(set, d.Result.Conditions)
	}
	page.CommuneSet = s.communeSet(d.Communes, on.Year)
	page.Columns, page.Rows = matrix(page.CommuneSet, d.Communes)
	s.pages.render(w, http.StatusOK, "district", page)
	return nil
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
			if set, err := s.deps.Sets.Set(res.SetID); err == nil {
				return set
			}
		}
	}
	var best *datchuan.CriteriaSet
	for _, set := range s.deps.Sets.Sets() {
		if set.Tier != datchuan.TierCommuneNTM || set.Level != datchuan.LevelCommune || year < set.PeriodFrom || year > set.PeriodTo {
			continue
		}
		if best == nil || (best.DerivedFrom == "" && set.DerivedFrom != "") {
			best = set
		}
	}
	return best
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
	vnSort(out, func(m matrixRow) string { return m.Unit.Name })
	return cols, out
}

// readableParent returns the unit above u (as it was on `on`) when the
// viewer may read it, else nil: pages link up only where the link works.
func (s *Server) readableParent(r *http.Request, u *datchuan.Unit, on datchuan.Date) (*datchuan.Unit, error) {
	if u.ParentCode == "" {
		return nil, nil
	}
	parents, err := s.deps.Units.FindUnits(r.Context(), datchuan.UnitFilter{Code: u.ParentCode, On: on})
	if err != nil {
		return nil, err
	}
	var parent *datchuan.Unit
	for _, p := range parents {
		if p.Level != datchuan.LevelCommune {
			parent = p
		}
	}
	if parent == nil {
		return nil, nil
	}
	switch err := s.requireRead(r, parent); {
	case err == nil:
		return parent, nil
	case errors.Is(err, errNoAccess):
		return nil, nil
	default:
		return nil, err
	}
}

// ---- Unit page ----

type unitPage struct {
	base
	Unit      *datchuan.Unit
	On        datchuan.Date
	Q         string
	Parent    *datchuan.Unit // nil unless the viewer reads it
	CanReport bool
	Returned  []returnedValue // values of the unit sent back, for the reporter to resubmit
	Sets      []unitSet
	TasksURL  string // the member tasks of a commune
}

// returnedValue is a value returned by its lead department.
type returnedValue struct {
	Value     *datchuan.Value
	NameVi    string
	NameEn    string
	Reviewer  string
	ReportURL string
}

// unitSet is the unit measured against one set (one target, or the set its
// type is measured on when it has no target).
type unitSet struct {
	Target      *datchuan.Target
	Set         *datchuan.CriteriaSet
	Year        int
	Result      *status.UnitResult
	Criteria    []criterionRow
	BlockersURL string
}

type criterionRow struct {
	Code, NameVi, NameEn string
	Status               status.Status
	Met, Total           int
	Indicators           []indicatorRow
	Guidance             []guidanceLink // documents of the lead departments for the criterion
}

type indicatorRow struct {
	Code, NameVi, NameEn string
	Status               status.Status
	WouldMeet            bool
	Value                *datchuan.Value
	ValueVi, ValueEn     string
	// The threshold for the unit's class and year.
	HasThreshold             bool // a Known threshold applies
	ThresholdVi, ThresholdEn string
	Verified                 bool   // checked against the official text
	Source                   string // where the threshold comes from
	Reporter                 string // "" for imported data
	Reviewer                 string
	Evidence                 []evidenceItem
	ReportURL                string // "" when the viewer may not report
	History                  []historyRow
}

type historyRow struct {
	Value            *datchuan.Value
	ValueVi, ValueEn string
	Reporter         string
	Reviewer         string
	Evidence         []evidenceItem
}

// evidenceItem is one entry of Value.Evidence: an uploaded file (Hash set,
// with its name) or a reference written as text.
type evidenceItem struct {
	Hash string
	Name string
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := r.PathValue("code")
	asked, err := dateParam(r)
	if err != nil {
		return err
	}
	level, err := codeLevel(r, code)
	if err != nil {
		return err
	}
	u, on, err := s.rollup.Resolve(ctx, level, code, asked)
	if err != nil {
		return err
	}
	if err := s.requireRead(r, u); err != nil {
		return err
	}
	statuses, err := s.rollup.Unit(ctx, level, code, on)
	if err != nil {
		return err
	}
	history, err := s.deps.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{u.ID}, History: true, At: datchuan.EndOfDay(on)})
	if err != nil {
		return err
	}
	files, err := s.fileNames(ctx, history)
	if err != nil {
		return err
	}
	page := unitPage{base: s.pageBase(r, u.Name, u.Name), Unit: u, On: on, Q: onQuery(asked), CanReport: s.canReport(r, u)}
	if page.Parent, err = s.readableParent(r, u, on); err != nil {
		return err
	}
	uv := unitView{s: s, unit: u, canReport: page.CanReport, people: s.people(ctx), files: files, history: history}
	if page.Sets, err = uv.sets(statuses); err != nil {
		return err
	}
	if err := s.addGuidance(ctx, viewerOf(r), u, page.Sets); err != nil {
		return err
	}
	if u.Level == datchuan.LevelCommune {
		page.TasksURL = "/don-vi/" + u.Code + "/nhiem-vu"
	}
	if page.CanReport {
		// What is sent back now, whatever date the page shows: it is work to do.
		current, err := s.deps.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{u.ID}})
		if err != nil {
			return err
		}
		page.Returned = uv.returned(current)
	}
	s.pages.render(w, http.StatusOK, "unit", page)
	return nil
}

// unitView lays out the values of one unit for its page.
type unitView struct {
	s         *Server
	unit      *datchuan.Unit
	canReport bool
	people    *people
	files     map[string]string // names of evidence files by hash
	history   []*datchuan.Value // every report of the unit, oldest first
}

// reportURL is the report form of an indicator, "" for a viewer who may
// not report.
func (uv *unitView) reportURL(setID, ind string) string {
	if !uv.canReport {
		return ""
	}
	return "/don-vi/" + uv.unit.Code + "/bao-cao/" + setID + "/" + ind
}

func (uv *unitView) sets(statuses []rollup.UnitStatus) ([]unitSet, error) {
	var out []unitSet
	for _, st := range statuses {
		if st.Set == nil || st.Result == nil {
			continue // no set applies to the unit on that date
		}
		set, err := uv.s.deps.Sets.Set(st.Set.ID)
		if err != nil {
			return nil, err
		}
		us := unitSet{Target: st.Target, Set: set, Year: st.Result.Year, Result: st.Result, Criteria: criterionRows(set, st.Result)}
		if st.Target != nil {
			us.BlockersURL = "/muc-tieu/" + strconv.FormatInt(st.Target.ID, 10)
		}
		for i := range us.Criteria {
			for j := range us.Criteria[i].Indicators {
				ir := &us.Criteria[i].Indicators[j]
				ir.ReportURL = uv.reportURL(set.ID, ir.Code)
				if v := ir.Value; v != nil {
					ir.Reporter, ir.Reviewer = uv.people.name(v.ReportedBy), uv.people.name(v.ReviewedBy)
					ir.Evidence = evidenceOf(v, uv.files)
				}
				ir.History = uv.historyOf(set, ir)
			}
		}
		out = append(out, us)
	}
	return out, nil
}

// returned lists the current values that the lead department sent back.
func (uv *unitView) returned(current []*datchuan.Value) []returnedValue {
	var out []returnedValue
	for _, v := range current {
		if v.State != datchuan.StateReturned {
			continue
		}
		rv := returnedValue{Value: v, NameVi: v.IndicatorCode, NameEn: v.IndicatorCode,
			Reviewer: uv.people.name(v.ReviewedBy), ReportURL: uv.reportURL(v.SetID, v.IndicatorCode)}
		if set, err := uv.s.deps.Sets.Set(v.SetID); err == nil {
			if ind, _ := set.Indicator(v.IndicatorCode); ind != nil {
				rv.NameVi, rv.NameEn = ind.NameVi, cmp.Or(ind.NameEn, ind.NameVi)
			}
		}
		out = append(out, rv)
	}
	return out
}

// historyOf lists the earlier reports of an indicator, newest first: every
// report of it in the set but the one the page already shows.
func (uv *unitView) historyOf(set *datchuan.CriteriaSet, ir *indicatorRow) []historyRow {
	def, _ := set.Indicator(ir.Code)
	var out []historyRow
	for i := len(uv.history) - 1; i >= 0; i-- {
		v := uv.history[i]
		if v.SetID != set.ID || v.IndicatorCode != ir.Code || (ir.Value != nil && v.ID == ir.Value.ID) {
			continue
		}
		h := historyRow{Value: v, Reporter: uv.people.name(v.ReportedBy), Reviewer: uv.people.name(v.ReviewedBy), Evidence: evidenceOf(v, uv.files)}
		h.ValueVi, h.ValueEn = measureText(def, v.Measure)
		out = append(out, h)
	}
	return out
}

// criterionRows lays out a unit result with the set's texts, for pages.
func criterionRows(set *datchuan.CriteriaSet, res *status.UnitResult) []criterionRow {
	out := make([]criterionRow, 0, len(res.Criteria))
	for _, c := range res.Criteria {
		cr := criterionRow{Code: c.Code, NameVi: c.NameVi, NameEn: c.NameVi, Status: c.Status, Met: c.Met, Total: c.Total}
		if sc := set.Criterion(c.Code); sc != nil {
			cr.NameEn = cmp.Or(sc.NameEn, sc.NameVi)
		}
		for _, ind := range c.Indicators {
			ir := indicatorRow{
				Code: ind.Code, NameVi: ind.NameVi, NameEn: ind.NameVi,
				Status: ind.Status, WouldMeet: ind.WouldMeet, Value: ind.Value,
				HasThreshold: ind.HasThreshold, Verified: ind.Threshold.Verified, Source: ind.Threshold.Source,
			}
			def, _ := set.Indicator(ind.Code)
			if def != nil {
				ir.NameEn = cmp.Or(def.NameEn, def.NameVi)
				if ind.HasThreshold {
					ir.ThresholdVi, ir.ThresholdEn = thresholdText(def, ind.Threshold.Value)
				}
			}
			if ind.Value != nil {
				ir.ValueVi, ir.ValueEn = measureText(def, ind.Value.Measure)
			}
			cr.Indicators = append(cr.Indicators, ir)
		}
		out = append(out, cr)
	}
	return out
}

// thresholdText writes a known threshold: "≥ 95%", "≥ 47 triệu đồng/người/năm",
// "Đạt", "Không".
func thresholdText(ind *datchuan.Indicator, bound float64) (vi, en string) {
	unit := ind.Unit
	if unit != "" && unit != "%" {
		unit = " " + unit
	}
	n := datchuan.FormatNumber(bound) + unit
	switch ind.Kind {
	case datchuan.KindPassFail:
		return "Đạt", "Met"
	case datchuan.KindNoneAllowed:
		return "Không có", "None"
	case datchuan.KindPercentMax:
		return "≤ " + n, "≤ " + n
	}
	return "≥ " + n, "≥ " + n
}

// measureText writes a value; a ratio also shows what it comes to (the
// percentage for percent kinds), since the threshold is on that.
func measureText(ind *datchuan.Indicator, m datchuan.Measure) (vi, en string) {
	vi = m.String()
	en = vi
	if m.Kind == datchuan.MeasureBool {
		none := ind != nil && ind.Kind == datchuan.KindNoneAllowed
		switch {
		case none && m.Bool:
			vi, en = "không có", "none"
		case none:
			vi, en = "có", "some"
		case m.Bool:
			en = "met"
		default:
			en = "not met"
		}
		return vi, en
	}
	if m.Kind == datchuan.MeasureRatio && ind != nil {
		if q, ok := m.Quantity(ind.Kind); ok {
			extra := " (" + datchuan.FormatNumber(q)
			if ind.Kind == datchuan.KindPercentMin || ind.Kind == datchuan.KindPercentMax {
				extra += "%"
			} else if ind.Unit != "" {
				extra += " " + ind.Unit
			}
			extra += ")"
			vi, en = vi+extra, en+extra
		}
	}
	return vi, en
}

// fileNames returns the names of the uploaded files that values cite, by hash.
func (s *Server) fileNames(ctx context.Context, values []*datchuan.Value) (map[string]string, error) {
	seen := map[string]bool{}
	var hashes []string
	for _, v := range values {
		for _, e := range v.Evidence {
			if isHash(e) && !seen[e] {
				seen[e] = true
				hashes = append(hashes, e)
			}
		}
	}
	names := map[string]string{}
	if len(hashes) == 0 || s.deps.Files == nil {
		return names, nil
	}
	infos, err := s.deps.Files.FileInfos(ctx, hashes)
	if err != nil {
		return nil, err
	}
	for h, f := range infos {
		names[h] = f.Name
	}
	return names, nil
}

// evidenceOf turns a value's evidence into items: a hash of a stored file
// becomes a link under its name; anything else stays text.
func evidenceOf(v *datchuan.Value, files map[string]string) []evidenceItem {
	out := make([]evidenceItem, 0, len(v.Evidence))
	for _, e := range v.Evidence {
		if name, ok := files[e]; ok {
			out = append(out, evidenceItem{Hash: e, Name: name})
			continue
		}
		out = append(out, evidenceItem{Name: e})
	}
	return out
}

// ---- Blockers of a target ----

// targetBlockers is what still blocks a target: the page and the JSON.
type targetBlockers struct {
	Target  *datchuan.Target `json:"target"`
	Unit    *datchuan.Unit   `json:"unit"`
	On      datchuan.Date    `json:"on"`
	SetID   string           `json:"set_id"`
	SetName string           `json:"set_name"`
	SetEn   string           `json:"-"`
	Meets   bool             `json:"meets"`
	// Evaluated is false when the target could not be measured on the date
	// (a district with another NTM target, a unit out of its set's period).
	Evaluated bool         `json:"evaluated"`
	Count     int          `json:"count"`
	Blockers  []blockerRow `json:"blockers"`
}

type blockerRow struct {
	Unit          *datchuan.Unit `json:"unit"`
	SetID         string         `json:"set_id,omitempty"`
	Tier          datchuan.Tier  `json:"tier"`
	CriterionCode string         `json:"criterion_code,omitempty"`
	CriterionVi   string         `json:"criterion_name,omitempty"`
	CriterionEn   string         `json:"-"`
	IndicatorCode string         `json:"indicator_code,omitempty"`
	IndicatorVi   string         `json:"indicator_name,omitempty"`
	IndicatorEn   string         `json:"-"`
	ConditionCode string         `json:"condition_code,omitempty"`
	ConditionVi   string         `json:"condition_text,omitempty"`
	ConditionEn   string         `json:"-"`
	// Progress of a share condition: "4/13 (30,77%)".
	Progress   string              `json:"progress,omitempty"`
	Status     status.Status       `json:"status"`
	State      datchuan.ValueState `json:"value_state,omitempty"` // "" when no value
	Value      *datchuan.Value     `json:"value,omitempty"`
	ValueVi    string              `json:"-"`
	ValueEn    string              `json:"-"`
	Lead       *agencyRef          `json:"lead,omitempty"`
	Supporting []agencyRef         `json:"supporting"`
	// Owner is who must lift the blocker: the lead of the unit's assignment
	// (an indicator's beats its criterion's), else the standing lead
	// (OwnerGeneral, "phân công chung"). Deadline is the assignment's.
	Owner         *agencyRef    `json:"owner,omitempty"`
	OwnerGeneral  bool          `json:"owner_general"`
	OwnerSupports []agencyRef   `json:"owner_supporting,omitempty"`
	AssignmentID  int64         `json:"assignment_id,omitempty"`
	Deadline      datchuan.Date `json:"deadline,omitzero"`
	Overdue       bool          `json:"overdue"`
}

// Who is the owner of a blocker for pages: the assignment's lead, else the
// standing lead.
func (b blockerRow) Who() *agencyRef {
	if b.Owner != nil {
		return b.Owner
	}
	return b.Lead
}

// Supports are the supporting agencies beside Who.
func (b blockerRow) Supports() []agencyRef {
	if b.AssignmentID != 0 {
		return b.OwnerSupports
	}
	return b.Supporting
}

type agencyRef struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	ShortName string `json:"short_name"`
	Name      string `json:"name"`
}

type blockersPage struct {
	base
	B      *targetBlockers
	Q      string
	Groups []blockerGroup
}

type blockerGroup struct {
	Unit *datchuan.Unit
	Rows []blockerRow
}

func (s *Server) blockersPage(w http.ResponseWriter, r *http.Request) error {
	b, asked, err := s.targetBlockers(r)
	if err != nil {
		return err
	}
	page := blockersPage{base: s.pageBase(r, "Việc còn lại: "+b.Unit.Name, "Remaining work: "+b.Unit.Name), B: b, Q: onQuery(asked)}
	for _, row := range b.Blockers {
		if n := len(page.Groups); n > 0 && page.Groups[n-1].Unit.ID == row.Unit.ID {
			page.Groups[n-1].Rows = append(page.Groups[n-1].Rows, row)
			continue
		}
		page.Groups = append(page.Groups, blockerGroup{Unit: row.Unit, Rows: []blockerRow{row}})
	}
	s.pages.render(w, http.StatusOK, "blockers", page)
	return nil
}

func (s *Server) apiBlockers(w http.ResponseWriter, r *http.Request) error {
	b, _, err := s.targetBlockers(r)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "blockers": b})
}

// targetBlockers loads the target of /…/{id}, checks that the viewer reads
// its unit, and lists its blockers with their lead departments, grouped by
// unit: the target's own unit first, then the others in Vietnamese order.
func (s *Server) targetBlockers(r *http.Request) (*targetBlockers, datchuan.Date, error) {
	ctx := r.Context()
	asked, err := dateParam(r)
	if err != nil {
		return nil, asked, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, asked, datchuan.Errorf(datchuan.ENOTFOUND, "Không có mục tiêu %q (no such target)", r.PathValue("id"))
	}
	t, err := s.deps.Targets.Target(ctx, id)
	if err != nil {
		return nil, asked, err
	}
	u, err := s.deps.Units.Unit(ctx, t.UnitID)
	if err != nil {
		return nil, asked, err
	}
	if err := s.requireRead(r, u); err != nil {
		return nil, asked, err
	}
	set, err := s.deps.Sets.Set(t.SetID)
	if err != nil {
		return nil, asked, err
	}
	on := asked
	if on.IsZero() {
		// The target's own unit version: a later unit may reuse its code.
		on = s.viewDay(u)
	}
	if !u.ValidOn(on) {
		return nil, asked, datchuan.Errorf(datchuan.EINVALID, "%s không tồn tại vào ngày %s (the unit did not exist on that date)", u.Name, on.VN())
	}
	out := &targetBlockers{Target: t, Unit: u, On: on, SetID: set.ID, SetName: set.NameVi, SetEn: cmp.Or(set.NameEn, set.NameVi)}
	var blockers []status.Blocker
	units := map[int64]*datchuan.Unit{u.ID: u}
	progress := map[string]string{} // of the district's share conditions
	if set.Tier == datchuan.TierDistrictNTM && u.Level == datchuan.LevelDistrict {
		d, err := s.rollup.District(ctx, u.Code, on)
		if err != nil {
			return nil, asked, err
		}
		if d.Result != nil && d.Target != nil && d.Target.ID == t.ID {
			blockers, out.Meets, out.Evaluated = d.Result.Blockers(), d.Result.Meets, true
			for _, c := range d.Communes {
				units[c.Unit.ID] = c.Unit
			}
			for _, c := range d.Result.Conditions {
				if c.Kind != datchuan.CondBoolean {
					progress[c.Code] = strconv.Itoa(c.Met) + "/" + strconv.Itoa(c.Total) + " (" + datchuan.FormatNumber(c.Percent) + "%)"
				}
			}
		}
	}
	if !out.Evaluated {
		// Any other target, or a district target the district rollup does
		// not take (another NTM district target): the unit's own criteria.
		sts, err := s.rollup.Unit(ctx, u.Level, u.Code, on)
		if err != nil {
			return nil, asked, err
		}
		for _, st := range sts {
			if st.Target != nil && st.Target.ID == t.ID && st.Result != nil {
				blockers, out.Meets, out.Evaluated = st.Result.Blockers(), st.Result.Meets, true
			}
		}
	}
	leads, err := s.leadBook(ctx, r, u, on)
	if err != nil {
		return nil, asked, err
	}
	for _, b := range blockers {
		row, err := s.blockerRow(ctx, b, units, set, leads)
		if err != nil {
			return nil, asked, err
		}
		if b.UnitID == u.ID {
			row.Progress = progress[b.ConditionCode]
		}
		out.Blockers = append(out.Blockers, row)
	}
	if err := s.addOwners(ctx, out.Blockers, leads); err != nil {
		return nil, asked, err
	}
	out.Count = len(out.Blockers)
	sortBlockers(out.Blockers, u.ID)
	if out.Blockers == nil {
		out.Blockers = []blockerRow{}
	}
	return out, asked, nil
}

// sortBlockers keeps the engine's order within a unit and puts the units
// in order: the target's own unit, then the others by Vietnamese name.
func sortBlockers(rows []blockerRow, first int64) {
	c := collate.New(language.Vietnamese)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Unit, rows[j].Unit
		if (a.ID == first) != (b.ID == first) {
			return a.ID == first
		}
		if a.ID == b.ID {
			return false
		}
		if k := c.CompareString(a.Name, b.Name); k != 0 {
			return k < 0
		}
		return a.ID < b.ID
	})
}

func (s *Server) blockerRow(ctx context.Context, b status.Blocker, units map[int64]*datchuan.Unit, target *datchuan.CriteriaSet, leads *leadBook) (blockerRow, error) {
	u := units[b.UnitID]
	if u == nil {
		var err error
		if u, err = s.deps.Units.Unit(ctx, b.UnitID); err != nil {
			return blockerRow{}, err
		}
		units[u.ID] = u
	}
	row := blockerRow{
		Unit: u, SetID: b.SetID, Tier: b.Tier, CriterionCode: b.CriterionCode, IndicatorCode: b.IndicatorCode,
		ConditionCode: b.ConditionCode, Status: b.Status, Value: b.Value, Supporting: []agencyRef{},
	}
	set := target
	if b.SetID != "" && b.SetID != target.ID {
		if s2, err := s.deps.Sets.Set(b.SetID); err == nil {
			set = s2
		}
	}
	if b.IndicatorCode != "" {
		if ind, c := set.Indicator(b.IndicatorCode); ind != nil {
			row.IndicatorVi, row.IndicatorEn = ind.NameVi, cmp.Or(ind.NameEn, ind.NameVi)
			row.CriterionVi, row.CriterionEn = c.NameVi, cmp.Or(c.NameEn, c.NameVi)
		}
	}
	if b.ConditionCode != "" {
		for _, c := range set.Conditions {
			if c.Code == b.ConditionCode {
				row.ConditionVi, row.ConditionEn = c.TextVi, cmp.Or(c.TextEn, c.TextVi)
			}
		}
	}
	if b.Value != nil {
		row.State = b.Value.State
		def, _ := set.Indicator(b.IndicatorCode)
		row.ValueVi, row.ValueEn = measureText(def, b.Value.Measure)
	}
	if b.SetID != "" && b.CriterionCode != "" {
		lead, sup, err := leads.of(b.SetID, b.CriterionCode, b.IndicatorCode)
		if err != nil {
			return row, err
		}
		row.Lead, row.Supporting = lead, sup
	}
	return row, nil
}

// leadBook answers "which department leads this indicator" for one
// province, loading each set's leads and the agencies once.
type leadBook struct {
	s          *Server
	ctx        context.Context
	provinceID int64
	bySet      map[string][]*datchuan.Lead
	agencies   map[int64]*datchuan.Agency
}

func (s *Server) leadBook(ctx context.Context, r *http.Request, u *datchuan.Unit, on datchuan.Date) (*leadBook, error) {
	lb := &leadBook{s: s, ctx: ctx, bySet: map[string][]*datchuan.Lead{}, agencies: map[int64]*datchuan.Agency{}}
	p, err := s.pathOf(ctx, viewerOf(r), u)
	if err != nil {
		return nil, err
	}
	prov, _, err := s.rollup.Resolve(ctx, datchuan.LevelProvince, p.Province, on)
	if err != nil {
		return nil, err
	}
	lb.provinceID = prov.ID
	return lb, nil
}

// of returns the lead and the supporting agencies of an indicator: a lead
// named for the indicator beats the one of its criterion, and so do the
// supporting agencies named for it.
func (lb *leadBook) of(setID, crit, ind string) (*agencyRef, []agencyRef, error) {
	leads, ok := lb.bySet[setID]
	if !ok {
		var err error
		if leads, err = lb.s.deps.Agencies.Leads(lb.ctx, lb.provinceID, setID); err != nil {
			return nil, nil, err
		}
		lb.bySet[setID] = leads
		var missing []int64
		for _, l := range leads {
			if _, ok := lb.agencies[l.AgencyID]; !ok {
				missing = append(missing, l.AgencyID)
				lb.agencies[l.AgencyID] = nil
			}
		}
		if len(missing) > 0 {
			as, err := lb.s.deps.Agencies.FindAgencies(lb.ctx, datchuan.AgencyFilter{IDs: missing})
			if err != nil {
				return nil, nil, err
			}
			for _, a := range as {
				lb.agencies[a.ID] = a
			}
		}
	}
	own := false // the indicator has rows of its own
	for _, l := range leads {
		if l.CriterionCode == crit && ind != "" && l.IndicatorCode == ind {
			own = true
		}
	}
	var lead *agencyRef
	var leadOwn bool
	sup := []agencyRef{}
	for _, l := range leads {
		if l.CriterionCode != crit || (l.IndicatorCode != "" && l.IndicatorCode != ind) {
			continue
		}
		isOwn := l.IndicatorCode != ""
		ref := lb.ref(l.AgencyID)
		switch {
		case !l.Supporting && (lead == nil || (isOwn && !leadOwn)):
			lead, leadOwn = &ref, isOwn
		case l.Supporting && isOwn == own:
			sup = append(sup, ref)
		}
	}
	if lead != nil {
		kept := sup[:0]
		for _, a := range sup {
			if a.ID != lead.ID {
				kept = append(kept, a)
			}
		}
		sup = kept
	}
	return lead, sup, nil
}

// addOwners gives each blocker of a criterion its owner and deadline: the
// unit's assignment for the indicator, else for the criterion, else the
// standing lead with no deadline.
func (s *Server) addOwners(ctx context.Context, rows []blockerRow, leads *leadBook) error {
	type key struct {
		unit           int64
		set, crit, ind string
	}
	bySet := map[string][]int64{}
	for _, row := range rows {
		if row.SetID != "" && row.CriterionCode != "" {
			bySet[row.SetID] = append(bySet[row.SetID], row.Unit.ID)
		}
	}
	found := map[key]*datchuan.Assignment{}
	if s.deps.Plans != nil {
		for setID, ids := range bySet {
			as, err := s.deps.Plans.Assignments(ctx, datchuan.AssignmentFilter{UnitIDs: ids, SetID: setID})
			if err != nil {
				return err
			}
			for _, a := range as {
				found[key{a.UnitID, a.SetID, a.CriterionCode, a.IndicatorCode}] = a
			}
		}
	}
	today := s.today()
	for i := range rows {
		row := &rows[i]
		if row.SetID == "" || row.CriterionCode == "" {
			continue
		}
		var a *datchuan.Assignment
		if row.IndicatorCode != "" {
			a = found[key{row.Unit.ID, row.SetID, row.CriterionCode, row.IndicatorCode}]
		}
		if a == nil {
			a = found[key{row.Unit.ID, row.SetID, row.CriterionCode, ""}]
		}
		if a == nil {
			row.Owner, row.OwnerGeneral, row.OwnerSupports = row.Lead, row.Lead != nil, row.Supporting
			continue
		}
		owner, err := leads.load(a.LeadID)
		if err != nil {
			return err
		}
		row.Owner, row.AssignmentID, row.Deadline, row.Overdue = &owner, a.ID, a.Deadline, a.Overdue(today)
		row.OwnerSupports = []agencyRef{}
		for _, id := range a.SupportIDs {
			sup, err := leads.load(id)
			if err != nil {
				return err
			}
			row.OwnerSupports = append(row.OwnerSupports, sup)
		}
	}
	return nil
}

// load returns the reference of any agency, looking it up when the leads
// did not name it.
func (lb *leadBook) load(id int64) (agencyRef, error) {
	if _, ok := lb.agencies[id]; !ok {
		a, err := lb.s.deps.Agencies.Agency(lb.ctx, id)
		if err != nil && datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
			return agencyRef{}, err
		}
		lb.agencies[id] = a
	}
	return lb.ref(id), nil
}

func (lb *leadBook) ref(id int64) agencyRef {
	a := lb.agencies[id]
	if a == nil {
		return agencyRef{ID: id, ShortName: "#" + strconv.FormatInt(id, 10)}
	}
	short := a.ShortName
	if short == "" {
		short = a.Name
	}
	return agencyRef{ID: a.ID, Code: a.Code, ShortName: short, Name: a.Name}
}

// ---- Search ----

type searchPage struct {
	base
	Q        string
	Searched bool
	Results  []searchResult
	More     bool // more units matched than are shown
}

type searchResult struct {
	Unit   *datchuan.Unit
	URL    string
	Parent *datchuan.Unit
	Ended  bool // the unit no longer exists today
}

// searchLimit bounds the results of a search: a longer list is better
// narrowed by typing more of the name.
const searchLimit = 50

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page := searchPage{base: s.pageBase(r, "Tìm đơn vị", "Find a unit"), Q: q}
	if datchuan.Fold(q) != "" {
		page.Searched = true
		var err error
		if page.Results, page.More, err = s.search(r, q); err != nil {
			return err
		}
	}
	s.pages.render(w, http.StatusOK, "search", page)
	return nil
}

// search finds the units named like q, at any date, among those the viewer
// reads: one entry per level and code, the latest version the viewer reads
// (a code reused after a merger may name a unit of another province now).
// It asks only about the viewer's scopes (a province, its districts, their
// communes), so that a user of one province is not shown the first fifty
// matches of the country and then none of them.
func (s *Server) search(r *http.Request, q string) ([]searchResult, bool, error) {
	ctx := r.Context()
	memo := newUnitMemo(s.deps.Units)
	found := map[int64]*datchuan.Unit{}
	add := func(f datchuan.UnitFilter) error {
		f.Query = q
		us, err := s.deps.Units.FindUnits(ctx, f)
		if err != nil {
			return err
		}
		for _, u := range us {
			found[u.ID] = u
		}
		return nil
	}
	done := map[string]bool{}
	for _, p := range viewerOf(r).access.Scopes() {
		var parents []string
		switch {
		case p.Commune != "":
			if err := add(datchuan.UnitFilter{Code: p.Commune, Level: datchuan.LevelCommune}); err != nil {
				return nil, false, err
			}
			continue
		case p.District != "":
			if err := add(datchuan.UnitFilter{Code: p.District, Level: datchuan.LevelDistrict}); err != nil {
				return nil, false, err
			}
			parents = []string{p.District}
		default:
			if err := add(datchuan.UnitFilter{Code: p.Province, Level: datchuan.LevelProvince}); err != nil {
				return nil, false, err
			}
			districts, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{ParentCode: p.Province, Level: datchuan.LevelDistrict})
			if err != nil {
				return nil, false, err
			}
			parents = []string{p.Province}
			for _, d := range districts {
				parents = append(parents, d.Code)
			}
		}
		for _, code := range parents {
			if done[code] {
				continue
			}
			done[code] = true
			if err := add(datchuan.UnitFilter{ParentCode: code}); err != nil {
				return nil, false, err
			}
		}
	}
	latest := map[datchuan.UnitKey]*datchuan.Unit{}
	for _, u := range found {
		ok, err := s.readsVia(r, memo, u)
		if err != nil {
			return nil, false, err
		}
		if cur, seen := latest[u.Key()]; ok && (!seen || newer(u, cur)) {
			latest[u.Key()] = u
		}
	}
	var out []searchResult
	today := s.today()
	for _, u := range latest {
		res := searchResult{Unit: u, URL: unitURL(u), Ended: !u.ValidTo.IsZero() && !today.Before(u.ValidTo)}
		if !u.ValidTo.IsZero() || !u.ValidFrom.IsZero() {
			// Without a date a page shows the code's latest version, which
			// may be another unit (codes are reused after mergers).
			res.URL += "?on=" + s.viewDay(u).VN()
		}
		var err error
		if res.Parent, err = parentVia(ctx, memo, u); err != nil {
			return nil, false, err
		}
		out = append(out, res)
	}
	rank := map[datchuan.Level]int{datchuan.LevelProvince: 0, datchuan.LevelDistrict: 1, datchuan.LevelCommune: 2}
	c := collate.New(language.Vietnamese)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Unit, out[j].Unit
		if rank[a.Level] != rank[b.Level] {
			return rank[a.Level] < rank[b.Level]
		}
		if k := c.CompareString(a.Name, b.Name); k != 0 {
			return k < 0
		}
		return a.Code < b.Code
	})
	more := len(out) > searchLimit
	if more {
		out = out[:searchLimit]
	}
	return out, more, nil
}

// newer reports whether version a of a unit started after version b (an
// open start is the earliest).
func newer(a, b *datchuan.Unit) bool {
	if a.ValidFrom.IsZero() || b.ValidFrom.IsZero() {
		return !a.ValidFrom.IsZero()
	}
	return b.ValidFrom.Before(a.ValidFrom)
}

// unitMemo remembers, for one request, the look-ups by code and date that
// datchuan.PathOf makes: the communes of one district all ask for the same
// parent, and a list of hundreds of units would otherwise ask hundreds of
// times.
type unitMemo struct {
	datchuan.UnitService
	found map[string][]*datchuan.Unit
}

func newUnitMemo(us datchuan.UnitService) *unitMemo {
	return &unitMemo{UnitService: us, found: map[string][]*datchuan.Unit{}}
}

func (m *unitMemo) FindUnits(ctx context.Context, f datchuan.UnitFilter) ([]*datchuan.Unit, error) {
	simple := f.IDs == nil && f.Codes == nil && f.Level == "" && f.ParentCode == "" && f.Query == "" && f.Limit == 0
	if !simple {
		return m.UnitService.FindUnits(ctx, f)
	}
	key := f.Code + "|" + f.On.String()
	if us, ok := m.found[key]; ok {
		return us, nil
	}
	us, err := m.UnitService.FindUnits(ctx, f)
	if err != nil {
		return nil, err
	}
	m.found[key] = us
	return us, nil
}

// readsVia reports whether the viewer reads u, finding its path through
// the memo. A unit whose parents are missing from the records is not
// readable (there is no scope it could be in); other failures are errors.
func (s *Server) readsVia(r *http.Request, memo *unitMemo, u *datchuan.Unit) (bool, error) {
	v := viewerOf(r)
	if _, ok := v.paths[u.ID]; !ok {
		p, err := datchuan.PathOf(r.Context(), memo, u)
		var de *datchuan.Error
		switch {
		case errors.As(err, &de) && de.Code == datchuan.EINTERNAL:
			return false, nil
		case err != nil:
			return false, err
		}
		if v.paths != nil {
			v.paths[u.ID] = p
		}
	}
	switch err := s.requireRead(r, u); {
	case err == nil:
		return true, nil
	case errors.Is(err, errNoAccess):
		return false, nil
	default:
		return false, err
	}
}

// parentVia returns the unit above u as it was while u was in force, nil
// for a province.
func parentVia(ctx context.Context, units datchuan.UnitService, u *datchuan.Unit) (*datchuan.Unit, error) {
	if u.ParentCode == "" {
		return nil, nil
	}
	on := u.ValidFrom
	if on.IsZero() && !u.ValidTo.IsZero() {
		on = u.LastDay()
	}
	ps, err := units.FindUnits(ctx, datchuan.UnitFilter{Code: u.ParentCode, On: on})
	if err != nil {
		return nil, err
	}
	var parent *datchuan.Unit
	for _, p := range ps {
		if p.Level != datchuan.LevelCommune {
			parent = p
		}
	}
	return parent, nil
}

// ---- Values as JSON ----

// apiUnitValues returns a unit's current values (as of ?on=, else now), or
// with ?history=1 every report with its state.
func (s *Server) apiUnitValues(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := r.PathValue("code")
	asked, err := dateParam(r)
	if err != nil {
		return err
	}
	level, err := codeLevel(r, code)
	if err != nil {
		return err
	}
	u, on, err := s.rollup.Resolve(ctx, level, code, asked)
	if err != nil {
		return err
	}
	if err := s.requireRead(r, u); err != nil {
		return err
	}
	h := r.URL.Query().Get("history")
	f := datchuan.ValueFilter{UnitIDs: []int64{u.ID}, History: h == "1" || h == "true"}
	if !asked.IsZero() {
		f.At = datchuan.EndOfDay(on)
	}
	vals, err := s.deps.Values.Values(ctx, f)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "unit": u, "on": on, "history": f.History, "count": len(vals), "values": vals})
}
