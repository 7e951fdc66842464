package main

import (
	"context"
	"flag"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
)

// demoConfig is the configuration `datchuan demo args...` reads from env.
func demoConfig(t *testing.T, e env, args ...string) *Config {
	t.Helper()
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	cfg, finish := configFlags(fs, e, true)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := finish(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Only the demo's own clock goes on from the log; a start asked for is kept.
func TestDemoClockResumesOnlyByDefault(t *testing.T) {
	if cfg := demoConfig(t, quietEnv()); !cfg.ClockResumes || !cfg.ClockStart.Equal(demoStart(t)) {
		t.Errorf("the demo's default clock: start %v, resumes %v", cfg.ClockStart, cfg.ClockResumes)
	}
	if cfg := demoConfig(t, quietEnv(), "-now", "05/09/2022 09:00"); cfg.ClockResumes {
		t.Error("a clock set by -now goes on from the log")
	}
	e := quietEnv()
	e.Getenv = func(k string) string { return map[string]string{"DATCHUAN_NOW": "01/09/2022 08:00"}[k] }
	if cfg := demoConfig(t, e); cfg.ClockResumes {
		t.Error("a clock set by DATCHUAN_NOW goes on from the log")
	}
}

// The demo's clock starts at 01/09/2022 08:00 the first time; a later start
// goes on from the latest recorded event, so that nothing done after a
// restart is dated before what was done before it.
func TestDemoClockGoesOnAfterARestart(t *testing.T) {
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			base := cfgFor(t)
			real := &testClock{}
			real.Set("20/05/2026 10:00") // the computer's own time: any
			e := quietEnv()
			e.Now = real.Now
			open := func() *app {
				t.Helper()
				cfg := demoConfig(t, e)
				cfg.DataDir, cfg.DatabaseURL = base.DataDir, base.DatabaseURL
				a, err := openApp(context.Background(), *cfg, e, quietLog())
				if err != nil {
					t.Fatal(err)
				}
				return a
			}
			record := func(a *app) time.Time {
				t.Helper()
				ch := datchuan.NewChange(datchuan.SystemAccess("test").Actor, "test", "clock", 0, "an action", nil, nil)
				if err := a.stores.Changes.Record(context.Background(), ch); err != nil {
					t.Fatal(err)
				}
				return ch.At
			}

			a := open()
			if got := a.now(); !got.Equal(demoStart(t)) {
				t.Errorf("first start at %v, want 01/09/2022 08:00", got.In(datchuan.Vietnam()))
			}
			real.Set("20/05/2026 13:00") // three hours of demo later
			before := record(a)
			a.Close()

			real.Set("21/05/2026 09:00") // the demo is started again the next day
			a = open()
			defer a.Close()
			if got := a.now(); got.Before(before) {
				t.Errorf("after a restart the clock reads %v, before the last action at %v",
					got.In(datchuan.Vietnam()), before.In(datchuan.Vietnam()))
			}
			real.Set("21/05/2026 09:05")
			if after := record(a); !before.Before(after) {
				t.Errorf("an action after the restart is dated %v, not after %v", after.In(datchuan.Vietnam()), before.In(datchuan.Vietnam()))
			}
		})
	}
}
