package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

func guidanceNumbers(docs []*datchuan.Guidance) []string {
	return field(docs, func(g *datchuan.Guidance) string { return g.Number })
}

func TestGuidance(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		gs := db.Stores().Guidance
		doc := func(agency int64, set, criterion, number string, month, day int) *datchuan.Guidance {
			g := &datchuan.Guidance{AgencyID: agency, SetID: set, CriterionCode: criterion, Number: number,
				Date: datchuan.NewDate(2022, time.Month(month), day), Title: "Hướng dẫn thực hiện tiêu chí " + criterion}
			must(t, gs.PublishGuidance(ctx, g))
			return g
		}
		first := doc(w.snn, testSet, "17", "101/HD-SNN", 7, 1)
		latest := doc(w.snn, testSet, "17", "130/HD-SNN", 7, 15)
		doc(w.sxd, testSet, "2", "120/HD-SXD", 7, 10)
		doc(w.snn, districtSet, "17", "140/HD-SNN", 8, 1)
		sameDay := doc(w.snn, testSet, "17", "131/HD-SNN", 7, 15)

		full := &datchuan.Guidance{AgencyID: w.sxd, SetID: testSet, CriterionCode: "17", IndicatorCode: "17.8",
			Number: "1234/HD-SXD", Date: datchuan.NewDate(2022, 6, 30), Title: "Hướng dẫn về nghĩa trang", File: w.file, CreatedBy: w.user}
		must(t, gs.PublishGuidance(ctx, full))
		if full.ID == 0 || !full.CreatedAt.Equal(utcNow) || full.Version != 1 {
			t.Errorf("after PublishGuidance: %+v", full)
		}
		got, err := gs.Guidance(ctx, datchuan.GuidanceFilter{SetIDs: []string{testSet}, Criterion: "17"})
		must(t, err)
		wantEqual(t, []*datchuan.Guidance{sameDay, latest, first, full}, got, "Guidance of criterion 17")
		byID, err := gs.GuidanceByID(ctx, full.ID)
		must(t, err)
		wantEqual(t, full, byID, "GuidanceByID")
		_, err = gs.GuidanceByID(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)

		for name, tc := range map[string]struct {
			f    datchuan.GuidanceFilter
			want []string
		}{
			"set":                  {datchuan.GuidanceFilter{SetIDs: []string{testSet}}, []string{"131/HD-SNN", "130/HD-SNN", "120/HD-SXD", "101/HD-SNN", "1234/HD-SXD"}},
			"two sets":             {datchuan.GuidanceFilter{SetIDs: []string{districtSet, testSet}, Criterion: "17"}, []string{"140/HD-SNN", "131/HD-SNN", "130/HD-SNN", "101/HD-SNN", "1234/HD-SXD"}},
			"every set":            {datchuan.GuidanceFilter{}, []string{"140/HD-SNN", "131/HD-SNN", "130/HD-SNN", "120/HD-SXD", "101/HD-SNN", "1234/HD-SXD"}},
			"criterion only":       {datchuan.GuidanceFilter{Criterion: "17"}, []string{"140/HD-SNN", "131/HD-SNN", "130/HD-SNN", "101/HD-SNN", "1234/HD-SXD"}},
			"no sets":              {datchuan.GuidanceFilter{SetIDs: []string{}}, []string{}},
			"unknown set":          {datchuan.GuidanceFilter{SetIDs: []string{"other"}}, []string{}},
			"agency":               {datchuan.GuidanceFilter{AgencyIDs: []int64{w.sxd}}, []string{"120/HD-SXD", "1234/HD-SXD"}},
			"two agencies":         {datchuan.GuidanceFilter{AgencyIDs: []int64{w.sxd, w.snn}, SetIDs: []string{districtSet}}, []string{"140/HD-SNN"}},
			"no agencies":          {datchuan.GuidanceFilter{AgencyIDs: []int64{}}, []string{}},
			"agency without":       {datchuan.GuidanceFilter{AgencyIDs: []int64{w.vpdp}}, []string{}},
			"agency and criterion": {datchuan.GuidanceFilter{AgencyIDs: []int64{w.sxd}, Criterion: "17"}, []string{"1234/HD-SXD"}},
		} {
			got, err := gs.Guidance(ctx, tc.f)
			must(t, err)
			wantEqual(t, tc.want, guidanceNumbers(got), "%s", name)
		}
	})
}

// TestPublishGuidanceRefused sends what the tables refuse: unknown
// references, and the number, date and title their constraints require.
// (Whether a document is complete otherwise is Guidance.Validate's.)
func TestPublishGuidanceRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		gs := db.Stores().Guidance
		for name, change := range map[string]func(g *datchuan.Guidance){
			"no number":       func(g *datchuan.Guidance) { g.Number = "" },
			"no date":         func(g *datchuan.Guidance) { g.Date = datchuan.Date{} },
			"no title":        func(g *datchuan.Guidance) { g.Title = "" },
			"no agency":       func(g *datchuan.Guidance) { g.AgencyID = 0 },
			"unknown agency":  func(g *datchuan.Guidance) { g.AgencyID = 1 << 40 },
			"unknown file":    func(g *datchuan.Guidance) { g.File = strings.Repeat("a", 64) },
			"unknown creator": func(g *datchuan.Guidance) { g.CreatedBy = 1 << 40 },
		} {
			g := &datchuan.Guidance{AgencyID: w.snn, SetID: testSet, CriterionCode: "17", Number: "1/HD",
				Date: datchuan.NewDate(2022, 7, 1), Title: "Hướng dẫn"}
			change(g)
			wantCode(t, gs.PublishGuidance(ctx, g), datchuan.EINVALID)
			if g.ID != 0 {
				t.Errorf("%s: refused guidance got ID %d", name, g.ID)
			}
		}
		got, err := gs.Guidance(ctx, datchuan.GuidanceFilter{})
		must(t, err)
		if len(got) != 0 {
			t.Errorf("%d documents after refused publications", len(got))
		}
	})
}
