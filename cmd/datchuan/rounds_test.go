package main

import (
	"context"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
)

// TestSchedulerWithoutMail: with no mail server (the demo's case) the
// scheduler still opens the week's round of Plan 45 and tells its
// reporters in the app.
func TestSchedulerWithoutMail(t *testing.T) {
	a := demoApp(t, Config{DataDir: t.TempDir()})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { runRounds(ctx, a.svc, quietLog(), 10*time.Millisecond); close(done) }()
	defer func() { cancel(); <-done }()
	var open []*datchuan.Round
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var err error
		if open, err = a.stores.Rounds.Rounds(ctx, datchuan.RoundFilter{Open: true}); err != nil {
			t.Fatal(err)
		}
		if len(open) > 0 {
			break
		}
	}
	if len(open) != 1 || open[0].Week != datchuan.NewDate(2022, 8, 29) || len(open[0].Reporters) != 5 {
		t.Fatalf("open rounds %+v, want this week's (29/08/2022) with its 5 reporters", open)
	}
	// Sở Xây dựng's officer (so-xd) is told in the app.
	u, err := a.stores.Users.UserByLogin(ctx, "so-xd")
	if err != nil {
		t.Fatal(err)
	}
	notes, err := a.stores.Notify.Notifications(ctx, u.PersonID, true)
	if err != nil {
		t.Fatal(err)
	}
	told := false
	for _, n := range notes {
		told = told || (n.Link == datchuan.ReportFormLink(open[0].ID, mustAgency(t, a, "84-SXD")) && n.Digest)
	}
	if !told {
		t.Errorf("so-xd was not told of the round in the app: %+v", notes)
	}
}

// mustAgency is the ID of the agency with the code.
func mustAgency(t *testing.T, a *app, code string) int64 {
	t.Helper()
	ags, err := a.stores.Agencies.FindAgencies(context.Background(), datchuan.AgencyFilter{Code: code})
	if err != nil || len(ags) != 1 {
		t.Fatalf("agency %s: %v, %v", code, ags, err)
	}
	return ags[0].ID
}
