package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

// unitView is a unit's page: each set it is measured on, criterion by
// criterion, with values, evidence, history and guidance; and the values
// sent back to it.
type unitView struct {
	base
	Unit      *datchuan.Unit
	On        datchuan.Date
	Q         string
	Parent    *datchuan.Unit // nil unless the viewer reads it
	CanReport bool
	Returned  []returnedValue // values of the unit sent back, for the reporter to resubmit
	Sets      []unitSet
	TasksURL  string // the member tasks of a commune
	// Unverified: some threshold shown is not yet checked against the
	// official text; the legend then says what the badge means.
	Unverified bool
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
	Guidance             []criterionGuidance // documents of the lead departments for the criterion
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
	// History: the earlier reports, newest first, historyShown of them, or
	// a page of historyPageSize when the viewer asked for more
	// (HistoryOpen); HistoryMore links to the older ones.
	History      []historyRow
	HistoryTotal int
	HistoryOpen  bool
	HistoryMore  string
	HistoryID    string // the anchor of the history
}

type historyRow struct {
	Value            *datchuan.Value
	ValueVi, ValueEn string
	Reporter         string
	Reviewer         string
	Evidence         []evidenceItem
}

// evidenceItem is one entry of Value.Evidence: an attachment (ID set,
// with its name) or a reference written as text.
type evidenceItem struct {
	ID   string
	Name string
}

// criterionGuidance is a guidance document as the unit page lists it.
type criterionGuidance struct {
	ID            int64
	Number        string
	Date          datchuan.Date
	Title         string
	IndicatorCode string
	Agency        string
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) error {
	page, err := s.unitViewOf(r)
	if err != nil {
		return err
	}
	s.pages.render(w, http.StatusOK, "unit", page)
	return nil
}

// unitViewOf is the unit page of the request, for the page and its
// exports alike.
func (s *Server) unitViewOf(r *http.Request) (unitView, error) {
	ctx := r.Context()
	u, on, asked, err := s.unitOf(r, r.PathValue("code"))
	if err != nil {
		return unitView{}, err
	}
	c := viewerOf(r).caller
	path, err := c.Tree.Path(ctx, u)
	if err != nil {
		return unitView{}, err
	}
	statuses, err := s.rollupOf(r).UnitOn(ctx, u, on)
	if err != nil {
		return unitView{}, err
	}
	history, err := s.stores.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{u.ID}, History: true, At: datchuan.EndOfDay(on)})
	if err != nil {
		return unitView{}, err
	}
	files, err := s.evidenceNames(ctx, history)
	if err != nil {
		return unitView{}, err
	}
	page := unitView{base: s.pageBase(r, u.Name, u.Name), Unit: u, On: on, Q: onQuery(asked), CanReport: c.CanReport(path)}
	if page.Parent, err = s.svc.ReadableParent(ctx, c, u, on); err != nil {
		return unitView{}, err
	}
	lay := unitLayout{s: s, ctx: ctx, unit: u, canReport: page.CanReport, names: s.namesFor(ctx), files: files, history: history, asked: asked}
	lay.open, lay.before = historyParams(r)
	if page.Sets, err = lay.sets(statuses); err != nil {
		return unitView{}, err
	}
	if err := s.addGuidance(ctx, c, path.Province, page.Sets); err != nil {
		return unitView{}, err
	}
	page.Unverified = anyUnverified(page.Sets)
	if u.Level == datchuan.LevelCommune {
		page.TasksURL = "/don-vi/" + u.Code + "/nhiem-vu"
	}
	if page.CanReport {
		// What is sent back now, whatever date the page shows: it is work to do.
		current, err := s.stores.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{u.ID}})
		if err != nil {
			return unitView{}, err
		}
		page.Returned = lay.returned(current)
	}
	return page, nil
}

// unitLayout lays out the values of one unit for its page.
type unitLayout struct {
	s         *Server
	ctx       context.Context
	unit      *datchuan.Unit
	canReport bool
	names     *names
	files     map[string]string // names of evidence attachments by ID
	history   []*datchuan.Value // every report of the unit, oldest first
	asked     datchuan.Date     // the day the viewer asked for, if any
	open      string            // "set/indicator" whose history the viewer pages through
	before    int64             // ... after the report of this ID
}

// reportURL is the report form of an indicator, "" for a viewer who may
// not report.
func (l *unitLayout) reportURL(setID, ind string) string {
	if !l.canReport {
		return ""
	}
	return datchuan.ReportLink(l.unit.Code, setID, ind)
}

func (l *unitLayout) name(id int64) string { return l.names.person(id) }

func (l *unitLayout) sets(statuses []rollup.UnitStatus) ([]unitSet, error) {
	var out []unitSet
	for _, st := range statuses {
		if st.Set == nil || st.Result == nil {
			continue // no set applies to the unit on that date
		}
		set, err := l.s.svc.Sets().Set(st.Set.ID)
		if err != nil {
			return nil, err
		}
		us := unitSet{Target: st.Target, Set: set, Year: st.Result.Year, Result: st.Result, Criteria: workFirst(criterionRows(set, st.Result))}
		if st.Target != nil {
			us.BlockersURL = "/muc-tieu/" + strconv.FormatInt(st.Target.ID, 10)
		}
		for i := range us.Criteria {
			for j := range us.Criteria[i].Indicators {
				ir := &us.Criteria[i].Indicators[j]
				ir.ReportURL = l.reportURL(set.ID, ir.Code)
				if v := ir.Value; v != nil {
					ir.Reporter, ir.Reviewer = l.name(v.ReportedBy), l.name(v.ReviewedBy)
					ir.Evidence = evidenceOf(v, l.files)
				}
				l.historyOf(set, ir)
			}
		}
		out = append(out, us)
	}
	return out, nil
}

// workFirst orders a unit's criteria for the people who work on them: those
// with a value sent back first (the unit's turn), then the others not met
// yet, then the met ones, each group in the set's order. The page folds the
// met ones, so that on a phone what is left to do comes first.
func workFirst(rows []criterionRow) []criterionRow {
	rank := func(st status.Status) int {
		switch st {
		case status.Returned:
			return 0
		case status.Met:
			return 2
		}
		return 1
	}
	slices.SortStableFunc(rows, func(a, b criterionRow) int { return cmp.Compare(rank(a.Status), rank(b.Status)) })
	return rows
}

// anyUnverified reports whether a known threshold of the sets is not yet
// checked against the official text.
func anyUnverified(sets []unitSet) bool {
	for _, us := range sets {
		for _, c := range us.Criteria {
			for _, ir := range c.Indicators {
				if ir.HasThreshold && !ir.Verified {
					return true
				}
			}
		}
	}
	return false
}

// returned lists the current values that the lead department sent back.
func (l *unitLayout) returned(current []*datchuan.Value) []returnedValue {
	var out []returnedValue
	for _, v := range current {
		if v.State != datchuan.StateReturned {
			continue
		}
		rv := returnedValue{Value: v, NameVi: v.IndicatorCode, NameEn: v.IndicatorCode,
			Reviewer: l.name(v.ReviewedBy), ReportURL: l.reportURL(v.SetID, v.IndicatorCode)}
		if set, err := l.s.svc.Sets().Set(v.SetID); err == nil {
			if ind, _ := set.Indicator(v.IndicatorCode); ind != nil {
				rv.NameVi, rv.NameEn = ind.NameVi, cmp.Or(ind.NameEn, ind.NameVi)
			}
		}
		out = append(out, rv)
	}
	return out
}

// History on the unit page: the latest historyShown earlier reports of
// each indicator; "more" pages through one indicator's, historyPageSize at
// a time (?lich-su=SET/INDICATOR&truoc=ID, the last report shown).
const (
	historyShown    = 5
	historyPageSize = 50
)

// historyParams reads which indicator's history the viewer pages through,
// and after which report.
func historyParams(r *http.Request) (open string, before int64) {
	q := r.URL.Query()
	before, _ = parseID(q.Get("truoc"))
	return q.Get("lich-su"), before
}

// historyOf sets the earlier reports of an indicator, newest first: the
// reports of it in the set but the one the page already shows, the latest
// historyShown of them or, for the indicator the viewer pages through, the
// page after l.before; and the link to the older ones.
func (l *unitLayout) historyOf(set *datchuan.CriteriaSet, ir *indicatorRow) {
	def, _ := set.Indicator(ir.Code)
	key := set.ID + "/" + ir.Code
	ir.HistoryID, ir.HistoryOpen = "h-"+set.ID+"-"+ir.Code, l.open == key
	limit, skip := historyShown, false
	if ir.HistoryOpen {
		limit, skip = historyPageSize, l.before > 0
	}
	var last int64
	for i := len(l.history) - 1; i >= 0; i-- {
		v := l.history[i]
		if v.SetID != set.ID || v.IndicatorCode != ir.Code || (ir.Value != nil && v.ID == ir.Value.ID) {
			continue
		}
		ir.HistoryTotal++
		switch {
		case skip:
			skip = v.ID != l.before
		case len(ir.History) == limit:
			ir.HistoryMore = l.historyURL(key, last, ir.HistoryID)
		default:
			h := historyRow{Value: v, Reporter: l.name(v.ReportedBy), Reviewer: l.name(v.ReviewedBy), Evidence: evidenceOf(v, l.files)}
			h.ValueVi, h.ValueEn = measureText(def, v.Measure)
			ir.History, last = append(ir.History, h), v.ID
		}
	}
}

// historyURL is the unit page showing the reports of one indicator after
// the report before.
func (l *unitLayout) historyURL(key string, before int64, anchor string) string {
	q := url.Values{"lich-su": {key}, "truoc": {strconv.FormatInt(before, 10)}}
	if !l.asked.IsZero() {
		q.Set("on", l.asked.VN())
	}
	return "/don-vi/" + l.unit.Code + "?" + q.Encode() + "#" + anchor
}
