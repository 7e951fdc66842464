package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
)

// noticeReturned tells the reporter of a returned value at once: in the app
// and by mail (through the outbox, so that one instance sends it once). The
// decision is already stored; a failure here is logged, and the next daily
// digest lists the returned value anyway.
func (s *Server) noticeReturned(ctx context.Context, val *datchuan.Value, u *datchuan.Unit, reason string) {
	if s.deps.Notify == nil || val.ReportedBy == 0 {
		return
	}
	link := fmt.Sprintf("/don-vi/%s/bao-cao/%s/%s", u.Code, val.SetID, val.IndicatorCode)
	text := fmt.Sprintf("Số liệu chỉ tiêu %s của %s bị trả lại: %s", val.IndicatorCode, u.Name, reason)
	if err := s.deps.Notify.Notify(ctx, &datchuan.Notification{PersonID: val.ReportedBy, Text: text, Link: link}); err != nil {
		s.deps.Log.Error("notify returned value", "value", val.ID, "err", err)
		return
	}
	if s.deps.Kick == nil {
		return // mail is off: nothing would send the outbox
	}
	users, err := s.deps.Users.Users(ctx)
	if err != nil {
		s.deps.Log.Error("notify returned value", "value", val.ID, "err", err)
		return
	}
	for _, usr := range users {
		if usr.PersonID != val.ReportedBy || usr.Email == "" || usr.Disabled {
			continue
		}
		m := &datchuan.Mail{
			To:      usr.Email,
			Key:     "returned:" + strconv.FormatInt(val.ID, 10) + ":" + strconv.FormatInt(usr.ID, 10),
			Subject: fmt.Sprintf("[datchuan] Số liệu bị trả lại: %s — chỉ tiêu %s", u.Name, val.IndicatorCode),
			Body: fmt.Sprintf("Kính gửi %s,\n\nSố liệu chỉ tiêu %s của %s (giá trị %s, ngày số liệu %s) đã bị trả lại.\nLý do: %s\n\nSửa và gửi lại: %s%s\n\n-- \nThư tự động của datchuan.\n",
				usr.Name, val.IndicatorCode, u.Name, val.Measure.String(), val.AsOf.VN(), reason, s.deps.BaseURL, link),
		}
		if _, err := s.deps.Notify.QueueMail(ctx, m); err != nil {
			s.deps.Log.Error("queue returned-value mail", "value", val.ID, "err", err)
		}
	}
	s.deps.Kick()
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
