package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"sort"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/work"
)

// queueItemView is a value as the review queue and "my work" show it.
type queueItemView struct {
	work.ScopedValue
	Ref       service.IndicatorRef
	Threshold *datchuan.Threshold
	Reporter  string // who reported it
	Reviewer  string // who returned it ("my work")
	Reason    string // what was typed when a decision was refused
	Problem   string // why the decision was refused
	Conflict  bool   // decided or resubmitted meanwhile: nothing left to decide here
}

// queueView is the list of values waiting for the viewer's decision.
type queueView struct {
	base
	Items []*queueItemView
	Files map[string]*datchuan.Attachment
	Done  string // "confirmed" or "returned" after a decision
	Unit  string // filter: a unit code
}

// queueItem describes a scoped value for a page: its indicator, the
// threshold it is measured against, and who reported it.
func (s *Server) queueItem(sv work.ScopedValue, people *names) (*queueItemView, error) {
	ref, err := s.svc.Indicator(sv.Value.SetID, sv.Value.IndicatorCode)
	if err != nil {
		return nil, err
	}
	it := &queueItemView{ScopedValue: sv, Ref: ref, Reporter: cmp.Or(people.person(sv.Value.ReportedBy), "—")}
	if th, ok := ref.Indicator.ThresholdFor(ref.Set.ClassOf(sv.Unit.Classifiers), sv.Value.AsOf.Year); ok {
		it.Threshold = &th
	}
	return it, nil
}

// reviewQueue lists the reported values the viewer may confirm or return,
// oldest first: the longest-waiting value is the first to handle.
func (s *Server) reviewQueue(ctx context.Context, v *viewer, unitCode string) ([]*queueItemView, error) {
	w, err := s.workOf(ctx, v)
	if err != nil {
		return nil, err
	}
	people := s.namesFor(ctx)
	var out []*queueItemView
	for _, sv := range w.ToReview {
		if unitCode != "" && sv.Unit.Code != unitCode {
			continue
		}
		it, err := s.queueItem(sv, people)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value.ReportedAt.Before(out[j].Value.ReportedAt) })
	return out, nil
}

// queueOf is the review queue of a viewer who reviews values, of one unit
// when unit is set: for the page and its exports alike.
func (s *Server) queueOf(r *http.Request, unit string) ([]*queueItemView, error) {
	v := viewerOf(r)
	if err := v.caller.CheckReviews(); err != nil {
		return nil, err
	}
	return s.reviewQueue(r.Context(), v, unit)
}

func (s *Server) queuePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderQueue(w, r, http.StatusOK, nil)
}

// renderQueue shows the queue; failed, when set, is the item whose decision
// was refused, shown with the reason typed and the problem beside it.
func (s *Server) renderQueue(w http.ResponseWriter, r *http.Request, status int, failed *queueItemView) error {
	unit := r.URL.Query().Get("don-vi")
	if unit == "" {
		unit = r.PostFormValue("don-vi")
	}
	items, err := s.queueOf(r, unit)
	if err != nil {
		return err
	}
	p := queueView{base: s.baseFor(r, "Chờ xác nhận"), Items: items, Done: r.URL.Query().Get("ok"), Unit: unit}
	if failed != nil {
		found := false
		for _, it := range items {
			if it.Value.ID == failed.Value.ID {
				it.Reason, it.Problem, it.Conflict, found = failed.Reason, failed.Problem, failed.Conflict, true
			}
		}
		if !found { // decided by someone else meanwhile: show why at the top
			p.Items = append([]*queueItemView{failed}, p.Items...)
		}
	}
	var refs []string
	for _, it := range p.Items {
		refs = append(refs, it.Value.Evidence...)
	}
	if p.Files, err = s.svc.Attachments(r.Context(), refs); err != nil {
		return err
	}
	s.pages.render(w, status, "queue", p)
	return nil
}

// review confirms or returns a value. A refused decision (no reason, a
// reason too long, someone else decided first) comes back in the queue
// with the reason typed and the problem beside the item.
func (s *Server) review(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "số liệu")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	decision, reason := formValue(r, "decision"), r.PostFormValue("reason")
	val, u, err := s.svc.ReviewValue(r.Context(), viewerOf(r).caller, id, decision, reason)
	if err != nil {
		errs, status, ok := refusal(viewerOf(r).lang, err)
		if !ok || val == nil {
			return err
		}
		failed, ierr := s.queueItem(work.ScopedValue{Unit: u, Value: val}, s.namesFor(r.Context()))
		if ierr != nil {
			return err
		}
		failed.Reason, failed.Conflict = reason, status == http.StatusConflict
		failed.Problem = errs[datchuan.FieldReason]
		if failed.Problem == "" {
			failed.Problem = datchuan.ErrorText(err).In(viewerOf(r).lang)
		}
		return s.renderQueue(w, r, status, failed)
	}
	done := "returned"
	if service.Decision(decision) == datchuan.StateConfirmed {
		done = "confirmed"
	}
	back := "/xac-nhan?ok=" + done
	if unit := r.PostFormValue("don-vi"); unit != "" {
		back += "&don-vi=" + url.QueryEscape(unit)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
