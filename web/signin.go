package web

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/auth"
	"github.com/datchuan/datchuan/service"
)

// setSessionCookie sets the session cookie. Its lifetime is relative
// (Max-Age): the server's clock may differ from the browser's (the demo
// runs in 2022), and the database decides when a session ends anyway.
func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", MaxAge: int(sessionMax / time.Second),
		HttpOnly: true, Secure: !s.deps.InsecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: !s.deps.InsecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// clientAddr is the address sign-in throttling counts by: the peer, or the
// last X-Forwarded-For hop when the operator says a proxy sets it.
func (s *Server) clientAddr(r *http.Request) string {
	if s.deps.TrustProxy {
		// The proxy appends the peer it saw; what comes before that is
		// whatever the client wrote, so only the last hop is trustworthy.
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			hops := strings.Split(f, ",")
			return strings.TrimSpace(hops[len(hops)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

type loginPage struct {
	base
	Login        string
	Next         string
	Message      string
	DemoAccounts []DemoAccount
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if viewerOf(r).user != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	s.pages.render(w, http.StatusOK, "login", loginPage{base: s.baseFor(r, "Đăng nhập"), Next: next, DemoAccounts: s.deps.DemoAccounts})
	return nil
}

// login checks the password (throttled by the service, per login and
// address) and starts a new session (a new ID at every sign-in: no
// fixation).
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	login, password := strings.TrimSpace(r.PostFormValue("login")), r.PostFormValue("password")
	page := loginPage{base: s.baseFor(r, "Đăng nhập"), Login: login, Next: safeNext(r.PostFormValue("next")), DemoAccounts: s.deps.DemoAccounts}
	u, err := s.svc.SignIn(r.Context(), login, password, s.clientAddr(r))
	var wait *service.Throttled
	switch {
	case errors.As(err, &wait):
		w.Header().Set("Retry-After", strconv.Itoa(wait.RetryAfter()))
		page.Message = wait.Text().In(page.Lang)
		s.pages.render(w, http.StatusTooManyRequests, "login", page)
		return nil
	case datchuan.ErrorCode(err) == datchuan.EUNAUTHORIZED:
		page.Message = datchuan.ErrorText(err).In(page.Lang)
		s.pages.render(w, http.StatusUnauthorized, "login", page)
		return nil
	case err != nil:
		return err
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
	return nil
}

// startSession ends the browser's previous session, if any, and starts a
// new one for u.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *datchuan.User) error {
	ctx := r.Context()
	if old, err := r.Cookie(sessionCookie); err == nil {
		_ = s.stores.Sessions.DeleteSession(ctx, auth.TokenID(old.Value)) // gone already is fine
	}
	now := s.svc.Now()
	token := auth.NewToken()
	sess := &datchuan.Session{
		ID: auth.TokenID(token), UserID: u.ID, CSRF: auth.NewToken(),
		CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(sessionIdle),
		Addr: s.clientAddr(r), UserAgent: truncate(r.UserAgent(), 200),
	}
	if err := s.stores.Sessions.CreateSession(ctx, sess); err != nil {
		return err
	}
	s.setSessionCookie(w, token)
	s.deps.Log.Info("signed in", "user", u.Login, "addr", sess.Addr)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if v := viewerOf(r); v.session != nil {
		if err := s.stores.Sessions.DeleteSession(r.Context(), v.session.ID); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
	return nil
}

// safeNext keeps a post-sign-in redirect on this site: a path of ours, no
// scheme, no host, nothing a browser would read as another site
// ("//x", "/\\x", "/\t/x").
func safeNext(next string) string {
	if next == "" || strings.ContainsAny(next, "\\\x00\t\r\n") || strings.ContainsFunc(next, unicode.IsControl) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}

// truncate keeps at most n bytes of a header we store for information
// (the user agent), cut at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// setLang remembers the language the user picked, in a cookie and on the
// account.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if err := s.svc.SetLang(r.Context(), viewerOf(r).caller, lang); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: !s.deps.InsecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}
