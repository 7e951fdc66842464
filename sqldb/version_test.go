package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// versionedKind is one kind of versioned row, as TestVersions drives it:
// create one, store a text (a title, a note, a name) into it from a
// version, read the stored text and version back.
type versionedKind struct {
	table  string
	create func(t *testing.T) (id int64, version int)
	// update stores text into row id as edited from version and returns
	// the version it sets.
	update func(id int64, version int, text string) (int, error)
	read   func(t *testing.T, id int64) (text string, version int)
}

// versionedOf is the versionedKind of the rows of a service that stores
// them as T: row is what create stores, fields points at the ID, the
// version and the text of a T, and get reads one back.
func versionedOf[T any](ctx context.Context, table string, row T, fields func(*T) (id *int64, version *int, text *string),
	create, update func(context.Context, *T) error, get func(context.Context, int64) (*T, error)) versionedKind {
	return versionedKind{
		table: table,
		create: func(t *testing.T) (int64, int) {
			must(t, create(ctx, &row))
			id, version, _ := fields(&row)
			return *id, *version
		},
		update: func(id int64, version int, text string) (int, error) {
			edit := row
			editID, editVersion, editText := fields(&edit)
			*editID, *editVersion, *editText = id, version, text
			err := update(ctx, &edit)
			return *editVersion, err
		},
		read: func(t *testing.T, id int64) (string, int) {
			got, err := get(ctx, id)
			must(t, err)
			_, version, text := fields(got)
			return *text, *version
		},
	}
}

// versionedKinds returns the versioned kinds of rows of the world's
// database.
func versionedKinds(ctx context.Context, db *sqldb.DB, w planWorld) []versionedKind {
	ps, ts, aps, us := db.Stores().Plans, db.Stores().Tasks, db.Stores().Approvals, db.Stores().Users
	// Assignments are written in batches and read by a filter.
	assign := func(ctx context.Context, a *datchuan.Assignment) error {
		return ps.Assign(ctx, []*datchuan.Assignment{a})
	}
	assignment := func(ctx context.Context, id int64) (*datchuan.Assignment, error) {
		got, err := ps.Assignments(ctx, datchuan.AssignmentFilter{IDs: []int64{id}})
		if err == nil && len(got) != 1 {
			err = fmt.Errorf("%d assignments %d", len(got), id)
		}
		if err != nil {
			return nil, err
		}
		return got[0], nil
	}
	return []versionedKind{
		versionedOf(ctx, "plans",
			datchuan.Plan{ProvinceID: w.province, Number: "45/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22), Title: "Kế hoạch 45"},
			func(p *datchuan.Plan) (*int64, *int, *string) { return &p.ID, &p.Version, &p.Title },
			ps.CreatePlan, ps.UpdatePlan, ps.Plan),
		versionedOf(ctx, "assignments",
			datchuan.Assignment{UnitID: w.c1, SetID: testSet, CriterionCode: "17", LeadID: w.snn, Note: "Ban đầu"},
			func(a *datchuan.Assignment) (*int64, *int, *string) { return &a.ID, &a.Version, &a.Note },
			assign, ps.UpdateAssignment, assignment),
		versionedOf(ctx, "tasks",
			datchuan.Task{UnitID: w.c1, AssigneeID: w.member, Title: "Rà soát"},
			func(t *datchuan.Task) (*int64, *int, *string) { return &t.ID, &t.Version, &t.Title },
			ts.CreateTask, ts.UpdateTask, ts.Task),
		versionedOf(ctx, "approvals",
			datchuan.Approval{AgencyID: w.vpdp, Title: "Danh sách xã", UnitIDs: []int64{w.c1}},
			func(a *datchuan.Approval) (*int64, *int, *string) { return &a.ID, &a.Version, &a.Title },
			aps.CreateApproval, aps.UpdateApproval, aps.Approval),
		versionedOf(ctx, "users",
			datchuan.User{Login: "an", Name: "Người dùng"},
			func(u *datchuan.User) (*int64, *int, *string) { return &u.ID, &u.Version, &u.Name },
			us.CreateUser, us.UpdateUser, us.User),
	}
}

// TestVersions edits each kind of versioned row twice from the same
// version: the first edit wins, the second is a conflict that says to
// reload and changes nothing. An edit of a row deleted meanwhile is
// ENOTFOUND and never brings the row back.
func TestVersions(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		for _, k := range versionedKinds(ctx, db, w) {
			t.Run(k.table, func(t *testing.T) {
				id, v := k.create(t)
				if text, stored := k.read(t, id); v != 1 || stored != 1 {
					t.Fatalf("created at version %d, stored at %d (%q); want 1", v, stored, text)
				}
				v, err := k.update(id, 1, "Lần sửa thứ nhất")
				must(t, err)
				if v != 2 {
					t.Errorf("version after the first edit = %d, want 2", v)
				}
				_, err = k.update(id, 1, "Lần sửa thứ hai, từ trang cũ")
				wantCode(t, err, datchuan.ECONFLICT)
				wantMessage(t, err, "tải lại trang")
				if text, stored := k.read(t, id); text != "Lần sửa thứ nhất" || stored != 2 {
					t.Errorf("after the stale edit: %q at version %d; want the first edit at 2", text, stored)
				}
				_, err = k.update(id, 3, "Từ một phiên bản chưa có")
				wantCode(t, err, datchuan.ECONFLICT)

				if _, err := raw.Exec(fmt.Sprintf(`DELETE FROM %s WHERE id = %d`, k.table, id)); err != nil {
					t.Fatal(err)
				}
				_, err = k.update(id, 2, "Sửa sau khi đã xóa")
				wantCode(t, err, datchuan.ENOTFOUND)
				if n := mustCount(t, raw, k.table, fmt.Sprintf("id = %d", id)); n != 0 {
					t.Errorf("an edit after the delete brought back %d rows", n)
				}
			})
		}
	})
}

// TestDeleteAssignmentVersion deletes an assignment only at the version
// the deleting page saw.
func TestDeleteAssignmentVersion(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ps := db.Stores().Plans
		a := &datchuan.Assignment{UnitID: w.c1, SetID: testSet, CriterionCode: "17", LeadID: w.snn, SupportIDs: []int64{w.vpdp}}
		must(t, ps.Assign(ctx, []*datchuan.Assignment{a}))
		seen := a.Version
		a.Note = "Đã đổi"
		must(t, ps.UpdateAssignment(ctx, a))

		err := ps.DeleteAssignment(ctx, a.ID, seen)
		wantCode(t, err, datchuan.ECONFLICT)
		wantMessage(t, err, "tải lại trang")
		if n := mustCount(t, raw, "assignments", fmt.Sprintf("id = %d", a.ID)); n != 1 {
			t.Fatalf("a stale delete left %d rows, want 1", n)
		}
		must(t, ps.DeleteAssignment(ctx, a.ID, a.Version))
		for _, table := range []string{"assignments", "assignment_agencies"} {
			if n := mustCount(t, raw, table, ""); n != 0 {
				t.Errorf("%d rows in %s after the delete", n, table)
			}
		}
		wantCode(t, ps.DeleteAssignment(ctx, a.ID, a.Version), datchuan.ENOTFOUND)
		wantCode(t, ps.UpdateAssignment(ctx, a), datchuan.ENOTFOUND)
		if n := mustCount(t, raw, "assignments", ""); n != 0 {
			t.Errorf("an update after the delete inserted %d rows", n)
		}
	})
}

// TestUpdateAssignment stores what an edit may change and keeps what it
// may not; what the tables refuse is EINVALID and changes nothing.
func TestUpdateAssignment(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ps := db.Stores().Plans
		p := &datchuan.Plan{ProvinceID: w.province, Number: "45/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22), Title: "Kế hoạch 45"}
		must(t, ps.CreatePlan(ctx, p))
		a := &datchuan.Assignment{PlanID: p.ID, UnitID: w.c1, SetID: testSet, CriterionCode: "17", LeadID: w.snn,
			SupportIDs: []int64{w.vpdp}, Deadline: datchuan.NewDate(2022, 8, 31), CreatedBy: w.user}
		must(t, ps.Assign(ctx, []*datchuan.Assignment{a}))
		original := *a

		edit := *a
		edit.LeadID, edit.SupportIDs, edit.Deadline = w.sxd, []int64{w.snn, w.vpdp, w.snn}, datchuan.NewDate(2022, 9, 30)
		edit.Outputs, edit.Note, edit.Done = []datchuan.Output{datchuan.OutputReport, datchuan.OutputReport}, "Chuyển Sở Xây dựng", true
		// What an edit may not change is kept whatever the input says.
		edit.UnitID, edit.CriterionCode, edit.PlanID, edit.CreatedBy = w.c2, "5", 0, 0
		must(t, ps.UpdateAssignment(ctx, &edit))
		want := original
		want.LeadID, want.SupportIDs, want.Deadline = w.sxd, []int64{w.snn, w.vpdp}, datchuan.NewDate(2022, 9, 30)
		want.Outputs, want.Note, want.Done, want.Version = []datchuan.Output{datchuan.OutputReport}, "Chuyển Sở Xây dựng", true, 2
		wantEqual(t, &want, &edit, "after UpdateAssignment")
		got := mustFind(t, ps.Assignments, datchuan.AssignmentFilter{})
		wantEqual(t, []*datchuan.Assignment{&want}, got, "stored")
		if lead := mustFind(t, ps.Assignments, datchuan.AssignmentFilter{AgencyIDs: []int64{w.sxd}}); len(lead) != 1 {
			t.Errorf("the new lead has %d assignments, want 1", len(lead))
		}

		for name, change := range map[string]func(a *datchuan.Assignment){
			"unknown lead":    func(a *datchuan.Assignment) { a.LeadID = 1 << 40 },
			"unknown support": func(a *datchuan.Assignment) { a.SupportIDs = []int64{w.vpdp, 1 << 40} },
			"lead supports":   func(a *datchuan.Assignment) { a.SupportIDs = []int64{a.LeadID} },
			"unknown output":  func(a *datchuan.Assignment) { a.Outputs = []datchuan.Output{"minutes"} },
		} {
			bad := want
			change(&bad)
			if err := ps.UpdateAssignment(ctx, &bad); datchuan.ErrorCode(err) != datchuan.EINVALID || datchuan.ErrorMessage(err) == "" {
				t.Errorf("%s: UpdateAssignment error %v, want EINVALID", name, err)
			}
		}
		wantEqual(t, []*datchuan.Assignment{&want}, mustFind(t, ps.Assignments, datchuan.AssignmentFilter{}), "refused edits changed the assignment")
	})
}
