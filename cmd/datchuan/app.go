package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/live"
	"github.com/datchuan/datchuan/mail"
	"github.com/datchuan/datchuan/remind"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/sqldb"
	"github.com/datchuan/datchuan/web"
)

// app is the wired program: one database, the use cases over it and the
// criteria catalogue. cmd/datchuan is the only place that wires adapters
// together.
type app struct {
	db      *sqldb.DB
	stores  datchuan.Stores
	model   *live.Model // the in-memory reads of the service
	svc     *service.Service
	sets    *catalog.Catalog
	demo    bool
	now     func() time.Time
	log     *slog.Logger
	command string // the verb running, for the change log: "system:<command>"

	national bool // the database holds the national synthetic data set (national.go)
}

// Meta keys the program keeps in the database.
const (
	metaUnits = "units_snapshots" // names of the unit lists applied, comma-separated
	metaDemo  = "demo"            // "1" when the database holds the demo
)

// openApp opens the database (applying migrations), loads the criteria
// sets, makes sure the official unit lists are imported and, for the demo,
// seeds it once.
func openApp(ctx context.Context, cfg Config, e env, log *slog.Logger) (_ *app, err error) {
	command := cfg.Command
	if command == "" {
		command = "serve"
	}
	// The database reads the app's clock, which may start where the log
	// ends: clock is set once that is known, before anything is written.
	clock := e.now
	db, err := sqldb.Open(ctx, sqldb.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir, Now: func() time.Time { return clock() }})
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	if !cfg.ClockStart.IsZero() {
		start, err := clockStart(ctx, cfg, db.Stores().Changes)
		if err != nil {
			return nil, err
		}
		clock = startClock(start, e.now)
	}
	a := &app{db: db, stores: db.Stores(), log: log, now: clock, command: command}
	flag, err := db.Meta(ctx, metaDemo)
	if err != nil && datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		return nil, err
	}
	a.demo = cfg.Demo || flag == "1"
	if a.sets, err = loadSets(cfg.SetsDir, a.demo); err != nil {
		return nil, err
	}
	if err := a.nationalData(ctx, cfg, e, &clock); err != nil {
		return nil, err
	}
	// The service reads current values, targets and units from memory,
	// brought up to date before each request and after each write.
	a.model = live.New(a.stores, a.now)
	a.svc = service.New(service.Config{Stores: a.model.Stores(), Tx: db, Sets: a.sets, Now: a.now, MaxUpload: cfg.MaxUploadMB << 20,
		Fresh: a.model.Sync, Memo: a.model.Memo, Log: log})
	if err := a.importUnits(ctx); err != nil {
		return nil, err
	}
	if cfg.Demo && flag != "1" {
		if err := a.seedDemo(ctx); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (a *app) Close() error { return a.db.Close() }

// clockStart is where the app's clock starts: cfg.ClockStart, or, for the
// demo's own clock (ClockResumes), the latest change-log entry when that
// is later, so that an action after a restart is never dated before the
// actions before it.
func clockStart(ctx context.Context, cfg Config, log datchuan.ChangeLog) (time.Time, error) {
	if !cfg.ClockResumes {
		return cfg.ClockStart, nil
	}
	latest, err := log.Latest(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if latest.After(cfg.ClockStart) {
		return latest, nil
	}
	return cfg.ClockStart, nil
}

// loadSets returns the shipped criteria sets, plus the operator's directory
// and, in a demo database, the demo's Trà Vinh sets.
func loadSets(dir string, withDemo bool) (*catalog.Catalog, error) {
	sets, err := catalog.Embedded()
	if err != nil {
		return nil, fmt.Errorf("shipped criteria sets: %w", err)
	}
	if dir != "" {
		extra, err := catalog.LoadDirWith(sets, dir)
		if err != nil {
			return nil, err
		}
		if sets, err = catalog.Merge(sets, extra); err != nil {
			return nil, err
		}
	}
	if withDemo {
		return demo.WithSets(sets)
	}
	return sets, nil
}

// importUnits applies the embedded official unit lists that the database
// has not seen yet, in order. Parsing them is skipped when all are applied.
func (a *app) importUnits(ctx context.Context) error {
	names := catalog.SnapshotNames()
	done, err := a.db.Meta(ctx, metaUnits)
	if err != nil && datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		return err
	}
	if done == strings.Join(names, ",") {
		return nil
	}
	start := time.Now()
	snaps, err := catalog.Snapshots()
	if err != nil {
		return fmt.Errorf("read unit lists: %w", err)
	}
	for _, s := range snaps {
		if err := a.importSnapshot(ctx, s); err != nil {
			return fmt.Errorf("import %s: %w", s.Name, err)
		}
	}
	a.log.Info("unit lists ready", "lists", len(snaps), "took", time.Since(start).Round(time.Millisecond))
	return a.db.SetMeta(ctx, metaUnits, strings.Join(names, ","))
}

// importSnapshot applies one official unit list with its change-log
// entry, in one transaction; a list applied before changes nothing and
// writes no entry.
func (a *app) importSnapshot(ctx context.Context, snap datchuan.UnitSnapshot) error {
	return a.db.Atomically(ctx, func(tx datchuan.Stores) error {
		res, err := tx.Units.ApplyUnitSnapshot(ctx, snap)
		if err != nil || res.Unchanged {
			return err
		}
		a.log.Info("imported unit list", "list", snap.Name, "opened", res.Opened, "closed", res.Closed, "kept", res.Kept, "links", res.Links)
		return tx.Changes.Record(ctx, datchuan.NewChange(datchuan.SystemActor(a.command), datchuan.ActUnitsImport, "units", 0,
			fmt.Sprintf("Nạp danh mục đơn vị hành chính %s: mở %d, đóng %d, giữ %d, %d liên kết", snap.Name, res.Opened, res.Closed, res.Kept, res.Links), nil, res))
	})
}

// seedDemo writes the demo on its first start. The start may be killed at
// any point: every step is safe to run again (the data is one transaction
// that a second run finds and skips, the accounts are made only where
// missing) and the flag that says it is done is written last.
func (a *app) seedDemo(ctx context.Context) error {
	start := time.Now()
	sum, err := demo.Seed(ctx, a.db, a.sets)
	if err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	if err := demo.SeedAccounts(ctx, a.svc); err != nil {
		return err
	}
	if sum.Earlier {
		a.log.Info("demo data found from a first start cut short; its accounts are complete", "accounts", len(demo.Accounts))
	} else {
		a.log.Info("demo data written", "agencies", sum.Agencies, "people", sum.People, "targets", sum.Targets,
			"values", sum.Values, "reviews", sum.Reviews, "accounts", len(demo.Accounts), "took", time.Since(start).Round(time.Millisecond))
	}
	// Seeding reads the unit lists and writes a province's data: tens of
	// megabytes the server never needs again. Hand them back now rather
	// than carry them as resident memory for the demo's whole life.
	defer debug.FreeOSMemory()
	return a.db.SetMeta(ctx, metaDemo, "1")
}

// server builds the web server of the app, on the app's clock.
func (a *app) server(ctx context.Context, cfg Config, log *slog.Logger) (*web.Server, error) {
	deps := web.Deps{Service: a.svc, Ping: a.db.Ping, Engine: a.db.Engine(), Demo: a.demo,
		InsecureCookies: cfg.InsecureCookies, TrustProxy: cfg.TrustProxy, Pace: cfg.pace(), Log: log}
	deps.Synthetic = a.national
	if a.demo {
		for _, acc := range demo.Accounts {
			name, err := a.scopeName(ctx, acc)
			if err != nil {
				return nil, err
			}
			deps.DemoAccounts = append(deps.DemoAccounts, web.DemoAccount{Login: acc.Login, Password: demo.Password,
				RoleVi: acc.Kind.LabelVi(), RoleEn: acc.Kind.LabelEn(), Scope: acc.Scope, ScopeName: name})
		}
	}
	return web.New(deps)
}

// scopeName is the name of a demo account's unit or agency, as the sign-in
// page shows it ("Xã Nhị Trường", "Sở Xây dựng"): a bare code means
// nothing to someone trying the demo. "" for the administrator.
func (a *app) scopeName(ctx context.Context, acc demo.Account) (string, error) {
	switch {
	case acc.Scope == "":
		return "", nil
	case acc.Kind == datchuan.RoleDepartment:
		ags, err := a.stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{Code: acc.Scope})
		if err != nil || len(ags) == 0 {
			return acc.Scope, err
		}
		return ags[0].Name, nil
	}
	u, _, err := datchuan.NewUnitTree(a.stores.Units, a.now).Resolve(ctx, acc.Kind.ScopeLevel(), acc.Scope, datchuan.Date{})
	if err != nil {
		return "", fmt.Errorf("demo account %s: %w", acc.Login, err)
	}
	return u.Name, nil
}

// reminders returns the reminder job of this instance, or nil when no SMTP
// server is configured. Run it with job.Run; notices queued by the service
// kick it.
func (a *app) reminders(cfg Config) (*remind.Job, error) {
	if !cfg.SMTPEnabled {
		return nil, nil
	}
	sender, err := mail.New(cfg.SMTP)
	if err != nil {
		return nil, usagef("%v", err)
	}
	host, _ := os.Hostname()
	job := &remind.Job{
		Stores: a.stores, Sets: a.sets, Mailer: sender, Now: a.now, Hour: cfg.RemindHour,
		Instance: fmt.Sprintf("%s:%d", host, os.Getpid()), BaseURL: cfg.BaseURL, Log: a.log,
	}
	a.svc.SetMail(cfg.BaseURL, job.Kick)
	return job, nil
}
