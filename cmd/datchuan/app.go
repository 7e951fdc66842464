package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/mail"
	"github.com/datchuan/datchuan/remind"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/sqldb"
	"github.com/datchuan/datchuan/web"
	"github.com/datchuan/datchuan/work"
)

// app is the wired program: one database, its services and the criteria
// catalogue. cmd/datchuan is the only place that wires adapters together.
type app struct {
	db        *sqldb.DB
	units     datchuan.UnitService
	agencies  datchuan.AgencyService
	targets   datchuan.TargetService
	values    datchuan.ValueService
	users     datchuan.UserService
	sessions  datchuan.SessionService
	throttle  datchuan.LoginThrottle
	files     datchuan.FileService
	plans     datchuan.PlanService
	tasks     datchuan.TaskService
	guidance  datchuan.GuidanceService
	approvals datchuan.ApprovalService
	notify    datchuan.NotifyService
	sets      *catalog.Catalog
	demo      bool
	now       func() time.Time
	log       *slog.Logger
	kick      func() // asks the reminder job to send the outbox now; nil without mail
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
	if !cfg.ClockStart.IsZero() {
		e.Now = startClock(cfg.ClockStart, e.now)
	}
	db, err := sqldb.Open(ctx, sqldb.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir, Now: e.now})
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	a := &app{db: db, log: log, now: e.now,
		units: sqldb.NewUnitService(db), agencies: sqldb.NewAgencyService(db),
		targets: sqldb.NewTargetService(db), values: sqldb.NewValueService(db),
		users: sqldb.NewUserService(db), sessions: sqldb.NewSessionService(db),
		throttle: sqldb.NewLoginThrottle(db), files: sqldb.NewFileService(db),
		plans: sqldb.NewPlanService(db), tasks: sqldb.NewTaskService(db), guidance: sqldb.NewGuidanceService(db),
		approvals: sqldb.NewApprovalService(db), notify: sqldb.NewNotifyService(db)}
	flag, err := db.Meta(ctx, metaDemo)
	if err != nil && datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		return nil, err
	}
	a.demo = cfg.Demo || flag == "1"
	if a.sets, err = loadSets(cfg.SetsDir, a.demo); err != nil {
		return nil, err
	}
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
		extra, err := catalog.LoadWith(sets, demo.Sets())
		if err != nil {
			return nil, fmt.Errorf("demo criteria sets: %w", err)
		}
		if sets, err = catalog.Merge(sets, extra); err != nil {
			return nil, err
		}
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
		res, err := a.units.ApplyUnitSnapshot(ctx, s)
		if err != nil {
			return fmt.Errorf("import %s: %w", s.Name, err)
		}
		if !res.Unchanged {
			a.log.Info("imported unit list", "list", s.Name, "opened", res.Opened, "closed", res.Closed, "kept", res.Kept, "links", res.Links)
		}
	}
	a.log.Info("unit lists ready", "lists", len(snaps), "took", time.Since(start).Round(time.Millisecond))
	return a.db.SetMeta(ctx, metaUnits, strings.Join(names, ","))
}

func (a *app) seedDemo(ctx context.Context) error {
	start := time.Now()
	sum, err := demo.Seed(ctx, demo.Stores{Units: a.units, Agencies: a.agencies, Targets: a.targets, Values: a.values, Sets: a.sets, Plans: a.plans})
	if err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	if err := a.seedDemoAccounts(ctx); err != nil {
		return err
	}
	a.log.Info("demo data written", "agencies", sum.Agencies, "people", sum.People, "targets", sum.Targets,
		"values", sum.Values, "reviews", sum.Reviews, "accounts", len(demo.Accounts), "took", time.Since(start).Round(time.Millisecond))
	return a.db.SetMeta(ctx, metaDemo, "1")
}

// seedDemoAccounts creates one account per role (demo.Accounts).
func (a *app) seedDemoAccounts(ctx context.Context) error {
	for _, acc := range demo.Accounts {
		u, err := web.CreateAccount(ctx, a.users, a.agencies, acc.Login, acc.Name, acc.Login+"@datchuan.invalid", "vi", demo.Password)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", acc.Login, err)
		}
		role, err := a.role(ctx, u.ID, acc.Kind, acc.Scope)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", acc.Login, err)
		}
		if err := a.users.AddRole(ctx, role); err != nil {
			return fmt.Errorf("demo account %s: %w", acc.Login, err)
		}
	}
	return nil
}

// role builds a role of kind for a user from a scope written as people
// write it: a unit code ("848") or, for a department officer, an agency
// code ("84-STNMT").
func (a *app) role(ctx context.Context, userID int64, kind datchuan.RoleKind, scope string) (*datchuan.Role, error) {
	r := &datchuan.Role{UserID: userID, Kind: kind}
	switch {
	case !kind.Valid():
		return nil, datchuan.Errorf(datchuan.EINVALID, "vai trò %q không có; dùng một trong: %s (unknown role)", kind, roleKindList())
	case kind == datchuan.RoleDepartment:
		ags, err := a.agencies.FindAgencies(ctx, datchuan.AgencyFilter{Code: scope})
		if err != nil {
			return nil, err
		}
		if len(ags) == 0 {
			return nil, datchuan.Errorf(datchuan.EINVALID, "không có cơ quan mã %q (no such agency)", scope)
		}
		r.AgencyID = ags[0].ID
	case kind.ScopeLevel() != "":
		// The version in force on the app's today: codes are reused.
		resolver := &rollup.Service{Units: a.units, Now: a.now}
		u, _, err := resolver.Resolve(ctx, kind.ScopeLevel(), scope, datchuan.Date{})
		if err != nil {
			return nil, datchuan.Errorf(datchuan.EINVALID, "không có đơn vị cấp %s mã %q (no unit of that level with this code)", kind.ScopeLevel(), scope)
		}
		r.UnitID = u.ID
	}
	return r, nil
}

func roleKindList() string {
	var names []string
	for _, k := range datchuan.RoleKinds {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// server builds the web server of the app, on the app's clock.
func (a *app) server(cfg Config, log *slog.Logger) (*web.Server, error) {
	deps := web.Deps{
		Units: a.units, Targets: a.targets, Values: a.values, Agencies: a.agencies, Sets: a.sets,
		Users: a.users, Sessions: a.sessions, Throttle: a.throttle, Files: a.files,
		Plans: a.plans, Tasks: a.tasks, Guidance: a.guidance, Approvals: a.approvals, Notify: a.notify,
		BaseURL: cfg.BaseURL, Kick: a.kick,
		Ping: a.db.Ping, Engine: a.db.Engine(), Demo: a.demo,
		MaxUpload: cfg.MaxUploadMB << 20, InsecureCookies: cfg.InsecureCookies, TrustProxy: cfg.TrustProxy,
		Now: a.now, Log: log,
	}
	if a.demo {
		for _, acc := range demo.Accounts {
			deps.DemoAccounts = append(deps.DemoAccounts, web.DemoAccount{Login: acc.Login, Password: demo.Password,
				RoleVi: acc.Kind.LabelVi(), RoleEn: acc.Kind.LabelEn(), Scope: acc.Scope})
		}
	}
	return web.New(deps)
}

// reminders returns the reminder job of this instance, or nil when no SMTP
// server is configured. Run it with job.Run; the web server built after
// this call kicks it when a notice is queued.
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
		Work:  work.Stores{Units: a.units, Agencies: a.agencies, Values: a.values, Plans: a.plans, Tasks: a.tasks, Sets: a.sets},
		Users: a.users, Notify: a.notify, Mailer: sender, Now: a.now, Hour: cfg.RemindHour,
		Instance: fmt.Sprintf("%s:%d", host, os.Getpid()), BaseURL: cfg.BaseURL, Log: a.log,
	}
	a.kick = job.Kick
	return job, nil
}
