package web

import (
	"cmp"
	"context"
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/work"
)

// myWorkView is the officer's list: what their agencies must do and by
// when, their member tasks, what came back to be corrected, what waits for
// their decision, what they sent and is still waiting.
type myWorkView struct {
	base
	W           *work.Work
	Assignments []workAssignmentView
	Tasks       []workTaskView
	Returned    []*queueItemView
	Waiting     []*queueItemView
	Files       map[string]*datchuan.Attachment
	Reports     []*service.RoundView  // open rounds with a report of mine, my rows only
	Escalated   []service.ObstacleRow // obstacles sent up to my province, for its coordination office
	// Department: the user works for a department, whose work is its
	// assignments; "nothing assigned" is news only to them.
	Department bool
}

// workAssignmentView is an assignment as "my work" shows it.
type workAssignmentView struct {
	work.AssignmentItem
	Criterion    string // "17. Môi trường và an toàn thực phẩm"
	LeadName     string // agency short names
	SupportNames string
}

// workTaskView is a member task as "my work" shows it.
type workTaskView struct {
	*datchuan.Task
	Unit    *datchuan.Unit
	Overdue bool
	Soon    bool
}

func (s *Server) myWorkPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := viewerOf(r)
	wk, err := s.workOf(ctx, v)
	if err != nil {
		return err
	}
	p := myWorkView{base: s.baseFor(r, "Việc của tôi"), W: wk, Department: len(v.access().Agencies()) > 0}
	if p.Assignments, err = s.workAssignments(ctx, p.base, wk.Assignments); err != nil {
		return err
	}
	for _, t := range wk.Tasks {
		u, err := v.caller.Tree.Unit(ctx, t.UnitID)
		if err != nil {
			return err
		}
		p.Tasks = append(p.Tasks, workTaskView{Task: t, Unit: u, Overdue: work.TaskOverdue(t, wk.Today), Soon: work.TaskDueSoon(t, wk.Today)})
	}
	people := s.namesFor(ctx)
	var refs []string
	for _, list := range []struct {
		from []work.ScopedValue
		to   *[]*queueItemView
	}{{wk.Returned, &p.Returned}, {wk.Waiting, &p.Waiting}} {
		for _, sv := range list.from {
			it, err := s.queueItem(sv, people)
			if err != nil {
				return err
			}
			it.Reviewer = cmp.Or(people.person(sv.Value.ReviewedBy), "—")
			*list.to = append(*list.to, it)
			refs = append(refs, sv.Value.Evidence...)
		}
	}
	if p.Files, err = s.svc.Attachments(ctx, refs); err != nil {
		return err
	}
	if p.Reports, err = s.svc.OpenRoundsFor(ctx, v.caller); err != nil {
		return err
	}
	if p.Escalated, err = s.svc.Escalated(ctx, v.caller); err != nil {
		return err
	}
	s.pages.render(w, http.StatusOK, "mywork", p)
	return nil
}

// workAssignments names the criterion and the agencies of each assignment.
func (s *Server) workAssignments(ctx context.Context, b base, items []work.AssignmentItem) ([]workAssignmentView, error) {
	agencies := s.namesFor(ctx)
	out := make([]workAssignmentView, 0, len(items))
	for _, it := range items {
		row := workAssignmentView{AssignmentItem: it, Criterion: s.linkLabel(b, it.SetID, it.CriterionCode, "")}
		var err error
		if row.LeadName, row.SupportNames, err = agencies.assignment(it.Assignment); err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// notificationsView lists the viewer's notices, a page at a time.
type notificationsView struct {
	base
	Items  []*datchuan.Notification
	Unread int
	Older  string // the next page, "" on the last
}

// noticesPerPage is how many notices a page lists.
const noticesPerPage = 50

// noticesPage lists the viewer's notices, the last first, the unread ones
// marked, noticesPerPage at a time (?truoc=ID: those before that notice).
// Reading the page changes nothing (a GET never writes); the viewer marks
// them read with a button.
func (s *Server) noticesPage(w http.ResponseWriter, r *http.Request) error {
	c := viewerOf(r).caller
	before, _ := parseID(r.URL.Query().Get("truoc"))
	items, err := s.svc.Notices(r.Context(), c, before, noticesPerPage+1)
	if err != nil {
		return err
	}
	p := notificationsView{base: s.baseFor(r, "Thông báo"), Items: items}
	if len(items) > noticesPerPage {
		p.Items = items[:noticesPerPage]
		p.Older = "/thong-bao?truoc=" + strconv.FormatInt(p.Items[noticesPerPage-1].ID, 10)
	}
	if p.Unread, err = s.svc.UnreadNotices(r.Context(), c); err != nil {
		return err
	}
	s.pages.render(w, http.StatusOK, "notifications", p)
	return nil
}

// markNoticesRead marks every notice of the viewer read.
func (s *Server) markNoticesRead(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.MarkNoticesRead(r.Context(), viewerOf(r).caller); err != nil {
		return err
	}
	http.Redirect(w, r, "/thong-bao", http.StatusSeeOther)
	return nil
}
