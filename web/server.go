// Package web serves datchuan over HTTP: HTML pages for people and the same
// data as JSON under /api/. Handlers only parse the request, ask
// datchuan.Access, call the service or the rollup, and render; the rules
// live in the domain and the use cases in package service. Handlers return
// errors; one adapter turns them into responses through a single table of
// domain error codes.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// Deps is what the server needs from the rest of the program.
type Deps struct {
	Service *service.Service            // the use cases, the stores and the clock
	Ping    func(context.Context) error // the database answers
	Engine  string                      // "sqlite" or "postgres", shown by /healthz
	Demo    bool                        // every page says the data is demo data
	// DemoAccounts are shown on the sign-in page of a demo: login, role.
	DemoAccounts []DemoAccount
	// InsecureCookies drops the Secure flag of cookies, for a server reached
	// over plain HTTP on an intranet. Browsers keep Secure cookies of
	// http://localhost, so the demo does not need it.
	InsecureCookies bool
	// TrustProxy takes the client address from X-Forwarded-For (set it only
	// behind a reverse proxy that overwrites that header).
	TrustProxy bool
	// Pace is how slow a client may be before it is dropped, in place of
	// fixed read and write timeouts (zero: 4 KB/s over 30 s, 30 minutes).
	Pace Pace
	Log  *slog.Logger

	// Synthetic: the database holds the national synthetic data set
	// ("datchuan national"); every page says so.
	Synthetic bool
}

// DemoAccount is a demo sign-in offered on the sign-in page.
type DemoAccount struct {
	Login, Password, RoleVi, RoleEn, Scope string
	ScopeName                              string // the unit's or agency's name, shown instead of its code
}

// Server is the HTTP handler of datchuan.
type Server struct {
	deps   Deps
	svc    *service.Service
	stores datchuan.Stores
	pages  *pages
	mux    *http.ServeMux
	root   http.Handler // mux behind the pace, the cross-origin check and identify
	routes []string     // every pattern, for tests that must cover them all
}

// Routes lists the patterns the server answers, in registration order.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

// New returns a server ready to serve.
func New(deps Deps) (*Server, error) {
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	p, err := parsePages(deps.Log)
	if err != nil {
		return nil, err
	}
	s := &Server{deps: deps, svc: deps.Service, stores: deps.Service.Stores(), pages: p, mux: http.NewServeMux()}
	s.register()
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, datchuan.CrossOrigin())
	}))
	s.root = paced(deps.Pace, cop.Handler(s.identify(s.mux)))
	return s, nil
}

// register sets up the whole surface of the server, one family of pages
// after another; each family's handlers live in the file of its name.
// Every route but the few public ones needs a signed-in user; what each
// user may see or change is decided by datchuan.Access.
func (s *Server) register() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("GET /static/", s.pages.static())
	s.mux.HandleFunc("GET /favicon.ico", s.pages.favicon)
	s.routes = append(s.routes, "GET /healthz", "GET /static/", "GET /favicon.ico")
	s.public("GET /dang-nhap", s.loginForm)
	s.public("POST /dang-nhap", s.login)
	s.public("POST /ngon-ngu", s.setLang)
	s.private("POST /dang-xuat", s.logout)

	s.private("GET /{$}", s.homePage)
	s.private("GET /tinh/{code}", s.provincePage)
	s.private("GET /huyen/{code}", s.districtPage)
	s.private("GET /don-vi/{code}", s.unitPage)
	s.private("GET /muc-tieu/{id}", s.blockersPage)
	s.private("GET /muc-tieu/{id}/viec-con-lai.xlsx", s.blockersXLSX)
	s.private("GET /tim", s.searchPage)
	s.private("GET /tep/{file}", s.file)

	s.private("GET /don-vi/{code}/bao-cao/{set}/{indicator}", s.reportForm)
	s.private("POST /don-vi/{code}/bao-cao/{set}/{indicator}", s.report)
	s.private("GET /xac-nhan", s.queuePage)
	s.private("POST /gia-tri/{id}/xac-nhan", s.review)
	s.private("GET /viec-cua-toi", s.myWorkPage)
	s.private("GET /thong-bao", s.noticesPage)
	s.private("POST /thong-bao/da-doc", s.markNoticesRead)

	s.planRoutes()
	s.taskRoutes()
	s.guidanceRoutes()
	s.approvalRoutes()
	s.roundRoutes()
	s.obstacleRoutes()
	s.inspectionRoutes()
	s.dossierRoutes()
	s.meetingRoutes()
	s.nationalRoutes()
	s.adminRoutes()
	s.private("GET /nhat-ky", s.auditPage)
	s.private("GET /nhat-ky.csv", s.auditCSV)
	s.exportRoutes()
	s.apiRoutes()
}

// ServeHTTP sets the headers every response carries and dispatches.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	if acceptsGzip(r) && r.Method != http.MethodHead {
		g := &gzipWriter{ResponseWriter: w}
		defer g.close()
		w = g
	}
	s.root.ServeHTTP(w, r)
}

// handlerFunc is a handler that may fail; handle adapts it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// public registers a route anyone may call; state changes still need the
// session's CSRF token when there is a session.
func (s *Server) public(pattern string, h handlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.maxBody(r))
		}
		err := checkCSRF(r)
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			s.fail(w, r, err)
		}
	})
}

// maxFormBody bounds a body without files: a form or a JSON body. Its
// longest fields (MaxText characters, up to 9 bytes each once
// percent-encoded) take tens of kilobytes; a body of megabytes is no form
// a person filled, and is cut before it is read whole.
const maxFormBody = 2 << 20

// maxBody is the largest body a request may send: with files (multipart),
// a form with its files, the most a plan takes; else maxFormBody.
func (s *Server) maxBody(r *http.Request) int64 {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return s.svc.MaxUpload()*datchuan.MaxPlanFiles + 1<<20
	}
	return maxFormBody
}

// private registers a route for signed-in users only.
func (s *Server) private(pattern string, h handlerFunc) { s.public(pattern, s.signedIn(h)) }

// statusOf is the one table from domain error codes to HTTP statuses.
var statusOf = map[string]int{
	datchuan.EINVALID:      http.StatusBadRequest,
	datchuan.EUNAUTHORIZED: http.StatusUnauthorized,
	datchuan.EFORBIDDEN:    http.StatusForbidden,
	datchuan.ENOTFOUND:     http.StatusNotFound,
	datchuan.ECONFLICT:     http.StatusConflict,
	datchuan.EINTERNAL:     http.StatusInternalServerError,
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := datchuan.ErrorCode(err)
	st := statusOf[code]
	if st == 0 {
		st = http.StatusInternalServerError
	}
	if st == http.StatusInternalServerError && !errors.Is(err, context.Canceled) {
		s.deps.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	msg := datchuan.ErrorText(err)
	if isAPI(r) {
		// Both languages, each in its own field: a client shows its own.
		body := map[string]any{"code": code, "message": msg.Vi, "message_en": msg.In("en")}
		if f := datchuan.ErrorFields(err); f != nil {
			body["fields"], body["fields_en"] = f, datchuan.ErrorFieldsIn(err, "en")
		}
		writeJSONStatus(w, st, map[string]any{"error": body})
		return
	}
	b := s.pageBase(r, "Lỗi", "Error")
	s.pages.render(w, st, "error", errorPage{base: b, Status: st, Message: msg.In(b.Lang)})
}

func isAPI(r *http.Request) bool {
	return len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/"
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.deps.Ping(ctx); err != nil {
		s.deps.Log.Error("health check", "err", err)
		writeJSONStatus(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "engine": s.deps.Engine})
		return
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"status": "ok", "engine": s.deps.Engine, "demo": s.deps.Demo})
}

func writeJSON(w http.ResponseWriter, v any) error {
	writeJSONStatus(w, http.StatusOK, v)
	return nil
}

func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the status is sent; a failed write means the client left
}

// readJSON decodes a request body of at most 1 MB, refusing unknown fields
// so that a misspelt field is an error, not a silent default.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if cut := cutShort(r); cut != nil {
			return cut
		}
		if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
			return datchuan.Errorf(datchuan.EINVALID, "Nội dung JSON quá %d MB (JSON body larger than %d MB)", tooBig.Limit>>20, tooBig.Limit>>20)
		}
		return datchuan.Errorf(datchuan.EINVALID, "Nội dung JSON không hợp lệ: %v (invalid JSON body)", err)
	}
	return nil
}
