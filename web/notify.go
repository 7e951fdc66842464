package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
)

// notice is something a person is told at once: in the app, and by mail
// (through the outbox, so that one instance sends it once) when mail is on.
type notice struct {
	Text, Link    string // the in-app line and where it leads
	Subject, Body string // the mail; the link is appended to the body
	Key           string // makes the mail unique: "returned:<value>"
}

// tell gives a notice to a person. The event behind it is already stored:
// a failure here is logged, not returned, and the daily digest still
// lists what matters.
func (s *Server) tell(ctx context.Context, personID int64, n notice) {
	if s.deps.Notify == nil || personID == 0 {
		return
	}
	ctx = context.WithoutCancel(ctx) // the client may leave; the notice must not
	if err := s.deps.Notify.Notify(ctx, &datchuan.Notification{PersonID: personID, Text: n.Text, Link: n.Link}); err != nil {
		s.deps.Log.Error("notify", "person", personID, "key", n.Key, "err", err)
		return
	}
	if s.deps.Kick == nil {
		return // mail is off: nothing would send the outbox
	}
	users, err := s.deps.Users.Users(ctx)
	if err != nil {
		s.deps.Log.Error("notify", "person", personID, "key", n.Key, "err", err)
		return
	}
	for _, usr := range users {
		if usr.PersonID != personID || usr.Email == "" || usr.Disabled {
			continue
		}
		m := &datchuan.Mail{To: usr.Email, Key: n.Key + ":" + strconv.FormatInt(usr.ID, 10), Subject: "[datchuan] " + n.Subject,
			Body: fmt.Sprintf("Kính gửi %s,\n\n%s\n\nXem: %s%s\n\n-- \nThư tự động của datchuan.\n", usr.Name, n.Body, s.deps.BaseURL, n.Link)}
		if _, err := s.deps.Notify.QueueMail(ctx, m); err != nil {
			s.deps.Log.Error("queue notice mail", "key", m.Key, "err", err)
		}
	}
	s.deps.Kick()
}

// noticeReturned tells the reporter of a returned value why.
func (s *Server) noticeReturned(ctx context.Context, val *datchuan.Value, u *datchuan.Unit, reason string) {
	s.tell(ctx, val.ReportedBy, notice{
		Text:    fmt.Sprintf("Số liệu chỉ tiêu %s của %s bị trả lại: %s", val.IndicatorCode, u.Name, reason),
		Link:    fmt.Sprintf("/don-vi/%s/bao-cao/%s/%s", u.Code, val.SetID, val.IndicatorCode),
		Subject: fmt.Sprintf("Số liệu bị trả lại: %s — chỉ tiêu %s", u.Name, val.IndicatorCode),
		Body: fmt.Sprintf("Số liệu chỉ tiêu %s của %s (giá trị %s, ngày số liệu %s) đã bị trả lại.\nLý do: %s\n\nSửa và gửi lại theo đường dẫn dưới đây.",
			val.IndicatorCode, u.Name, val.Measure.String(), val.AsOf.VN(), reason),
		Key: "returned:" + strconv.FormatInt(val.ID, 10),
	})
}

// noticeTask tells a committee member of the task given to them.
func (s *Server) noticeTask(ctx context.Context, t *datchuan.Task, u *datchuan.Unit, by *datchuan.User) {
	if t.AssigneeID == by.PersonID {
		return // one's own task needs no notice
	}
	due := "không có hạn"
	if !t.Due.IsZero() {
		due = "hạn " + t.Due.VN()
	}
	s.tell(ctx, t.AssigneeID, notice{
		Text:    fmt.Sprintf("%s giao nhiệm vụ: %s (%s, %s)", by.Name, t.Title, u.Name, due),
		Link:    "/don-vi/" + u.Code + "/nhiem-vu#t-" + strconv.FormatInt(t.ID, 10),
		Subject: "Nhiệm vụ mới: " + t.Title,
		Body:    fmt.Sprintf("%s giao cho bạn nhiệm vụ \"%s\" của %s, %s.", by.Name, t.Title, u.Name, due),
		Key:     "task:" + strconv.FormatInt(t.ID, 10),
	})
}

// noticeApproval tells the one who drafted an approval item of its
// decision.
func (s *Server) noticeApproval(ctx context.Context, a *datchuan.Approval, to datchuan.ApprovalState) {
	if to != datchuan.ApprovalApproved && to != datchuan.ApprovalReturned || a.CreatedBy == 0 {
		return
	}
	creator, err := s.deps.Users.User(ctx, a.CreatedBy)
	if err != nil {
		s.deps.Log.Error("approval notice", "approval", a.ID, "err", err)
		return
	}
	what := "đã được phê duyệt, quyết định số " + a.DecisionNumber + " ngày " + a.DecisionDate.VN()
	if to == datchuan.ApprovalReturned {
		what = "bị trả lại: " + a.Reason
	}
	s.tell(ctx, creator.PersonID, notice{
		Text:    fmt.Sprintf("Hồ sơ \"%s\" %s", a.Title, what),
		Link:    "/phe-duyet/" + strconv.FormatInt(a.ID, 10),
		Subject: "Hồ sơ trình phê duyệt: " + a.Title,
		Body:    fmt.Sprintf("Hồ sơ \"%s\" %s.", a.Title, what),
		Key:     "approval:" + strconv.FormatInt(a.ID, 10) + ":" + string(to) + ":" + a.UpdatedAt.UTC().Format("20060102150405.000000"),
	})
}

type notificationsPage struct {
	base
	Items  []*datchuan.Notification
	Unread int
}

// notificationsPage lists the viewer's notices, newest first, the unread
// ones marked. Reading the page changes nothing (a GET never writes); the
// viewer marks them read with a button.
func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r)
	p := notificationsPage{base: s.base(r, "Thông báo")}
	if v.user.PersonID != 0 && s.deps.Notify != nil {
		items, err := s.deps.Notify.Notifications(r.Context(), v.user.PersonID, false)
		if err != nil {
			return err
		}
		p.Items = items
		for _, n := range items {
			if n.ReadAt.IsZero() {
				p.Unread++
			}
		}
	}
	s.pages.render(w, http.StatusOK, "notifications", p)
	return nil
}

// markNoticesRead marks every notice of the viewer read.
func (s *Server) markNoticesRead(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r)
	if v.user.PersonID != 0 && s.deps.Notify != nil {
		if err := s.deps.Notify.MarkRead(r.Context(), v.user.PersonID, nil, s.deps.Now()); err != nil {
			return err
		}
	}
	http.Redirect(w, r, "/thong-bao", http.StatusSeeOther)
	return nil
}

// unreadNotices counts the viewer's unread notices for the navigation.
func (s *Server) unreadNotices(ctx context.Context, v *viewer) int {
	if v.user.PersonID == 0 || s.deps.Notify == nil {
		return 0
	}
	items, err := s.deps.Notify.Notifications(ctx, v.user.PersonID, true)
	if err != nil {
		s.deps.Log.Error("unread notices", "user", v.user.Login, "err", err)
		return 0
	}
	return len(items)
}
