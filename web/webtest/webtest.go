// Package webtest builds a world for the tests of the web layer: a real
// SQLite database holding the Trà Vinh demo (the official units, Plan 45,
// illustrative values and one account per role), the service and web
// server over it, on the demo's clock (01/09/2022 08:00), and a signed-in
// client for each demo account. No fakes: handlers are tested against the
// same storage the program uses.
package webtest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/live"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/sqldb"
	"github.com/datchuan/datchuan/web"
)

// The demo accounts, by the role each stands for.
const (
	Admin    = "quantri"
	Coord    = "vpdp"    // the coordination office of Trà Vinh (84)
	Leader   = "lanhdao" // reads the province
	DeptTNMT = "so-tnmt" // leads criterion 17, not criterion 1
	DeptXD   = "so-xd"   // leads criterion 1
	District = "huyen-caungang"
	Commune  = "xa-nhitruong" // commune 29446 (Nhị Trường) of district 848 (Cầu Ngang)
)

// Start is the demo's clock: 01/09/2022 08:00 in Vietnam, within Plan 45.
var Start = time.Date(2022, 9, 1, 8, 0, 0, 0, datchuan.Vietnam())

// World is one test's own seeded database, service and server.
type World struct {
	t       testing.TB
	DB      *sqldb.DB
	Service *service.Service
	Server  *web.Server
	URL     string
	Sets    datchuan.CriteriaCatalog
	clock   *Clock
	clients map[string]*Client
}

// Clock is a settable clock, starting at Start.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// New returns a world of its own for the test: a copy of the seeded demo
// database, closed when the test ends.
func New(t testing.TB) *World {
	t.Helper()
	tmpl, sets := seeded(t)
	dir := t.TempDir()
	copyFile(t, filepath.Join(tmpl, sqldb.FileName), filepath.Join(dir, sqldb.FileName))
	clock := &Clock{now: Start}
	db, err := sqldb.Open(context.Background(), sqldb.Config{DataDir: dir, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &World{t: t, DB: db, Sets: sets, clock: clock, clients: map[string]*Client{}}
	w.Service = NewService(db, sets, clock.Now)
	if w.Server, err = web.New(web.Deps{Service: w.Service, Ping: db.Ping, Engine: db.Engine(), Demo: true,
		InsecureCookies: true, Log: quiet()}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(w.Server)
	t.Cleanup(ts.Close)
	w.URL = ts.URL
	return w
}

// NewService is the service over db as the program wires it, without mail.
func NewService(db *sqldb.DB, sets datchuan.CriteriaCatalog, now func() time.Time) *service.Service {
	model := live.New(db.Stores(), now)
	return service.New(service.Config{Stores: model.Stores(), Tx: db, Sets: sets, Now: now, MaxUpload: 1 << 20,
		Fresh: model.Sync, Memo: model.Memo, Log: quiet()})
}

// Clock returns the world's clock.
func (w *World) Clock() *Clock { return w.clock }

// Stores are the world's storage services.
func (w *World) Stores() datchuan.Stores { return w.DB.Stores() }

// Changes returns the change-log entries f selects, newest first.
func (w *World) Changes(f datchuan.ChangeFilter) []*datchuan.Change {
	w.t.Helper()
	chs, err := w.DB.Stores().Changes.Changes(context.Background(), f)
	if err != nil {
		w.t.Fatal(err)
	}
	return chs
}

// CountChanges counts the entries of the change log.
func (w *World) CountChanges() int { return len(w.Changes(datchuan.ChangeFilter{})) }

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

var (
	seedOnce sync.Once
	seedDir  string
	seedSets *catalog.Catalog
	seedErr  error
)

// seeded returns the directory of a database holding the demo, made once
// per test binary (importing the unit lists takes seconds), and the
// catalogue of the demo.
func seeded(t testing.TB) (string, *catalog.Catalog) {
	t.Helper()
	seedOnce.Do(func() {
		seedDir, seedErr = os.MkdirTemp("", "datchuan-webtest-")
		if seedErr == nil {
			seedSets, seedErr = seed(seedDir)
		}
	})
	if seedErr != nil {
		t.Fatalf("seed the demo world: %v", seedErr)
	}
	return seedDir, seedSets
}

func seed(dir string) (*catalog.Catalog, error) {
	ctx := context.Background()
	now := func() time.Time { return Start }
	db, err := sqldb.Open(ctx, sqldb.Config{DataDir: dir, Now: now})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	base, err := catalog.Embedded()
	if err != nil {
		return nil, err
	}
	sets, err := demo.WithSets(base)
	if err != nil {
		return nil, err
	}
	snaps, err := catalog.Snapshots()
	if err != nil {
		return nil, err
	}
	for _, s := range snaps {
		if _, err := db.Stores().Units.ApplyUnitSnapshot(ctx, s); err != nil {
			return nil, err
		}
	}
	if _, err := demo.Seed(ctx, db, sets); err != nil {
		return nil, err
	}
	return sets, demo.SeedAccounts(ctx, NewService(db, sets, now))
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// decode reads a JSON body into v, failing the test when it is not JSON.
func decode(t testing.TB, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, body)
	}
}
