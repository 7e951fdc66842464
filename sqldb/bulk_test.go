package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/sqldb"
)

// loadSets is a small set under testSet: a percentage, a pass/fail and a
// must-be-none indicator, and a condition reported as a pass/fail value.
var loadSets = catalog.Of(&datchuan.CriteriaSet{ID: testSet, NameVi: "Bộ thử", Level: datchuan.LevelCommune,
	Criteria: []datchuan.Criterion{
		{Code: "2", Indicators: []datchuan.Indicator{{Code: "2.1", Kind: datchuan.KindPercentMin}, {Code: "2.2", Kind: datchuan.KindPassFail}}},
		{Code: "17", Indicators: []datchuan.Indicator{{Code: "17.8", Kind: datchuan.KindNoneAllowed}}},
	},
	Conditions: []datchuan.Condition{{Code: "C5", Kind: datchuan.CondBoolean}, {Code: "C1", Kind: datchuan.CondShareOfCommunes}},
})

func loadOpts() datchuan.LoadOptions { return datchuan.LoadOptions{Sets: loadSets} }

// loadRows are reports of the world's commune: a history of 17.8 (returned,
// then confirmed), a ratio waiting for review, a condition, and evidence
// citing a file and a paper.
func loadRows(w valueWorld, file string) []datchuan.Value {
	d := datchuan.NewDate
	return []datchuan.Value{
		{UnitID: w.commune, SetID: testSet, IndicatorCode: "17.8", AsOf: d(2022, 6, 1), Measure: datchuan.BoolMeasure(false),
			ReportedBy: w.reporter, ReportedAt: at(10, 9), Evidence: []string{file, "Biên bản số 12"}, Comment: "Còn 2 cơ sở",
			State: datchuan.StateReturned, ReviewedBy: w.reviewer, ReviewedAt: at(11, 9), ReturnReason: "Thiếu biên bản"},
		{UnitID: w.commune, SetID: testSet, IndicatorCode: "17.8", AsOf: d(2022, 6, 15), Measure: datchuan.NumberMeasure(0),
			ReportedBy: w.reporter, ReportedAt: at(16, 9), State: datchuan.StateConfirmed, ReviewedBy: w.reviewer, ReviewedAt: at(17, 9)},
		{UnitID: w.commune, SetID: testSet, IndicatorCode: "2.1", AsOf: d(2022, 6, 1), Measure: datchuan.RatioMeasure(19, 20), ReportedAt: at(12, 9)},
		{UnitID: w.other, SetID: testSet, IndicatorCode: "C5", AsOf: d(2022, 6, 2), Measure: datchuan.BoolMeasure(true),
			ReportedAt: at(12, 10), State: datchuan.StateConfirmed, ReviewedAt: at(13, 10)},
	}
}

func TestLoadValuesRoundTrip(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		w := mustValueWorld(t, db)
		file := mustPut(t, db.Stores().Files, "bien-ban.pdf", pdf).ID
		rows := loadRows(w, file)
		res, err := db.LoadValues(ctx, rows, loadOpts())
		must(t, err)
		wantEqual(t, datchuan.LoadResult{Values: 4, Reviews: 3, Links: 1}, res, "LoadValues result")
		got := mustFind(t, w.vs.Values, datchuan.ValueFilter{History: true, SetID: testSet})
		wantEqual(t, []*datchuan.Value{&rows[0], &rows[1], &rows[2], &rows[3]}, got, "the loaded history")
		if n := mustCount(t, raw, "value_files", fmt.Sprintf("value_id = %d AND attachment_id = '%s'", rows[0].ID, file)); n != 1 {
			t.Errorf("the file is linked %d times to its report, want 1", n)
		}
		// As of the 16th at noon: the second 17.8 report waits for review.
		asOf := mustFind(t, w.vs.Values, datchuan.ValueFilter{At: at(16, 12), UnitIDs: []int64{w.commune}, IndicatorCode: "17.8"})
		if len(asOf) != 1 || asOf[0].ID != rows[1].ID || asOf[0].State != datchuan.StateReported {
			t.Errorf("17.8 as of 16/06 noon = %+v, want report %d waiting", asOf, rows[1].ID)
		}

		// The same rows reported and reviewed one at a time, in a database
		// of their own, read back alike.
		other := MustOpen(t, db.Engine())
		w2 := mustValueWorld(t, other)
		file2 := mustPut(t, other.Stores().Files, "bien-ban.pdf", pdf).ID
		for _, v := range loadRows(w2, file2) {
			one := v
			one.State, one.ReviewedBy, one.ReviewedAt, one.ReturnReason = "", 0, time.Time{}, ""
			must(t, w2.vs.ReportValue(ctx, &one))
			if v.State != "" {
				must(t, w2.vs.ReviewValue(ctx, &datchuan.Review{ValueID: one.ID, Decision: v.State, By: v.ReviewedBy, At: v.ReviewedAt, Reason: v.ReturnReason}))
			}
		}
		one := mustFind(t, w2.vs.Values, datchuan.ValueFilter{History: true, SetID: testSet})
		wantEqual(t, withoutIDs(got), withoutIDs(one), "loaded (-) and reported one at a time (+)")
	})
}

// withoutIDs returns copies of vs without their IDs, nor those of the
// files they cite, which differ from one database to another.
func withoutIDs(vs []*datchuan.Value) []datchuan.Value {
	out := make([]datchuan.Value, len(vs))
	for i, v := range vs {
		out[i] = *v
		out[i].ID = 0
		out[i].Evidence = nil
		for _, ref := range v.Evidence {
			if datchuan.IsAttachmentID(ref) {
				ref = "a file"
			}
			out[i].Evidence = append(out[i].Evidence, ref)
		}
	}
	return out
}

func TestLoadValuesRefusesBadRow(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		w := mustValueWorld(t, db)
		good := func() datchuan.Value {
			return datchuan.Value{UnitID: w.commune, SetID: testSet, IndicatorCode: "2.2", AsOf: datchuan.NewDate(2022, 6, 1),
				Measure: datchuan.BoolMeasure(true), ReportedBy: w.reporter, ReportedAt: at(10, 9)}
		}
		// Refused rows that ReportValue also refuses: the load says what
		// it says, after the row's number.
		for _, tc := range []struct {
			name string
			bad  func(v *datchuan.Value)
		}{
			{"no set", func(v *datchuan.Value) { v.SetID = "" }},
			{"no as-of date", func(v *datchuan.Value) { v.AsOf = datchuan.Date{} }},
			{"no measure", func(v *datchuan.Value) { v.Measure = datchuan.Measure{} }},
			{"unknown unit", func(v *datchuan.Value) { v.UnitID = 1 << 40 }},
			{"unknown reporter", func(v *datchuan.Value) { v.ReportedBy = 1 << 40 }},
			{"missing file", func(v *datchuan.Value) { v.Evidence = []string{hashOf([]byte("not uploaded"))} }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rows := []datchuan.Value{good(), good(), good()}
				tc.bad(&rows[2])
				one := rows[2]
				alone := w.vs.ReportValue(ctx, &one)
				if alone == nil {
					t.Fatalf("ReportValue accepted %+v", one)
				}
				wantRefusedAt(t, raw, db, rows, 3, datchuan.Textf("Dòng 3: %s (Row 3: %s)", datchuan.ErrorText(alone).Vi, datchuan.ErrorText(alone).En))
			})
		}
		// Rows the domain's rules refuse, as the report form refuses them.
		for _, tc := range []struct {
			name string
			bad  func(v *datchuan.Value)
		}{
			{"unknown indicator", func(v *datchuan.Value) { v.IndicatorCode = "99.9" }},
			{"condition that is no value", func(v *datchuan.Value) { v.IndicatorCode = "C1" }},
			{"yes/no for a percentage", func(v *datchuan.Value) { v.IndicatorCode = "2.1" }},
			{"percentage above 100", func(v *datchuan.Value) { v.IndicatorCode, v.Measure = "2.1", datchuan.NumberMeasure(101) }},
			{"as of tomorrow", func(v *datchuan.Value) { v.AsOf = datchuan.NewDate(2022, 6, 23) }},
			{"returned without a reason", func(v *datchuan.Value) { v.State = datchuan.StateReturned }},
			{"unknown state", func(v *datchuan.Value) { v.State = "approved" }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rows := []datchuan.Value{good(), good(), good()}
				tc.bad(&rows[2])
				set, err := loadSets.Set(testSet)
				must(t, err)
				one := rows[2]
				alone := one.ValidateRow(set.ReportedIndicator(one.IndicatorCode), datchuan.NewDate(2022, 6, 22))
				if alone == nil {
					t.Fatalf("ValidateRow accepted %+v", one)
				}
				wantRefusedAt(t, raw, db, rows, 3, datchuan.Textf("Dòng 3: %s (Row 3: %s)", datchuan.ErrorText(alone).Vi, datchuan.ErrorText(alone).En))
			})
		}
		t.Run("unknown reviewer", func(t *testing.T) {
			rows := []datchuan.Value{good(), good()}
			rows[1].State, rows[1].ReviewedBy = datchuan.StateConfirmed, 1<<40
			wantRefusedAt(t, raw, db, rows, 2, datchuan.Textf("Dòng 2: Người xem xét %d không tồn tại (Row 2: Unknown reviewer)", 1<<40))
		})
		t.Run("unknown set", func(t *testing.T) {
			rows := []datchuan.Value{good()}
			rows[0].SetID = "no-such-set"
			_, err := db.LoadValues(ctx, rows, loadOpts())
			wantCode(t, err, datchuan.ENOTFOUND)
			wantMessage(t, err, "Dòng 1: Không có bộ tiêu chí")
		})
	})
}

// wantRefusedAt loads rows, which must be refused at row with the message
// want, and checks that nothing of them was stored.
func wantRefusedAt(t *testing.T, raw *sql.DB, db *sqldb.DB, rows []datchuan.Value, row int, want datchuan.Text) {
	t.Helper()
	before := mustCount(t, raw, "reported_values", "") + mustCount(t, raw, "reviews", "")
	_, err := db.LoadValues(context.Background(), rows, loadOpts())
	var re *datchuan.RowError
	if !errors.As(err, &re) || re.Row != row {
		t.Fatalf("LoadValues: %v, want a refusal at row %d", err, row)
	}
	wantCode(t, err, datchuan.EINVALID)
	if got := datchuan.ErrorText(err); got != want {
		t.Errorf("refusal = %q, want %q", got, want)
	}
	if after := mustCount(t, raw, "reported_values", "") + mustCount(t, raw, "reviews", ""); after != before {
		t.Errorf("a refused batch stored %d rows", after-before)
	}
	for i, v := range rows {
		if v.ID != 0 {
			t.Errorf("row %d of a refused batch has ID %d", i+1, v.ID)
		}
	}
}

// TestLoadingTransaction loads within a transaction, with a change-log
// entry: committed together, or rolled back together (COPY included on
// PostgreSQL). Within Atomically the same load runs by INSERTs.
func TestLoadingTransaction(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		w := mustValueWorld(t, db)
		many := manyRows(w, 10500)
		entry := func() *datchuan.Change {
			return datchuan.NewChange(datchuan.SystemActor("test"), datchuan.ActValueReport, "value", 0, "Nạp số liệu", nil, nil)
		}
		var seen []int
		load := func(s datchuan.Stores, rows []datchuan.Value) error {
			opt := loadOpts()
			opt.Progress = func(done int) { seen = append(seen, done) }
			if _, err := s.Values.(datchuan.ValueLoader).LoadValues(ctx, rows, opt); err != nil {
				return err
			}
			return s.Changes.Record(ctx, entry())
		}
		errLater := errors.New("a later step failed")
		err := db.Loading(ctx, func(s datchuan.Stores) error {
			if err := load(s, many); err != nil {
				return err
			}
			return errLater
		})
		if !errors.Is(err, errLater) {
			t.Fatalf("Loading: %v", err)
		}
		if n := mustCount(t, raw, "reported_values", ""); n != 0 {
			t.Errorf("a rolled-back load left %d reports", n)
		}
		seen = nil
		must(t, db.Loading(ctx, func(s datchuan.Stores) error { return load(s, manyRows(w, 10500)) }))
		wantEqual(t, []int{10000, 10500}, seen, "progress")
		inAtomically := manyRows(w, 700)
		must(t, db.Atomically(ctx, func(s datchuan.Stores) error { return load(s, inAtomically) }))
		if n := mustCount(t, raw, "reported_values", ""); n != 11200 {
			t.Errorf("%d reports stored, want 11200", n)
		}
		if n := mustCount(t, raw, "reviews", "decision = 'confirmed'"); n != 11200/2 {
			t.Errorf("%d confirmations stored, want %d", n, 11200/2)
		}
		if n := mustCount(t, raw, "changes", "actor = 'system:test'"); n != 2 {
			t.Errorf("%d change-log entries, want 2", n)
		}
		got := mustFind(t, w.vs.Values, datchuan.ValueFilter{History: true, IDs: []int64{inAtomically[699].ID}})
		wantEqual(t, []*datchuan.Value{&inAtomically[699]}, got, "a report loaded within Atomically")
	})
}

// manyRows returns n reports of 17.8 for the world's two units, a day
// apart, every other one confirmed.
func manyRows(w valueWorld, n int) []datchuan.Value {
	rows := make([]datchuan.Value, n)
	for i := range rows {
		unit := w.commune
		if i%3 == 0 {
			unit = w.other
		}
		rows[i] = datchuan.Value{UnitID: unit, SetID: testSet, IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 6, 1).AddDays(-i % 400),
			Measure: datchuan.NumberMeasure(float64(i % 5)), ReportedAt: at(1, 8).Add(time.Duration(i) * time.Second)}
		if i%2 == 0 {
			rows[i].State, rows[i].ReviewedBy, rows[i].ReviewedAt = datchuan.StateConfirmed, w.reviewer, at(20, 8)
		}
	}
	return rows
}

// TestInsertValuesBare: the baseline of the benchmarks stores the rows as
// LoadValues does.
func TestInsertValuesBare(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustValueWorld(t, db)
		rows := manyRows(w, 1200)
		res, err := db.InsertValuesBare(ctx, rows)
		must(t, err)
		wantEqual(t, datchuan.LoadResult{Values: 1200, Reviews: 600}, res, "InsertValuesBare result")
		bare := mustFind(t, w.vs.Values, datchuan.ValueFilter{History: true})

		other := MustOpen(t, db.Engine())
		loaded := manyRows(mustValueWorld(t, other), 1200)
		_, err = other.LoadValues(ctx, loaded, loadOpts())
		must(t, err)
		wantEqual(t, withoutIDs(mustFind(t, other.Stores().Values.Values, datchuan.ValueFilter{History: true})), withoutIDs(bare), "loaded (-) and inserted bare (+)")
	})
}
