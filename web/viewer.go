package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/auth"
	"github.com/datchuan/datchuan/service"
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
)

// viewer is who is asking: nil user when nobody is signed in.
type viewer struct {
	user    *datchuan.User
	session *datchuan.Session
	lang    string
	// caller is the viewer's access and the request's unit tree: what
	// every question about units and permissions goes through.
	caller service.Caller
	work   *work.Work // computed once per request, by workOf
}

// access is what the viewer may do (nothing, for nobody signed in).
func (v *viewer) access() *datchuan.Access { return v.caller.Access }

type viewerKey struct{}

func viewerOf(r *http.Request) *viewer {
	if v, ok := r.Context().Value(viewerKey{}).(*viewer); ok {
		return v
	}
	return &viewer{lang: "vi", caller: service.Caller{Access: &datchuan.Access{}}}
}

// identify loads the session of the request, if any, into its context.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang, chosen := langOf(r)
		v := &viewer{lang: lang, caller: s.svc.Caller(&datchuan.Access{})}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && !sessionless(r.URL.Path) {
			if err := s.loadSession(r.Context(), v, c.Value, chosen); err != nil {
				if datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
					s.fail(w, r, err)
					return
				}
				s.clearSessionCookie(w)
			}
		}
		if v.user != nil {
			v.caller.Actor.Addr = s.clientAddr(r)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), viewerKey{}, v)))
	})
}

// sessionless reports whether a path is served the same to everyone: the
// static files every page loads and the health check. Reading the
// session (and catching up with the change log) for each would be work
// nobody uses.
func sessionless(path string) bool {
	return strings.HasPrefix(path, "/static/") || path == "/healthz" || path == "/favicon.ico"
}

// loadSession fills v from the session of token. The account's language
// applies unless the browser chose one (langChosen).
func (s *Server) loadSession(ctx context.Context, v *viewer, token string, langChosen bool) error {
	// A write made since the last request, here or on another instance,
	// is seen by this one: an account disabled or a role taken away
	// elsewhere included.
	if err := s.svc.Fresh(ctx); err != nil {
		return err
	}
	now := s.svc.Now()
	sess, err := s.stores.Sessions.Session(ctx, auth.TokenID(token), now)
	if err != nil {
		return err
	}
	u, acc, err := s.svc.Principal(ctx, v.caller.Tree, sess.UserID)
	if err != nil {
		return err
	}
	if u.Disabled {
		return datchuan.Errorf(datchuan.ENOTFOUND, "tài khoản đã khóa (account disabled)")
	}
	if now.Sub(sess.SeenAt) > sessionTouch {
		exp := now.Add(sessionIdle)
		if limit := sess.CreatedAt.Add(sessionMax); exp.After(limit) {
			exp = limit
		}
		if err := s.stores.Sessions.TouchSession(ctx, sess.ID, now, exp); err != nil {
			return err
		}
	}
	v.user, v.session, v.caller.Access = u, sess, acc
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
		if v.user != nil { // loadSession brought the read model up to date
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
		// The token is a field of the form: a form that did not come whole
		// is refused for that, not as a forgery.
		if err := parseForm(r); err != nil {
			return err
		}
		tok = r.PostFormValue("csrf")
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(v.session.CSRF)) != 1 {
		return datchuan.UnverifiedForm()
	}
	return nil
}
