package web

import (
	"context"
	"net/http"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/work"
)

// base is what every page's layout needs: who is looking, in which
// language, and the counts shown in the navigation.
type base struct {
	Title string
	Demo  bool
	Lang  string // "vi" or "en"
	User  *datchuan.User
	CSRF  string // echoed by every form that changes something
	Path  string // the request URI, for "come back here" links
	Nav   nav

	Synthetic bool // the national synthetic data set: every page says so
}

// nav is the navigation of a signed-in user.
type nav struct {
	Home     string // the page of the user's first scope
	Reviews  bool   // has a review queue
	Queue    int    // values waiting for the user's confirmation
	Returned int    // returned values the user must correct (work.Work.Returned)
	Overdue  int    // assignments and tasks past their deadline
	DueSoon  int    // due within 7 days
	Admin    bool
	Audit    bool   // reads a change log
	Plans    string // the plans of the user's province
	Register string // the obstacles register of the user's province
	Notices  int    // unread notifications

	Inspections string // the site inspections of the user's province
	National    bool   // reads the national page (/toan-quoc)
}

// Attention counts what the menu's button shows on a phone, where the
// menu is folded: work past its deadline, values returned, unread notices.
func (n nav) Attention() int { return n.Overdue + n.Returned + n.Notices }

// T picks the Vietnamese or the English text. Templates carry both, side by
// side, so that a page reads whole in either language.
func (b base) T(vi, en string) string {
	if b.Lang == "en" {
		return en
	}
	return vi
}

// En reports whether the page is in English.
func (b base) En() bool { return b.Lang == "en" }

// langOf reads the language the browser chose (cookie "lang"); chosen is
// false when it chose none, and the account's language may apply.
func langOf(r *http.Request) (lang string, chosen bool) {
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "vi" || c.Value == "en") {
		return c.Value, true
	}
	return "vi", false
}

func (s *Server) baseFor(r *http.Request, title string) base {
	v := viewerOf(r)
	b := base{Title: title, Demo: s.deps.Demo, Lang: v.lang, User: v.user, Path: r.URL.RequestURI()}
	b.Synthetic = s.deps.Synthetic
	if v.session != nil {
		b.CSRF = v.session.CSRF
	}
	if v.user != nil {
		b.Nav = s.navFor(r.Context(), v)
	}
	return b
}

// pageBase is base with a title in both languages.
func (s *Server) pageBase(r *http.Request, vi, en string) base {
	b := s.baseFor(r, vi)
	if b.En() {
		b.Title = en
	}
	return b
}

// nav counts the work waiting for the user. A failure to count is logged
// and shows no count: the page itself still works.
func (s *Server) navFor(ctx context.Context, v *viewer) nav {
	acc := v.access()
	all, provs := acc.AuditProvinces()
	n := nav{Home: homeOf(acc), Reviews: acc.Reviews(), Admin: acc.Admin(), Audit: all || len(provs) > 0}
	n.National = acc.CanReadNational()
	if n.National && n.Home == "/toan-quoc" {
		n.Home = "/" // the menu's "Toàn quốc" is the overview: one link, not two
	}
	if scopes := acc.Scopes(); len(scopes) > 0 {
		n.Plans = "/tinh/" + scopes[0].Province + "/ke-hoach"
		n.Register = "/tinh/" + scopes[0].Province + "/vuong-mac"
		n.Inspections = "/tinh/" + scopes[0].Province + "/kiem-tra"
	}
	w, err := s.workOf(ctx, v)
	if err != nil {
		s.deps.Log.Error("navigation counts", "user", v.user.Login, "err", err)
		return n
	}
	n.Queue, n.Returned, n.Overdue, n.DueSoon = len(w.ToReview), len(w.Returned), w.Overdue(), w.DueSoon()
	n.Notices = s.unreadNotices(ctx, v)
	return n
}

// homeOf is where "/" takes the user: the page of their first scope.
func homeOf(acc *datchuan.Access) string {
	for _, p := range acc.Scopes() {
		switch {
		case p.Commune != "":
			return "/don-vi/" + p.Commune
		case p.District != "":
			return "/huyen/" + p.District
		default:
			return "/tinh/" + p.Province
		}
	}
	if acc.CanReadNational() {
		return "/toan-quoc"
	}
	if acc.Admin() {
		return "/quan-tri"
	}
	return "/"
}

// workOf computes the viewer's work once per request.
func (s *Server) workOf(ctx context.Context, v *viewer) (*work.Work, error) {
	if v.work != nil {
		return v.work, nil
	}
	w, err := s.svc.Work(ctx, v.caller, v.user)
	if err != nil {
		return nil, err
	}
	v.work = w
	return w, nil
}

// unreadNotices counts the viewer's unread notices for the navigation.
func (s *Server) unreadNotices(ctx context.Context, v *viewer) int {
	if v.user.PersonID == 0 {
		return 0
	}
	n, err := s.stores.Notify.CountUnread(ctx, v.user.PersonID)
	if err != nil {
		s.deps.Log.Error("unread notices", "user", v.user.Login, "err", err)
		return 0
	}
	return n
}

// rollupOf is the dashboard rollup of a request, over its unit tree.
func (s *Server) rollupOf(r *http.Request) *rollup.Service {
	return &rollup.Service{Tree: viewerOf(r).caller.Tree, Targets: s.stores.Targets, Values: s.stores.Values,
		Sets: s.svc.Sets(), Agencies: s.stores.Agencies, Plans: s.stores.Plans, Today: s.today(), Memo: s.svc.Memo()}
}

// today is the date in Vietnam now, on the server's clock.
func (s *Server) today() datchuan.Date { return s.svc.Today() }

// dateParam reads ?on= (dd/mm/yyyy or yyyy-mm-dd); absent means "latest".
func dateParam(r *http.Request) (datchuan.Date, error) {
	s := r.URL.Query().Get("on")
	if s == "" {
		return datchuan.Date{}, nil
	}
	return datchuan.ParseDate(s)
}

// levelParam reads ?level=, def when absent.
func levelParam(r *http.Request, def datchuan.Level) (datchuan.Level, error) {
	l := datchuan.Level(r.URL.Query().Get("level"))
	if l == "" {
		return def, nil
	}
	if !l.Valid() {
		return "", datchuan.Errorf(datchuan.EINVALID, "Cấp đơn vị %q không hợp lệ (invalid level)", l)
	}
	return l, nil
}

// idParam reads a numeric path value; what is no number names nothing.
func idParam(r *http.Request, name, what string) (int64, error) {
	id, err := parseID(r.PathValue(name))
	if err != nil {
		return 0, datchuan.Errorf(datchuan.ENOTFOUND, "Không có %s này (not found)", what)
	}
	return id, nil
}

// unitOf resolves the unit of a path code, its level guessed from the
// code's length unless ?level= says, on ?on= (else the latest), for a
// viewer who reads it; it returns the day to show.
func (s *Server) unitOf(r *http.Request, code string) (*datchuan.Unit, datchuan.Date, datchuan.Date, error) {
	asked, err := dateParam(r)
	if err != nil {
		return nil, asked, asked, err
	}
	level, err := levelParam(r, datchuan.LevelOfCode(code))
	if err != nil {
		return nil, asked, asked, err
	}
	return s.unitAt(r, level, code, asked)
}

// unitAt resolves a unit of a level for a viewer who reads it.
func (s *Server) unitAt(r *http.Request, level datchuan.Level, code string, asked datchuan.Date) (*datchuan.Unit, datchuan.Date, datchuan.Date, error) {
	c := viewerOf(r).caller
	u, on, err := c.Tree.Resolve(r.Context(), level, code, asked)
	if err != nil {
		return nil, on, asked, err
	}
	p, err := c.Tree.Path(r.Context(), u)
	if err != nil {
		return nil, on, asked, err
	}
	return u, on, asked, c.CheckRead(p)
}

// onQuery keeps the date the user asked for in the page's links; without
// one, links follow the latest data.
func onQuery(asked datchuan.Date) string {
	if asked.IsZero() {
		return ""
	}
	return "?on=" + asked.VN()
}
