package web

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/auth"
	"github.com/datchuan/datchuan/work"
)

const (
	sessionCookie = "datchuan_session"
	// sessionIdle is how long a session lives without use; each use moves
	// the expiry, at most once per sessionTouch to spare the database.
	sessionIdle  = 12 * time.Hour
	sessionTouch = 5 * time.Minute
	// sessionMax bounds a session however active it is.
	sessionMax = 30 * 24 * time.Hour

	// Sign-in throttling: failures counted over throttleWindow, per account
	// and per address. Past the limit, sign-in is refused (even with the
	// right password) until the window has moved on.
	throttleWindow  = 15 * time.Minute
	throttleAccount = 5
	throttleAddr    = 20
)

// viewer is who is asking: nil user when nobody is signed in.
type viewer struct {
	user    *datchuan.User
	access  *datchuan.Access
	session *datchuan.Session
	lang    string
	paths   map[int64]datchuan.UnitPath // per-request cache of unit paths
	work    *work.Work                  // computed once per request, by workOf
}

type viewerKey struct{}

func viewerOf(r *http.Request) *viewer {
	if v, ok := r.Context().Value(viewerKey{}).(*viewer); ok {
		return v
	}
	return &viewer{lang: "vi"}
}

// identify loads the session of the request, if any, into its context.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang, chosen := langOf(r)
		v := &viewer{lang: lang, paths: map[int64]datchuan.UnitPath{}}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			if err := s.loadSession(r.Context(), v, c.Value, chosen); err != nil {
				if datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
					s.fail(w, r, err)
					return
				}
				s.clearSessionCookie(w)
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), viewerKey{}, v)))
	})
}

// loadSession fills v from the session of token. The account's language
// applies unless the browser chose one (langChosen).
func (s *Server) loadSession(ctx context.Context, v *viewer, token string, langChosen bool) error {
	now := s.deps.Now()
	sess, err := s.deps.Sessions.Session(ctx, auth.TokenID(token), now)
	if err != nil {
		return err
	}
	u, err := s.deps.Users.User(ctx, sess.UserID)
	if err != nil {
		return err
	}
	if u.Disabled {
		return datchuan.Errorf(datchuan.ENOTFOUND, "tài khoản đã khóa (account disabled)")
	}
	acc, err := datchuan.LoadAccess(ctx, u, s.deps.Units, s.deps.Agencies)
	if err != nil {
		return err
	}
	if now.Sub(sess.SeenAt) > sessionTouch {
		exp := now.Add(sessionIdle)
		if limit := sess.CreatedAt.Add(sessionMax); exp.After(limit) {
			exp = limit
		}
		if err := s.deps.Sessions.TouchSession(ctx, sess.ID, now, exp); err != nil {
			return err
		}
	}
	v.user, v.access, v.session = u, acc, sess
	if !langChosen && u.Lang != "" {
		v.lang = u.Lang
	}
	return nil
}

// signedIn wraps the handlers that need a user: pages send people to the
// sign-in page and back; the API answers 401.
func (s *Server) signedIn(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := viewerOf(r)
		if v.user != nil {
			return h(w, r)
		}
		if isAPI(r) || r.Method != http.MethodGet {
			return datchuan.Errorf(datchuan.EUNAUTHORIZED, "Bạn cần đăng nhập (sign-in required)")
		}
		http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return nil
	}
}

// checkCSRF refuses a state-changing request whose token does not match the
// session's. Cross-origin requests are already refused by the server-wide
// CrossOriginProtection; the token covers old browsers without Fetch
// metadata.
func checkCSRF(r *http.Request) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	v := viewerOf(r)
	if v.session == nil {
		return nil // the sign-in form; protected by CrossOriginProtection
	}
	tok := r.Header.Get("X-CSRF-Token")
	if tok == "" {
		tok = r.PostFormValue("csrf")
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(v.session.CSRF)) != 1 {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang và thử lại (invalid CSRF token)")
	}
	return nil
}

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
	s.pages.render(w, http.StatusOK, "login", loginPage{base: s.base(r, "Đăng nhập"), Next: next, DemoAccounts: s.deps.DemoAccounts})
	return nil
}

// login checks the password, throttled per account and address, and starts
// a new session (a new ID at every sign-in: no fixation).
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	login, password := strings.TrimSpace(r.PostFormValue("login")), r.PostFormValue("password")
	page := loginPage{base: s.base(r, "Đăng nhập"), Login: login, Next: safeNext(r.PostFormValue("next")), DemoAccounts: s.deps.DemoAccounts}
	refuse := func(status int, vi, en string) error {
		page.Message = page.T(vi, en)
		s.pages.render(w, status, "login", page)
		return nil
	}
	keys := []string{"user:" + strings.ToLower(login), "addr:" + s.clientAddr(r)}
	if blocked, err := s.throttled(ctx, keys); err != nil || blocked {
		if err != nil {
			return err
		}
		return refuse(http.StatusTooManyRequests, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
			"Too many failed sign-ins. Please try again in 15 minutes.")
	}
	u, err := s.checkPassword(ctx, login, password)
	if err != nil {
		return err
	}
	if u == nil {
		for _, k := range keys {
			if err := s.deps.Throttle.RecordLoginFailure(ctx, k, s.deps.Now()); err != nil {
				return err
			}
		}
		return refuse(http.StatusUnauthorized, "Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong login or password.")
	}
	if err := s.deps.Throttle.ClearLoginFailures(ctx, keys[0]); err != nil {
		return err
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
	return nil
}

// throttled reports whether any key has failed too often lately.
func (s *Server) throttled(ctx context.Context, keys []string) (bool, error) {
	since := s.deps.Now().Add(-throttleWindow)
	for i, limit := range []int{throttleAccount, throttleAddr} {
		n, err := s.deps.Throttle.LoginFailures(ctx, keys[i], since)
		if err != nil || n >= limit {
			return err == nil, err
		}
	}
	return false, nil
}

// checkPassword returns the enabled user with that login and password, or
// nil. An unknown login costs the same time as a wrong password, so that
// timing does not tell which logins exist. A hash made with weaker
// parameters than today's is upgraded now that the password is at hand.
func (s *Server) checkPassword(ctx context.Context, login, password string) (*datchuan.User, error) {
	u, err := s.deps.Users.UserByLogin(ctx, login)
	if err != nil && datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		return nil, err
	}
	if u == nil || u.PasswordHash == "" {
		auth.DummyVerify(password)
		return nil, nil
	}
	ok, err := auth.VerifyPassword(u.PasswordHash, password)
	if err != nil || !ok || u.Disabled {
		return nil, err
	}
	if auth.NeedsRehash(u.PasswordHash, auth.DefaultParams) {
		h, err := auth.HashPassword(password)
		if err != nil {
			return nil, err
		}
		if err := s.deps.Users.SetPassword(ctx, u.ID, h); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// startSession ends the browser's previous session, if any, and starts a
// new one for u.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *datchuan.User) error {
	ctx := r.Context()
	if old, err := r.Cookie(sessionCookie); err == nil {
		_ = s.deps.Sessions.DeleteSession(ctx, auth.TokenID(old.Value)) // gone already is fine
	}
	now := s.deps.Now()
	token := auth.NewToken()
	sess := &datchuan.Session{
		ID: auth.TokenID(token), UserID: u.ID, CSRF: auth.NewToken(),
		CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(sessionIdle),
		Addr: s.clientAddr(r), UserAgent: truncate(r.UserAgent(), 200),
	}
	if err := s.deps.Sessions.CreateSession(ctx, sess); err != nil {
		return err
	}
	s.setSessionCookie(w, token)
	s.deps.Log.Info("signed in", "user", u.Login, "addr", sess.Addr)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if v := viewerOf(r); v.session != nil {
		if err := s.deps.Sessions.DeleteSession(r.Context(), v.session.ID); err != nil {
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

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
