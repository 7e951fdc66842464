package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/service"
)

// firstStartCut is the state a demo's first start leaves when it is killed
// after its data are written: the unit lists and the demo data, and only
// the first accounts of the demo, before the flag saying it is done.
func firstStartCut(t *testing.T, cfg Config, accounts int, lastWithoutRole bool) {
	t.Helper()
	ctx := context.Background()
	cfg.ClockStart = demoStart(t)
	a, err := openApp(ctx, cfg, quietEnv(), quietLog()) // migrations and unit lists
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sets, err := demo.WithSets(a.sets)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, a.db, sets); err != nil {
		t.Fatal(err)
	}
	c := a.svc.System("demo")
	for i, acc := range demo.Accounts[:accounts] {
		u, err := a.svc.CreateAccount(ctx, c, service.AccountInput{Login: acc.Login, Name: acc.Name, Password: demo.Password})
		if err != nil {
			t.Fatal(err)
		}
		if lastWithoutRole && i == accounts-1 {
			break
		}
		role, err := a.svc.ParseRole(ctx, c, u.ID, service.RoleInput{Kind: string(acc.Kind), Unit: acc.Scope, Agency: acc.Scope})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.svc.AddRole(ctx, c, role); err != nil {
			t.Fatal(err)
		}
	}
}

// checkDemoComplete opens the demo on cfg as its next start does and
// checks that it is whole: one seeding, every account with its one role.
func checkDemoComplete(t *testing.T, cfg Config) {
	t.Helper()
	a := demoApp(t, cfg)
	ctx := context.Background()
	if flag, err := a.db.Meta(ctx, metaDemo); err != nil || flag != "1" {
		t.Errorf("meta demo = %q, %v; want 1", flag, err)
	}
	seeds := 0
	chs, err := a.stores.Changes.Changes(ctx, datchuan.ChangeFilter{Entity: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chs {
		if c.Action == datchuan.ActDemoSeed {
			seeds++
		}
	}
	if seeds != 1 {
		t.Errorf("%d demo seedings in the change log, want 1", seeds)
	}
	for _, acc := range demo.Accounts {
		u, err := a.stores.Users.UserByLogin(ctx, acc.Login)
		if err != nil {
			t.Errorf("account %s: %v", acc.Login, err)
			continue
		}
		if len(u.Roles) != 1 || u.Roles[0].Kind != acc.Kind {
			t.Errorf("account %s has roles %+v, want one %s", acc.Login, u.Roles, acc.Kind)
		}
	}
}

// A first start killed after the demo data were written used to leave a
// database that never started again ("seed demo: demo agency 84-BCD:
// conflict"). Every point between the seeding and the flag that says it is
// done is one the next start finishes.
func TestDemoFirstStartCutShort(t *testing.T) {
	cuts := []struct {
		name            string
		accounts        int
		lastWithoutRole bool
	}{
		{"after the data, before the accounts", 0, false},
		{"between an account and its role", 3, true},
		{"after the accounts, before the flag", len(demo.Accounts), false},
	}
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			for i, cut := range cuts {
				if name != "sqlite" && i > 0 {
					break // the transactions are the same on PostgreSQL; one cut shows them
				}
				t.Run(cut.name, func(t *testing.T) {
					cfg := cfgFor(t)
					firstStartCut(t, cfg, cut.accounts, cut.lastWithoutRole)
					checkDemoComplete(t, cfg)
				})
			}
		})
	}
}

// demoChildDir, when set, makes TestDemoChild run the demo on that folder
// until it is killed: the parent test's child process.
const demoChildDir = "DATCHUAN_TEST_DEMO_CHILD"

func TestDemoChild(t *testing.T) {
	dir := os.Getenv(demoChildDir)
	if dir == "" {
		t.Skip("runs as the child of TestDemoFirstStartKilled")
	}
	e := env{Getenv: func(k string) string { return "" }, Stdout: os.Stdout, Stderr: os.Stderr}
	err := run(context.Background(), []string{"demo", "-data", dir, "-addr", "127.0.0.1:0"}, e)
	t.Fatalf("the demo stopped: %v", err)
}

// A real kill -9 of the demo's first start, at each step that writes:
// while the seeding transaction runs, between two accounts, and just before
// the flag. Each start goes on from where the last one was killed, and the
// last one finds the demo whole.
func TestDemoFirstStartKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the demo four times")
	}
	dir := t.TempDir()
	for _, at := range []string{
		`msg="unit lists ready"`,                       // the seeding transaction is running
		`msg="user created" by=system:demo login=vpdp`, // the data are in, the accounts half made
		`msg="demo data`,                               // the accounts are made; the flag is not yet
	} {
		killAt(t, dir, at)
	}
	checkDemoComplete(t, Config{DataDir: dir})
}

// killAt starts the demo on dir in a child process and kills it (SIGKILL)
// as soon as it logs a line holding at; it fails the test when the child
// ends or never logs it.
func killAt(t *testing.T, dir, at string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestDemoChild$")
	cmd.Env = append(os.Environ(), demoChildDir+"="+dir)
	out, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	var seen []string
	for lines.Scan() {
		seen = append(seen, lines.Text())
		if strings.Contains(lines.Text(), at) {
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			t.Logf("killed at %.120s", lines.Text())
			return
		}
	}
	t.Fatalf("the demo never logged %q:\n%s", at, strings.Join(seen, "\n"))
}
