package web

import (
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/weekly"
)

// One agency's weekly report in a round: the form for its officers,
// prefilled from the data; the same page read by the coordination office,
// which may return it; the history of what each submission changed.

type reportLine struct {
	weekly.Line
	Item  datchuan.ReportItem
	Index int
}

type revisionView struct {
	datchuan.Revision
	Changes []datchuan.RevisionChange
}

type weeklyReportView struct {
	base
	*service.ReportForm
	Rows      []reportLine // the form's lines, then what was written on criteria no longer the reporter's
	Files     map[string]*datchuan.Attachment
	Revisions []revisionView // latest first
	Timely    datchuan.Timeliness
	Errors    map[string]string
	OK        string
	Reason    string // a refused return's reason, as typed
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderReport(w, r, http.StatusOK, nil, nil)
}

// renderReport shows the report as stored or, after a refused form, as
// typed (typed non-nil).
func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, typed *datchuan.Report, errs map[string]string) error {
	roundID, err := idParam(r, "id", "đợt báo cáo")
	if err != nil {
		return err
	}
	agencyID, err := agencyParam(r)
	if err != nil {
		return err
	}
	f, err := s.svc.ReportFormFor(r.Context(), viewerOf(r).caller, roundID, agencyID)
	if err != nil {
		return err
	}
	stored := f.Report
	if typed != nil {
		typed.ID, typed.Version, typed.State, typed.Revisions = stored.ID, stored.Version, stored.State, stored.Revisions
		typed.FirstSentAt, typed.ReturnReason = stored.FirstSentAt, stored.ReturnReason
		f.Report = typed
	}
	v := weeklyReportView{base: s.pageBase(r, "Báo cáo tuần — "+f.Agency.Name, "Weekly report — "+f.Agency.Name),
		ReportForm: f, Errors: errs, OK: r.URL.Query().Get("ok"), Timely: datchuan.TimelinessOf(stored, f.Round.Deadline)}
	for i, it := range f.Report.Items {
		row := reportLine{Item: it, Index: i}
		if i < len(f.Lines) {
			row.Line = f.Lines[i]
		} else {
			row.Name = datchuan.CriterionName(s.svc.Sets(), it.SetID, it.CriterionCode)
		}
		v.Rows = append(v.Rows, row)
	}
	if errs != nil {
		v.Reason = formValue(r, "reason")
	}
	revs := stored.Revisions
	for i := len(revs) - 1; i >= 0; i-- {
		rv := revisionView{Revision: revs[i]}
		if i > 0 {
			rv.Changes = revs[i].Changes(revs[i-1])
		}
		v.Revisions = append(v.Revisions, rv)
	}
	if v.Files, err = s.svc.Attachments(r.Context(), f.Report.Files); err != nil {
		return err
	}
	s.pages.render(w, status, "weekly_report", v)
	return nil
}

// reportItems reads the criteria of a report form: item-count items, each
// with its set, criterion and four texts.
func reportItems(r *http.Request) []datchuan.ReportItem {
	n, _ := strconv.Atoi(formValue(r, "items"))
	n = min(max(n, 0), datchuan.MaxReportItems+1) // one more than allowed is enough to refuse
	out := make([]datchuan.ReportItem, n)
	for i := range out {
		field := func(name string) string { return r.FormValue(datchuan.ItemField(name, i)) }
		out[i] = datchuan.ReportItem{SetID: field("set"), CriterionCode: field("crit"), Work: field(datchuan.FieldWork),
			Difficulties: field(datchuan.FieldDifficulties), Causes: field(datchuan.FieldCauses), Proposals: field(datchuan.FieldProposals)}
	}
	return out
}

// reportPost reads the round and agency of a report's path and parses
// its form.
func reportPost(r *http.Request) (roundID, agencyID int64, err error) {
	if roundID, err = idParam(r, "id", "đợt báo cáo"); err != nil {
		return 0, 0, err
	}
	if agencyID, err = agencyParam(r); err != nil {
		return 0, 0, err
	}
	return roundID, agencyID, parseForm(r)
}

func (s *Server) saveReport(w http.ResponseWriter, r *http.Request) error {
	roundID, agencyID, err := reportPost(r)
	if err != nil {
		return err
	}
	c := viewerOf(r).caller
	// Only who writes the report stores files for it.
	f, err := s.svc.ReportFormFor(r.Context(), c, roundID, agencyID)
	if err != nil {
		return err
	}
	if !f.Writes {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ cán bộ của cơ quan này viết báo cáo tuần của cơ quan (only the agency's own officers write its weekly report)")
	}
	in := service.ReportInput{Version: formVersion(r), Summary: r.FormValue("summary"), Items: reportItems(r),
		Submit: formValue(r, "action") == "submit"}
	files, _, problem, err := s.formFiles(r, "files", datchuan.MaxReportFiles)
	if err != nil {
		return err
	}
	in.Files, in.Refused = files, problem
	_, err = s.svc.SaveReport(r.Context(), c, roundID, agencyID, in)
	ok := map[bool]string{true: "sent", false: "saved"}[in.Submit]
	return answer(w, r, err, func() string { return datchuan.ReportFormLink(roundID, agencyID) + "?ok=" + ok },
		func(status int, errs map[string]string) error {
			typed := &datchuan.Report{Summary: in.Summary, Items: in.Items, Files: in.Files}
			return s.renderReport(w, r, status, typed, errs)
		})
}

func (s *Server) returnReport(w http.ResponseWriter, r *http.Request) error {
	roundID, agencyID, err := reportPost(r)
	if err != nil {
		return err
	}
	_, err = s.svc.ReturnReport(r.Context(), viewerOf(r).caller, roundID, agencyID, formVersion(r), formValue(r, "reason"))
	return answer(w, r, err, func() string { return datchuan.ReportFormLink(roundID, agencyID) + "?ok=returned" },
		func(status int, errs map[string]string) error { return s.renderReport(w, r, status, nil, errs) })
}

// itemField is one text of a criterion of the form, for the template.
type itemField struct {
	Name, Label, Value, Error string
	Edit                      bool
}

// ItemField describes the field of criterion i of the form.
func (v weeklyReportView) ItemField(edit bool, i int, field, value, vi, en string) itemField {
	name := datchuan.ItemField(field, i)
	return itemField{Name: name, Label: v.T(vi, en), Value: value, Error: v.Errors[name], Edit: edit}
}

// fieldNames name the fields of a report in the history of its sendings.
var fieldNames = map[string][2]string{
	datchuan.FieldSummary:      {"tóm tắt", "summary"},
	datchuan.FieldWork:         {"kết quả thực hiện", "work done"},
	datchuan.FieldDifficulties: {"khó khăn, vướng mắc", "difficulties"},
	datchuan.FieldCauses:       {"nguyên nhân", "causes"},
	datchuan.FieldProposals:    {"đề xuất, kiến nghị", "proposals"},
	datchuan.FieldFiles:        {"tệp kèm theo", "files"},
}

// FieldName names a field of a report.
func (v weeklyReportView) FieldName(field string) string {
	n := fieldNames[field]
	return v.T(n[0], n[1])
}

// raiseFromReport writes a criterion's difficulty of a sent report into
// the obstacles register, in one action.
func (s *Server) raiseFromReport(w http.ResponseWriter, r *http.Request) error {
	roundID, agencyID, err := reportPost(r)
	if err != nil {
		return err
	}
	i, err := strconv.Atoi(formValue(r, "item"))
	if err != nil {
		i = -1
	}
	c := viewerOf(r).caller
	o, err := s.svc.RaiseFromReport(r.Context(), c, roundID, agencyID, i)
	return answer(w, r, err, func() string { return raisedURL(r, c, o) }, func(status int, errs map[string]string) error { return s.renderReport(w, r, status, nil, errs) })
}
