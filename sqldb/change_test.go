package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// userActor is a signed-in user acting from an address.
func userActor(id int64) datchuan.Actor {
	return datchuan.Actor{UserID: id, PersonID: id + 100, Name: fmt.Sprintf("Người dùng %d", id), Addr: "203.0.113.7"}
}

// changeIDs returns the IDs of the entries, in order.
func changeIDs(cs []*datchuan.Change) []int64 {
	return field(cs, func(c *datchuan.Change) int64 { return c.ID })
}

func TestChangeLog(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		log := db.Stores().Changes
		// User, person and unit IDs name nothing stored: the log has no
		// foreign key, so an entry outlives what it is about.
		const u1, u2 = 501, 502
		record := func(by datchuan.Actor, action, entity string, id, unit int64, province string, at time.Time) *datchuan.Change {
			c := datchuan.NewChange(by, action, entity, id, action+" "+entity, map[string]int64{"id": id}, nil)
			c.UnitID, c.Province, c.At = unit, province, at
			must(t, log.Record(ctx, c))
			return c
		}
		c1 := record(userActor(7), datchuan.ActValueReport, "value", 11, u1, "84", at(20, 9))
		c2 := record(datchuan.SystemActor("import"), datchuan.ActAssign, "assignment", 0, 0, "84", at(20, 10))
		c3 := record(userActor(1), datchuan.ActUserCreate, "user", 7, 0, "", at(21, 9))
		c4 := record(userActor(8), datchuan.ActValueReview, "value", 11, u1, "84", at(21, 10))
		c5 := record(userActor(9), datchuan.ActValueReport, "value", 12, u2, "80", at(22, 8))
		c6 := record(userActor(7), datchuan.ActPlanUpdate, "plan", 3, 0, "84", time.Time{})
		for i, c := range []*datchuan.Change{c1, c2, c3, c4, c5, c6} {
			if c.ID == 0 || c.At.Location() != time.UTC || (i > 0 && c.ID <= c1.ID) {
				t.Errorf("after Record: %+v", c)
			}
		}
		if !c6.At.Equal(utcNow) {
			t.Errorf("At defaults to %v, want now %v", c6.At, utcNow)
		}
		all, err := log.Changes(ctx, datchuan.ChangeFilter{})
		must(t, err)
		wantEqual(t, []*datchuan.Change{c6, c5, c4, c3, c2, c1}, all, "Changes, newest first")
		if all[3].Actor.System() || !all[4].Actor.System() || all[4].Actor.Name != "system:import" || all[5].Before != `{"id":11}` {
			t.Errorf("entries read back: %+v, %+v, %+v", all[3], all[4], all[5])
		}

		for name, tc := range map[string]struct {
			f    datchuan.ChangeFilter
			want []*datchuan.Change
		}{
			"province":           {datchuan.ChangeFilter{Provinces: []string{"84"}}, []*datchuan.Change{c6, c4, c2, c1}},
			"provinces":          {datchuan.ChangeFilter{Provinces: []string{"80", "84"}}, []*datchuan.Change{c6, c5, c4, c2, c1}},
			"no provinces":       {datchuan.ChangeFilter{Provinces: []string{}}, nil},
			"administrators":     {datchuan.ChangeFilter{Provinces: []string{""}}, []*datchuan.Change{c3}},
			"unit":               {datchuan.ChangeFilter{UnitIDs: []int64{u1}}, []*datchuan.Change{c4, c1}},
			"units":              {datchuan.ChangeFilter{UnitIDs: []int64{u2, u1}}, []*datchuan.Change{c5, c4, c1}},
			"no units":           {datchuan.ChangeFilter{UnitIDs: []int64{}}, nil},
			"user":               {datchuan.ChangeFilter{UserID: 7}, []*datchuan.Change{c6, c1}},
			"entity":             {datchuan.ChangeFilter{Entity: "value"}, []*datchuan.Change{c5, c4, c1}},
			"entity and id":      {datchuan.ChangeFilter{Entity: "value", EntityID: 11}, []*datchuan.Change{c4, c1}},
			"entity id only":     {datchuan.ChangeFilter{EntityID: 7}, []*datchuan.Change{c3}},
			"from (inclusive)":   {datchuan.ChangeFilter{From: at(21, 9)}, []*datchuan.Change{c6, c5, c4, c3}},
			"from, a ns later":   {datchuan.ChangeFilter{From: at(21, 9).Add(time.Nanosecond)}, []*datchuan.Change{c6, c5, c4}},
			"to (exclusive)":     {datchuan.ChangeFilter{To: at(21, 9)}, []*datchuan.Change{c2, c1}},
			"to, a ns later":     {datchuan.ChangeFilter{To: at(21, 9).Add(time.Nanosecond)}, []*datchuan.Change{c3, c2, c1}},
			"from and to":        {datchuan.ChangeFilter{From: at(21, 9), To: at(22, 8)}, []*datchuan.Change{c4, c3}},
			"before":             {datchuan.ChangeFilter{BeforeID: c4.ID}, []*datchuan.Change{c3, c2, c1}},
			"limit":              {datchuan.ChangeFilter{Limit: 2}, []*datchuan.Change{c6, c5}},
			"combined":           {datchuan.ChangeFilter{Provinces: []string{"84"}, Entity: "value", Limit: 1}, []*datchuan.Change{c4}},
			"combined, older":    {datchuan.ChangeFilter{Provinces: []string{"84"}, Entity: "value", BeforeID: c4.ID}, []*datchuan.Change{c1}},
			"nothing":            {datchuan.ChangeFilter{UserID: 8, Entity: "plan"}, nil},
			"user and time span": {datchuan.ChangeFilter{UserID: 7, From: at(21, 0)}, []*datchuan.Change{c6}},
		} {
			got, err := log.Changes(ctx, tc.f)
			must(t, err)
			wantEqual(t, changeIDs(tc.want), changeIDs(got), "%s", name)
		}

		// Paging back, two at a time, walks the whole log once.
		var paged []*datchuan.Change
		f := datchuan.ChangeFilter{Limit: 2}
		for range 10 {
			page, err := log.Changes(ctx, f)
			must(t, err)
			if len(page) == 0 {
				break
			}
			paged = append(paged, page...)
			f.BeforeID = page[len(page)-1].ID
		}
		wantEqual(t, changeIDs(all), changeIDs(paged), "paging")

		for _, c := range []*datchuan.Change{{Entity: "value"}, {Action: datchuan.ActValueReport}} {
			wantCode(t, log.Record(ctx, c), datchuan.EINVALID)
			if c.ID != 0 {
				t.Errorf("a refused entry got ID %d", c.ID)
			}
		}
	})
}

// TestChangeLogAppendOnly edits and deletes an entry straight through the
// database, as someone at a SQL prompt would: both engines refuse, and the
// entry is as it was recorded.
func TestChangeLogAppendOnly(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		log := db.Stores().Changes
		c := datchuan.NewChange(userActor(7), datchuan.ActValueReview, "value", 11, "Trả lại giá trị 17.8", nil, map[string]string{"state": "returned"})
		c.Province = "84"
		must(t, log.Record(ctx, c))
		before, err := log.Changes(ctx, datchuan.ChangeFilter{})
		must(t, err)

		statements := []string{
			fmt.Sprintf(`UPDATE changes SET summary = 'Xác nhận giá trị 17.8' WHERE id = %d`, c.ID),
			`UPDATE changes SET user_id = NULL`,
			fmt.Sprintf(`DELETE FROM changes WHERE id = %d`, c.ID),
			`DELETE FROM changes`,
		}
		if db.Engine() == sqldb.EnginePostgres {
			statements = append(statements, `TRUNCATE changes`)
		}
		for _, q := range statements {
			_, err := raw.Exec(q)
			if err == nil {
				t.Errorf("%s: no error", q)
			} else if !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: error %q does not say the log is append-only", q, err)
			}
		}
		after, err := log.Changes(ctx, datchuan.ChangeFilter{})
		must(t, err)
		wantUnchanged(t, before, after, "the entry")
		if n := mustCount(t, raw, "changes", ""); n != 1 {
			t.Errorf("%d entries, want 1", n)
		}
		// Appending still works.
		must(t, log.Record(ctx, datchuan.NewChange(userActor(7), datchuan.ActValueReport, "value", 12, "Báo cáo lại", nil, nil)))
		if n := mustCount(t, raw, "changes", ""); n != 2 {
			t.Errorf("%d entries after appending, want 2", n)
		}
	})
}

// TestChangeLogMethods checks that the log offers no way to edit or
// delete: its only methods are Record, Changes and Latest, which reads.
func TestChangeLogMethods(t *testing.T) {
	t.Parallel()
	for _, typ := range []reflect.Type{reflect.TypeFor[*sqldb.ChangeLog](), reflect.TypeFor[datchuan.ChangeLog]()} {
		var names []string
		for i := range typ.NumMethod() {
			names = append(names, typ.Method(i).Name)
		}
		sort.Strings(names)
		wantEqual(t, []string{"Changes", "Latest", "Record", "Tail"}, names, "methods of %s", typ)
	}
}

// Tail gives the heads of the entries after one, and of the entries asked
// for again, by ID.
func TestChangeLogTail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		log := db.Stores().Changes
		var ids []int64
		for i, entity := range []string{"value", "plan", "value"} {
			c := datchuan.NewChange(userActor(7), datchuan.ActValueReport, entity, int64(i), "x", nil, nil)
			c.UnitID = int64(100 + i)
			must(t, log.Record(ctx, c))
			ids = append(ids, c.ID)
		}
		all, err := log.Tail(ctx, 0, nil)
		must(t, err)
		wantEqual(t, []datchuan.ChangeHead{{ID: ids[0], Action: datchuan.ActValueReport, Entity: "value", UnitID: 100},
			{ID: ids[1], Action: datchuan.ActValueReport, Entity: "plan", UnitID: 101},
			{ID: ids[2], Action: datchuan.ActValueReport, Entity: "value", UnitID: 102}}, all, "Tail(0)")
		after, err := log.Tail(ctx, ids[1], []int64{ids[0], 999999})
		must(t, err)
		wantEqual(t, []datchuan.ChangeHead{all[0], all[2]}, after, "Tail after the second, with the first again")
		none, err := log.Tail(ctx, ids[2], nil)
		must(t, err)
		if len(none) != 0 {
			t.Errorf("Tail after the last: %v", none)
		}
	})
}

// Latest is the greatest time in the log, even when a clock set back (a
// demo restarted) recorded a later entry with an earlier time.
func TestChangeLogLatest(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		log := db.Stores().Changes
		if got, err := log.Latest(ctx); err != nil || !got.IsZero() {
			t.Errorf("Latest of an empty log = %v, %v; want zero", got, err)
		}
		for _, when := range []time.Time{at(20, 9), at(21, 10), at(20, 11)} {
			c := datchuan.NewChange(userActor(7), datchuan.ActValueReport, "value", 1, "x", nil, nil)
			c.At = when
			must(t, log.Record(ctx, c))
		}
		if got, err := log.Latest(ctx); err != nil || !got.Equal(at(21, 10)) {
			t.Errorf("Latest = %v, %v; want %v", got, err, at(21, 10))
		}
	})
}
