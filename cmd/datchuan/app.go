package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/sqldb"
)

// app is the wired program: one database, its services and the criteria
// catalogue. cmd/datchuan is the only place that wires adapters together.
type app struct {
	db       *sqldb.DB
	units    datchuan.UnitService
	agencies datchuan.AgencyService
	targets  datchuan.TargetService
	values   datchuan.ValueService
	sets     *catalog.Catalog
	demo     bool
	log      *slog.Logger
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
	db, err := sqldb.Open(ctx, sqldb.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir, Now: e.now})
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	a := &app{db: db, log: log,
		units: sqldb.NewUnitService(db), agencies: sqldb.NewAgencyService(db),
		targets: sqldb.NewTargetService(db), values: sqldb.NewValueService(db)}
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
	sum, err := demo.Seed(ctx, demo.Stores{Units: a.units, Agencies: a.agencies, Targets: a.targets, Values: a.values, Sets: a.sets})
	if err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	a.log.Info("demo data written", "agencies", sum.Agencies, "people", sum.People, "targets", sum.Targets,
		"values", sum.Values, "reviews", sum.Reviews, "took", time.Since(start).Round(time.Millisecond))
	return a.db.SetMeta(ctx, metaDemo, "1")
}
