package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds the parsed templates and the content-hashed static assets.
type pages struct {
	log    *slog.Logger
	tmpl   map[string]*template.Template
	assets map[string]string // logical name → /static/name?h=hash URL
}

func parsePages(log *slog.Logger) (*pages, error) {
	p := &pages{log: log, tmpl: map[string]*template.Template{}, assets: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(path, "static/")
		p.assets[name] = "/static/" + name + "?h=" + hex.EncodeToString(sum[:6])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hash static assets: %w", err)
	}
	funcs := template.FuncMap{
		"asset":       func(name string) string { return p.assets[name] },
		"statusClass": func(s status.Status) string { return "st-" + string(s) },
		"statusLabel": func(s status.Status) string { return s.LabelVi() },
		"statusMark":  statusMark,
		"vn":          func(d datchuan.Date) string { return d.VN() },
		"pct":         func(x float64) string { return datchuan.FormatNumber(x) + "%" },
		"result":      result,
	}
	maps.Copy(funcs, labelFuncs())
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		p.tmpl[name] = t
	}
	return p, nil
}

// result returns the unit result of a tier in a commune row, or nil.
func result(row rollup.CommuneRow, tier string) *status.UnitResult {
	if r, ok := row.Results[datchuan.Tier(tier)]; ok {
		return &r
	}
	return nil
}

func (p *pages) static() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("h") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		files.ServeHTTP(w, r)
	}))
}

// favicon answers /favicon.ico, which browsers and bookmark tools ask for
// on their own whatever the page links.
func (p *pages) favicon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/x-icon")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.ServeFileFS(w, r, staticFS, "static/favicon.ico")
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (p *pages) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	t := p.tmpl[name]
	if t == nil {
		http.Error(w, "unknown page "+name, http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		p.log.Error("render page", "page", name, "err", err)
		http.Error(w, "Lỗi hiển thị trang (page error)", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

type errorPage struct {
	base
	Status  int
	Message string
}
