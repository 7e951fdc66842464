package web

import (
	"context"
	"net/http"

	"github.com/datchuan/datchuan"
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
}

// nav is the navigation of a signed-in user.
type nav struct {
	Home     string // the page of the user's first scope
	Reviews  bool   // has a review queue
	Queue    int    // values waiting for the user's confirmation
	Returned int    // values returned to the units the user reports for
	Overdue  int    // assignments and tasks past their deadline
	DueSoon  int    // due within 7 days
	Admin    bool
	Plans    string // the plans of the user's province
	Notices  int    // unread notifications
}

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

func (s *Server) base(r *http.Request, title string) base {
	v := viewerOf(r)
	b := base{Title: title, Demo: s.deps.Demo, Lang: v.lang, User: v.user, Path: r.URL.RequestURI()}
	if v.session != nil {
		b.CSRF = v.session.CSRF
	}
	if v.user != nil {
		b.Nav = s.nav(r.Context(), v)
	}
	return b
}

// nav counts the work waiting for the user. A failure to count is logged
// and shows no count: the page itself still works.
func (s *Server) nav(ctx context.Context, v *viewer) nav {
	n := nav{Home: s.homeOf(v), Reviews: v.access.Reviews(), Admin: v.access.Admin()}
	if scopes := v.access.Scopes(); len(scopes) > 0 {
		n.Plans = "/tinh/" + scopes[0].Province + "/ke-hoach"
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
func (s *Server) homeOf(v *viewer) string {
	for _, p := range v.access.Scopes() {
		switch {
		case p.Commune != "":
			return "/don-vi/" + p.Commune
		case p.District != "":
			return "/huyen/" + p.District
		default:
			return "/tinh/" + p.Province
		}
	}
	if v.access.Admin() {
		return "/quan-tri"
	}
	return "/"
}

// finder answers "what is waiting for me?" for this request.
func (s *Server) finder() *work.Finder {
	return work.NewFinder(work.Stores{Units: s.deps.Units, Agencies: s.deps.Agencies, Values: s.deps.Values,
		Plans: s.deps.Plans, Tasks: s.deps.Tasks, Sets: s.deps.Sets})
}

// workOf computes the viewer's work once per request.
func (s *Server) workOf(ctx context.Context, v *viewer) (*work.Work, error) {
	if v.work != nil {
		return v.work, nil
	}
	w, err := s.finder().For(ctx, v.user, v.access, s.today())
	if err != nil {
		return nil, err
	}
	v.work = w
	return w, nil
}

// pathOf returns the place of u in the hierarchy, cached for the request.
func (s *Server) pathOf(ctx context.Context, v *viewer, u *datchuan.Unit) (datchuan.UnitPath, error) {
	if p, ok := v.paths[u.ID]; ok {
		return p, nil
	}
	p, err := datchuan.PathOf(ctx, s.deps.Units, u)
	if err != nil {
		return p, err
	}
	if v.paths != nil {
		v.paths[u.ID] = p
	}
	return p, nil
}

var errNoAccess = datchuan.Errorf(datchuan.EFORBIDDEN, "Bạn không có quyền xem đơn vị này (no access to this unit)")

// requireRead is the check every page and API call makes before showing a
// unit's data.
func (s *Server) requireRead(r *http.Request, u *datchuan.Unit) error {
	v := viewerOf(r)
	p, err := s.pathOf(r.Context(), v, u)
	if err != nil {
		return err
	}
	if !v.access.CanRead(p) {
		return errNoAccess
	}
	return nil
}

// canReport tells a page whether to offer the report form for u.
func (s *Server) canReport(r *http.Request, u *datchuan.Unit) bool {
	v := viewerOf(r)
	p, err := s.pathOf(r.Context(), v, u)
	return err == nil && v.access.CanReport(p)
}

// canReview tells whether the user may confirm or return a value of the
// indicator for u.
func (s *Server) canReview(r *http.Request, u *datchuan.Unit, set, crit, ind string) bool {
	v := viewerOf(r)
	p, err := s.pathOf(r.Context(), v, u)
	return err == nil && v.access.CanReview(p, set, crit, ind)
}

// setLang remembers the language the user picked, in a cookie and on the
// account.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if lang != "vi" && lang != "en" {
		return datchuan.Errorf(datchuan.EINVALID, "Ngôn ngữ %q không hỗ trợ (unsupported language)", lang)
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: !s.deps.InsecureCookies, SameSite: http.SameSiteLaxMode})
	if v := viewerOf(r); v.user != nil && v.user.Lang != lang {
		u := *v.user
		u.Lang = lang
		if err := s.deps.Users.UpdateUser(r.Context(), &u); err != nil {
			return err
		}
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

// today is the date in Vietnam now, on the server's clock.
func (s *Server) today() datchuan.Date { return datchuan.Today(s.deps.Now) }
