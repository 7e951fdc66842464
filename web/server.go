// Package web serves datchuan over HTTP: HTML pages for people and the same
// data as JSON under /api/. Handlers return errors; one adapter turns them
// into responses through a single table of domain error codes.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
)

// Deps is what the server needs from the rest of the program.
type Deps struct {
	Units    datchuan.UnitService
	Targets  datchuan.TargetService
	Values   datchuan.ValueService
	Agencies datchuan.AgencyService
	Sets     datchuan.CriteriaCatalog
	Ping     func(context.Context) error // the database answers
	Engine   string                      // "sqlite" or "postgres", shown by /healthz
	Demo     bool                        // every page says the data is demo data
	Home     string                      // province code the home page opens, "" for the list
	Now      func() time.Time
	Log      *slog.Logger
}

// Server is the HTTP handler of datchuan.
type Server struct {
	deps   Deps
	rollup *rollup.Service
	pages  *pages
	mux    *http.ServeMux
}

// New returns a server ready to serve.
func New(deps Deps) (*Server, error) {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{
		deps:   deps,
		rollup: &rollup.Service{Units: deps.Units, Targets: deps.Targets, Values: deps.Values, Sets: deps.Sets, Now: deps.Now},
		pages:  p,
		mux:    http.NewServeMux(),
	}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("GET /static/", s.pages.static())
	s.handle("GET /{$}", s.homePage)
	s.handle("GET /tinh/{code}", s.provincePage)

	s.handle("GET /api/units", s.apiUnits)
	s.handle("GET /api/units/{code}", s.apiUnit)
	s.handle("GET /api/units/{code}/status", s.apiUnitStatus)
	s.handle("GET /api/units/{code}/territory", s.apiTerritory)
	s.handle("GET /api/districts/{code}/status", s.apiDistrictStatus)
	s.handle("GET /api/provinces/{code}/status", s.apiProvinceStatus)
	s.handle("GET /api/sets", s.apiSets)
	s.handle("GET /api/sets/{id}", s.apiSet)
	s.handle("GET /api/agencies", s.apiAgencies)
}

// ServeHTTP sets the headers every response carries and dispatches.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	s.mux.ServeHTTP(w, r)
}

// handlerFunc is a handler that may fail; handle adapts it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(pattern string, h handlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

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
	msg := datchuan.ErrorMessage(err)
	if isAPI(r) {
		writeJSONStatus(w, st, map[string]any{"error": map[string]string{"code": code, "message": msg}})
		return
	}
	s.pages.render(w, st, "error", errorPage{base: s.base("Lỗi"), Status: st, Message: msg})
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the status is sent; a failed write means the client left
}

// dateParam reads ?on= (dd/mm/yyyy or yyyy-mm-dd); absent means "latest".
func dateParam(r *http.Request) (datchuan.Date, error) {
	s := r.URL.Query().Get("on")
	if s == "" {
		return datchuan.Date{}, nil
	}
	return datchuan.ParseDate(s)
}
