package service_test

import (
	"context"
	"errors"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/sqldb"
	"github.com/datchuan/datchuan/web/webtest"
)

// breaking is a Transactor over the world's database whose transactions
// fail at one step: the change-log entry, or the notice.
type breaking struct {
	db   *sqldb.DB
	step string // "log" or "notice"
}

var errBroken = errors.New("the disk is full")

func (b breaking) Atomically(ctx context.Context, fn func(datchuan.Stores) error) error {
	return b.db.Atomically(ctx, func(tx datchuan.Stores) error {
		switch b.step {
		case "log":
			tx.Changes = brokenLog{tx.Changes}
		case "notice":
			tx.Notify = brokenNotify{tx.Notify}
		}
		return fn(tx)
	})
}

type brokenLog struct{ datchuan.ChangeLog }

func (brokenLog) Record(context.Context, *datchuan.Change) error { return errBroken }

type brokenNotify struct{ datchuan.NotifyService }

func (brokenNotify) Notify(context.Context, *datchuan.Notification) error { return errBroken }

// serviceOn is the service of the world with tx as its transactor.
func serviceOn(w *webtest.World, tx datchuan.Transactor) *service.Service {
	return service.New(service.Config{Stores: w.Stores(), Tx: tx, Sets: w.Sets, Now: w.Clock().Now})
}

// caller is the service's caller for a demo login.
func caller(t *testing.T, w *webtest.World, svc *service.Service, login string) service.Caller {
	t.Helper()
	ctx := context.Background()
	u, err := w.Stores().Users.UserByLogin(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	tree := svc.Tree()
	acc, err := datchuan.LoadAccess(ctx, u, tree, w.Stores().Agencies)
	if err != nil {
		t.Fatal(err)
	}
	return service.Caller{Access: acc, Tree: tree}
}

func values(t *testing.T, w *webtest.World) int {
	t.Helper()
	vs, err := w.Stores().Values.Values(context.Background(), datchuan.ValueFilter{History: true})
	if err != nil {
		t.Fatal(err)
	}
	return len(vs)
}

const communeSet = "demo-tv-ntm-commune-2021-2025"

// A report whose change-log entry cannot be written is not stored: the
// change and its entry are one transaction.
func TestWriteFailingMidwayKeepsNothing(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	in := service.ValueInput{Unit: "29446", SetID: communeSet, Indicator: "1.1", Value: "đạt", AsOf: "20/08/2022",
		ReplaceConfirmed: true, KeepEvidence: true}
	beforeValues, beforeChanges := values(t, w), w.CountChanges()

	broken := serviceOn(w, breaking{db: w.DB, step: "log"})
	if _, err := broken.ReportValue(ctx, caller(t, w, broken, webtest.Commune), in); !errors.Is(err, errBroken) {
		t.Fatalf("report with a broken log: %v, want the log's error", err)
	}
	if n := values(t, w); n != beforeValues {
		t.Errorf("%d values stored although their log entry failed", n-beforeValues)
	}
	if n := w.CountChanges(); n != beforeChanges {
		t.Errorf("%d log entries written by a failed transaction", n-beforeChanges)
	}

	// The same report through a sound store is kept with its entry.
	v, err := w.Service.ReportValue(ctx, caller(t, w, w.Service, webtest.Commune), in)
	if err != nil {
		t.Fatal(err)
	}
	chs := w.Changes(datchuan.ChangeFilter{Entity: "value", EntityID: v.ID})
	if len(chs) != 1 || chs[0].Action != datchuan.ActValueReport || chs[0].Actor.Name == "" || chs[0].Province != "84" {
		t.Fatalf("log of the report: %+v", chs)
	}
}

// A return whose notice cannot be written is not stored either: the
// reporter is never left untold of a decision that stands.
func TestNoticeFailingKeepsNoDecision(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	v, err := w.Service.ReportValue(ctx, caller(t, w, w.Service, webtest.Commune),
		service.ValueInput{Unit: "29446", SetID: communeSet, Indicator: "1.1", Value: "đạt", AsOf: "20/08/2022",
			ReplaceConfirmed: true, KeepEvidence: true})
	if err != nil {
		t.Fatal(err)
	}
	broken := serviceOn(w, breaking{db: w.DB, step: "notice"})
	if _, _, err := broken.ReviewValue(ctx, caller(t, w, broken, webtest.DeptXD), v.ID, "return", "Thiếu biên bản"); !errors.Is(err, errBroken) {
		t.Fatalf("return with broken notices: %v", err)
	}
	got, _, err := w.Service.ValueByID(ctx, caller(t, w, w.Service, webtest.DeptXD), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != datchuan.StateReported {
		t.Errorf("the value is %s after a failed return, want still reported", got.State)
	}
	if chs := w.Changes(datchuan.ChangeFilter{Entity: "value", EntityID: v.ID}); len(chs) != 1 {
		t.Errorf("%d log entries for the value, want only its report", len(chs))
	}

	if _, _, err := w.Service.ReviewValue(ctx, caller(t, w, w.Service, webtest.DeptXD), v.ID, "return", "Thiếu biên bản"); err != nil {
		t.Fatal(err)
	}
	notes, err := w.Stores().Notify.Notifications(ctx, v.ReportedBy, true)
	if err != nil || len(notes) != 1 {
		t.Fatalf("the reporter has %d notices (%v), want the return", len(notes), err)
	}
}

// Nobody confirms their own report, whatever the entry point: the rule is
// the service's, asked of Access.
func TestOwnReportIsRefused(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	coord := caller(t, w, w.Service, webtest.Coord)
	v, err := w.Service.ReportValue(ctx, coord, service.ValueInput{Unit: "29446", SetID: communeSet, Indicator: "1.1", Value: "đạt", AsOf: "20/08/2022",
		ReplaceConfirmed: true, KeepEvidence: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.Service.ReviewValue(ctx, coord, v.ID, "confirm", ""); datchuan.ErrorCode(err) != datchuan.EFORBIDDEN {
		t.Errorf("the coordination office confirming its own report: %v, want EFORBIDDEN", err)
	}
	if _, _, err := w.Service.ReviewValue(ctx, caller(t, w, w.Service, webtest.DeptXD), v.ID, "confirm", ""); err != nil {
		t.Errorf("the lead department confirming it: %v", err)
	}
}
