package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// errStop is what a test's function returns to make Atomically roll back.
var errStop = errors.New("stop here")

// txTimeout bounds each test of Atomically. Were a service to send a
// statement to a pool instead of the transaction, with SQLite it would
// wait forever for the one write connection that the transaction holds:
// the deadline turns that deadlock into a failure.
const txTimeout = 30 * time.Second

// reportNotifyRecord is the use case of the tests: a value reported, its
// change-log entry and a notice to the reviewer, each checked to be
// visible to the reads of the same transaction (and not outside it).
func reportNotifyRecord(ctx context.Context, s datchuan.Stores, outside datchuan.Stores, w valueWorld) error {
	v := &datchuan.Value{UnitID: w.commune, SetID: testSet, IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 6, 20),
		Measure: datchuan.Measure{Kind: datchuan.MeasureBool, Bool: true}}
	if err := s.Values.ReportValue(ctx, v); err != nil {
		return err
	}
	c := datchuan.NewChange(datchuan.SystemActor("test"), datchuan.ActValueReport, "value", v.ID, "Báo cáo chỉ tiêu 17.8", nil, v)
	c.UnitID, c.Province = w.commune, "84"
	if err := s.Changes.Record(ctx, c); err != nil {
		return err
	}
	if err := s.Notify.Notify(ctx, &datchuan.Notification{PersonID: w.reviewer, Text: "Có giá trị chờ xác nhận"}); err != nil {
		return err
	}
	values, err := s.Values.Values(ctx, datchuan.ValueFilter{IDs: []int64{v.ID}})
	if err != nil || len(values) != 1 {
		return fmt.Errorf("the transaction reads %d of the values it reported (%v)", len(values), err)
	}
	changes, err := s.Changes.Changes(ctx, datchuan.ChangeFilter{Entity: "value", EntityID: v.ID})
	if err != nil || len(changes) != 1 {
		return fmt.Errorf("the transaction reads %d of the changes it recorded (%v)", len(changes), err)
	}
	notes, err := s.Notify.Notifications(ctx, w.reviewer, true)
	if err != nil || len(notes) != 1 {
		return fmt.Errorf("the transaction reads %d of the notifications it wrote (%v)", len(notes), err)
	}
	// Until the commit, nobody else sees any of it.
	if values, err := outside.Values.Values(ctx, datchuan.ValueFilter{IDs: []int64{v.ID}}); err != nil || len(values) != 0 {
		return fmt.Errorf("outside the transaction %d values are seen before the commit (%v)", len(values), err)
	}
	return nil
}

func TestAtomicallyCommits(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), txTimeout)
		defer cancel()
		w := mustValueWorld(t, db)
		must(t, db.Atomically(ctx, func(s datchuan.Stores) error {
			return reportNotifyRecord(ctx, s, db.Stores(), w)
		}))
		for _, table := range []string{"reported_values", "changes", "notifications"} {
			if n := mustCount(t, raw, table, ""); n != 1 {
				t.Errorf("%d rows in %s after the commit, want 1", n, table)
			}
		}
		// The plain stores see what was committed.
		got, err := db.Stores().Changes.Changes(ctx, datchuan.ChangeFilter{})
		must(t, err)
		if len(got) != 1 || got[0].Action != datchuan.ActValueReport || got[0].Actor.Name != "system:test" {
			t.Errorf("changes after the commit: %+v", got)
		}
	})
}

// TestAtomicallyRollsBack fails the use case at its end in several ways:
// neither the value, nor its change-log entry, nor the notice remains, and
// Atomically returns the function's error as is.
func TestAtomicallyRollsBack(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), txTimeout)
		defer cancel()
		w := mustValueWorld(t, db)
		for name, last := range map[string]func(s datchuan.Stores) error{
			"an error of the function": func(datchuan.Stores) error { return errStop },
			// A write that its foreign key refuses: in PostgreSQL it aborts
			// the transaction, in SQLite only the statement.
			"a foreign key": func(s datchuan.Stores) error {
				return s.Notify.Notify(ctx, &datchuan.Notification{PersonID: 1 << 40, Text: "Không ai nhận"})
			},
			// A service of several statements failing midway: the plan row
			// is written, then its target is refused.
			"a nested write failing midway": func(s datchuan.Stores) error {
				return s.Plans.CreatePlan(ctx, &datchuan.Plan{ProvinceID: w.commune, Number: "1/KH", Date: datchuan.NewDate(2022, 6, 1),
					Title: "Kế hoạch", TargetIDs: []int64{1 << 40}})
			},
		} {
			var lastErr error
			err := db.Atomically(ctx, func(s datchuan.Stores) error {
				if err := reportNotifyRecord(ctx, s, db.Stores(), w); err != nil {
					return err
				}
				lastErr = last(s)
				return lastErr
			})
			if err == nil || err != lastErr {
				t.Errorf("%s: Atomically returned %v, want the function's error %v as is", name, err, lastErr)
			}
			for _, table := range []string{"reported_values", "changes", "notifications", "plans"} {
				if n := mustCount(t, raw, table, ""); n != 0 {
					t.Errorf("%s: %d rows in %s after the rollback", name, n, table)
				}
			}
		}
		// The database is usable after the rollbacks.
		must(t, db.Stores().Notify.Notify(ctx, &datchuan.Notification{PersonID: w.reviewer, Text: "Sau khi hoàn tác"}))
	})
}

// TestAtomicallyPanic panics within the function: the transaction is
// rolled back and, in SQLite, the one write connection released.
func TestAtomicallyPanic(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), txTimeout)
		defer cancel()
		w := mustValueWorld(t, db)
		func() {
			defer func() {
				if recover() == nil {
					t.Error("the panic did not go through Atomically")
				}
			}()
			db.Atomically(ctx, func(s datchuan.Stores) error {
				if err := reportNotifyRecord(ctx, s, db.Stores(), w); err != nil {
					t.Error(err)
				}
				panic("boom")
			})
		}()
		if n := mustCount(t, raw, "reported_values", ""); n != 0 {
			t.Errorf("%d values after a panic in Atomically", n)
		}
		must(t, db.Atomically(ctx, func(s datchuan.Stores) error { return reportNotifyRecord(ctx, s, db.Stores(), w) }))
	})
}

// everyTable lists the tables that useEveryStore writes.
var everyTable = []string{"units", "unit_links", "unit_snapshots", "agencies", "persons", "memberships", "leads", "targets",
	"reported_values", "value_files", "reviews", "users", "user_roles", "sessions", "login_failures", "files", "plans",
	"plan_targets", "plan_files", "assignments", "assignment_agencies", "tasks", "task_files", "guidance", "approvals",
	"approval_units", "approval_files", "notifications", "mails", "changes"}

func countEvery(tb testing.TB, raw *sql.DB) map[string]int {
	tb.Helper()
	n := make(map[string]int, len(everyTable))
	for _, table := range everyTable {
		n[table] = mustCount(tb, raw, table, "")
	}
	return n
}

// TestAtomicallyEveryStore writes and reads through every service of the
// bound stores, nested multi-statement writes included. Rolled back,
// nothing of it remains in any table; committed, every table has it. A
// service that escaped the transaction would keep its write after the
// rollback (PostgreSQL) or deadlock until the deadline (SQLite).
func TestAtomicallyEveryStore(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), txTimeout)
		defer cancel()
		w := mustPlanWorld(t, db)
		before := countEvery(t, raw)
		err := db.Atomically(ctx, func(s datchuan.Stores) error {
			if err := useEveryStore(ctx, s, w); err != nil {
				return err
			}
			return errStop
		})
		if err != errStop {
			t.Fatalf("Atomically = %v, want errStop", err)
		}
		wantUnchanged(t, before, countEvery(t, raw), "after the rollback, the rows")
		c1, err := db.Stores().Units.Unit(ctx, w.c1)
		must(t, err)
		if c1.CommuneGroup != "" {
			t.Errorf("the rolled-back classifiers remain: %+v", c1.Classifiers)
		}

		must(t, db.Atomically(ctx, func(s datchuan.Stores) error { return useEveryStore(ctx, s, w) }))
		after := countEvery(t, raw)
		for _, table := range everyTable {
			if after[table] <= before[table] {
				t.Errorf("%s: %d rows after the commit, %d before", table, after[table], before[table])
			}
		}
	})
}

// useEveryStore writes through each service of s and checks that the
// reads of s see each write.
func useEveryStore(ctx context.Context, s datchuan.Stores, w planWorld) error {
	for _, step := range []struct {
		name string
		fn   func() error
	}{
		{"units", func() error { return unitsStep(ctx, s, w) }},
		{"agencies", func() error { return agenciesStep(ctx, s, w) }},
		{"values", func() error { return valuesStep(ctx, s, w) }},
		{"users", func() error { return usersStep(ctx, s) }},
		{"plans", func() error { return plansStep(ctx, s, w) }},
		{"work", func() error { return workStep(ctx, s, w) }},
		{"notices", func() error { return noticesStep(ctx, s, w) }},
	} {
		if err := step.fn(); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return nil
}

// seen is the error of a read that does not see a write of its transaction.
func seen(ok bool, what string, err error) error {
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("the transaction does not read back %s", what)
	}
	return nil
}

func unitsStep(ctx context.Context, s datchuan.Stores, w planWorld) error {
	if err := s.Units.UpdateClassifiers(ctx, w.c1, datchuan.Classifiers{Region: "DBSCL", CommuneGroup: "2"}); err != nil {
		return err
	}
	u, err := s.Units.Unit(ctx, w.c1)
	if err := seen(err == nil && u.CommuneGroup == "2", "the classifiers", err); err != nil {
		return err
	}
	if _, err := s.Units.ApplyUnitSnapshot(ctx, snap2024); err != nil {
		return err
	}
	got, err := s.Units.FindUnits(ctx, datchuan.UnitFilter{Code: "29419", On: day2024})
	return seen(err == nil && len(got) == 1 && got[0].Name == "Xã Mỹ Long", "the new unit list", err)
}

func agenciesStep(ctx context.Context, s datchuan.Stores, w planWorld) error {
	a := &datchuan.Agency{Code: "84-STC", Name: "Sở Tài chính", Kind: datchuan.AgencyDepartment, UnitID: w.province}
	if err := s.Agencies.CreateAgency(ctx, a); err != nil {
		return err
	}
	p := &datchuan.Person{Name: "Lý Văn Tài"}
	if err := s.Agencies.CreatePerson(ctx, p); err != nil {
		return err
	}
	if err := s.Agencies.AddMember(ctx, &datchuan.Membership{PersonID: p.ID, AgencyID: a.ID, Role: "Phó Giám đốc"}); err != nil {
		return err
	}
	if err := s.Agencies.SetLead(ctx, &datchuan.Lead{ProvinceID: w.province, SetID: testSet, CriterionCode: "4", AgencyID: a.ID}); err != nil {
		return err
	}
	members, err := s.Agencies.Members(ctx, a.ID)
	if err := seen(err == nil && len(members) == 1, "the member", err); err != nil {
		return err
	}
	target := &datchuan.Target{UnitID: w.c1, SetID: testSet, Year: 2022}
	if err := s.Targets.CreateTarget(ctx, target); err != nil {
		return err
	}
	_, err = s.Targets.Target(ctx, target.ID)
	return seen(true, "the target", err)
}

func valuesStep(ctx context.Context, s datchuan.Stores, w planWorld) error {
	f := &datchuan.Attachment{Name: "bien-ban.pdf", Data: []byte("%PDF-1.4 biên bản trong giao dịch")}
	if err := s.Files.PutAttachment(ctx, f); err != nil {
		return err
	}
	if _, err := s.Files.Attachment(ctx, f.ID); err != nil {
		return seen(false, "the file", err)
	}
	v := &datchuan.Value{UnitID: w.c1, SetID: testSet, IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 6, 20),
		Measure: datchuan.Measure{Kind: datchuan.MeasureBool, Bool: true}, Evidence: []string{f.ID}, ReportedBy: w.user}
	if err := s.Values.ReportValue(ctx, v); err != nil {
		return err
	}
	if err := s.Values.ReviewValue(ctx, &datchuan.Review{ValueID: v.ID, Decision: datchuan.StateConfirmed, By: w.user}); err != nil {
		return err
	}
	units, err := s.Files.AttachmentUnits(ctx, f.ID)
	if err := seen(err == nil && len(units) == 1, "the evidence link", err); err != nil {
		return err
	}
	got, err := s.Values.Values(ctx, datchuan.ValueFilter{IDs: []int64{v.ID}})
	return seen(err == nil && len(got) == 1 && got[0].State == datchuan.StateConfirmed, "the review", err)
}

func usersStep(ctx context.Context, s datchuan.Stores) error {
	u := &datchuan.User{Login: "trong-giao-dich", Name: "Người dùng mới"}
	if err := s.Users.CreateUser(ctx, u); err != nil {
		return err
	}
	if err := s.Users.AddRole(ctx, &datchuan.Role{UserID: u.ID, Kind: datchuan.RoleAdmin}); err != nil {
		return err
	}
	u.Email = "moi@travinh.gov.vn"
	if err := s.Users.UpdateUser(ctx, u); err != nil {
		return err
	}
	if err := s.Users.SetLang(ctx, u.ID, "en"); err != nil {
		return err
	}
	if err := s.Users.SetPassword(ctx, u.ID, "$argon2id$trong-giao-dich"); err != nil {
		return err
	}
	got, err := s.Users.UserByLogin(ctx, u.Login)
	if err := seen(err == nil && got.Version == 3 && got.Lang == "en" && len(got.Roles) == 1, "the account", err); err != nil {
		return err
	}
	at := testNow
	ss := &datchuan.Session{ID: "tx-session", UserID: u.ID, CSRF: "csrf", ExpiresAt: at.Add(time.Hour)}
	if err := s.Sessions.CreateSession(ctx, ss); err != nil {
		return err
	}
	if err := s.Sessions.TouchSession(ctx, ss.ID, at, at.Add(2*time.Hour)); err != nil {
		return err
	}
	if _, err := s.Sessions.Session(ctx, ss.ID, at); err != nil {
		return seen(false, "the session", err)
	}
	if err := s.Throttle.RecordLoginFailure(ctx, "user:trong-giao-dich", at); err != nil {
		return err
	}
	f, err := s.Throttle.LoginFailures(ctx, "user:trong-giao-dich", at.Add(-time.Minute))
	return seen(err == nil && f.Count == 1, "the failed sign-in", err)
}

func plansStep(ctx context.Context, s datchuan.Stores, w planWorld) error {
	p := &datchuan.Plan{ProvinceID: w.province, Number: "45/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22), Title: "Kế hoạch 45",
		TargetIDs: []int64{w.target}, Files: []string{w.file}}
	if err := s.Plans.CreatePlan(ctx, p); err != nil {
		return err
	}
	p.Signer = "Trần Minh Đức"
	if err := s.Plans.UpdatePlan(ctx, p); err != nil {
		return err
	}
	a := &datchuan.Assignment{PlanID: p.ID, UnitID: w.c2, SetID: testSet, CriterionCode: "17", LeadID: w.snn, SupportIDs: []int64{w.vpdp}}
	if err := s.Plans.Assign(ctx, []*datchuan.Assignment{a}); err != nil {
		return err
	}
	a.Done = true
	if err := s.Plans.UpdateAssignment(ctx, a); err != nil {
		return err
	}
	got, err := s.Plans.Plan(ctx, p.ID)
	if err := seen(err == nil && got.Version == 2 && got.Signer == p.Signer, "the plan", err); err != nil {
		return err
	}
	as, err := s.Plans.Assignments(ctx, datchuan.AssignmentFilter{PlanID: p.ID})
	return seen(err == nil && len(as) == 1 && as[0].Done && as[0].Version == 2, "the assignment", err)
}

func workStep(ctx context.Context, s datchuan.Stores, w planWorld) error {
	task := &datchuan.Task{UnitID: w.c1, AssigneeID: w.member, Title: "Rà soát tiêu chí 17", Files: []string{w.file}}
	if err := s.Tasks.CreateTask(ctx, task); err != nil {
		return err
	}
	task.Status = datchuan.TaskDoing
	if err := s.Tasks.UpdateTask(ctx, task); err != nil {
		return err
	}
	if got, err := s.Tasks.Task(ctx, task.ID); err != nil || got.Status != datchuan.TaskDoing {
		return seen(false, "the task", err)
	}
	g := &datchuan.Guidance{AgencyID: w.snn, SetID: testSet, CriterionCode: "17", Number: "101/HD-SNN",
		Date: datchuan.NewDate(2022, 7, 1), Title: "Hướng dẫn tiêu chí 17", File: w.file}
	if err := s.Guidance.PublishGuidance(ctx, g); err != nil {
		return err
	}
	if _, err := s.Guidance.GuidanceByID(ctx, g.ID); err != nil {
		return seen(false, "the guidance", err)
	}
	ap := &datchuan.Approval{AgencyID: w.vpdp, Title: "Danh sách xã đạt chuẩn", UnitIDs: []int64{w.c1}, Files: []string{w.file}}
	if err := s.Approvals.CreateApproval(ctx, ap); err != nil {
		return err
	}
	ap.State = datchuan.ApprovalSubmitted
	if err := s.Approvals.UpdateApproval(ctx, ap); err != nil {
		return err
	}
	got, err := s.Approvals.Approval(ctx, ap.ID)
	return seen(err == nil && got.State == datchuan.ApprovalSubmitted, "the approval", err)
}

func noticesStep(ctx context.Context, s datchuan.Stores, w planWorld) error {
	n := &datchuan.Notification{PersonID: w.member, Text: "Nhiệm vụ mới"}
	if err := s.Notify.Notify(ctx, n); err != nil {
		return err
	}
	if err := s.Notify.MarkRead(ctx, w.member, []int64{n.ID}, time.Time{}); err != nil {
		return err
	}
	unread, err := s.Notify.Notifications(ctx, w.member, true)
	if err := seen(err == nil && len(unread) == 0, "the notification read", err); err != nil {
		return err
	}
	if _, err := s.Notify.QueueMail(ctx, &datchuan.Mail{To: "xa@travinh.gov.vn", Key: "tx:1", Subject: "Nhắc việc"}); err != nil {
		return err
	}
	mails, err := s.Notify.ClaimMail(ctx, "tx", 10, testNow, time.Minute)
	if err := seen(err == nil && len(mails) == 1, "the queued mail", err); err != nil {
		return err
	}
	if err := s.Notify.MailSent(ctx, mails[0].ID, testNow, nil); err != nil {
		return err
	}
	c := datchuan.NewChange(datchuan.SystemActor("test"), datchuan.ActDemoSeed, "demo", 0, "Mọi bảng", nil, nil)
	if err := s.Changes.Record(ctx, c); err != nil {
		return err
	}
	got, err := s.Changes.Changes(ctx, datchuan.ChangeFilter{Entity: "demo"})
	return seen(err == nil && len(got) == 1, "the change", err)
}
