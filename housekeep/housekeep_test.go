package housekeep_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/housekeep"
	"github.com/datchuan/datchuan/internal/dbtest"
)

// TestJob runs the job over a day-old upload that nothing cites and one
// that a value cites: the first goes, with one change-log entry by
// system:housekeeping saying so; a run that removes nothing writes none.
func TestJob(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			now := time.Date(2022, 9, 2, 8, 0, 0, 0, datchuan.Vietnam())
			db := dbtest.Open(t, engine, func() time.Time { return now })
			ctx := context.Background()
			st := db.Stores()
			yesterday := now.Add(-25 * time.Hour)
			unused := &datchuan.Attachment{Name: "bi-tu-choi.pdf", Data: []byte("%PDF-1.4 refused"), UploadedAt: yesterday}
			cited := &datchuan.Attachment{Name: "bien-ban.pdf", Data: []byte("%PDF-1.4 cited"), UploadedAt: yesterday}
			for _, a := range []*datchuan.Attachment{unused, cited} {
				if err := st.Files.PutAttachment(ctx, a); err != nil {
					t.Fatal(err)
				}
			}
			snap := datchuan.UnitSnapshot{Name: "x", Units: []datchuan.UnitRecord{{Code: "84", Name: "Tỉnh Trà Vinh", Type: "Tỉnh", Level: datchuan.LevelProvince}}}
			if _, err := st.Units.ApplyUnitSnapshot(ctx, snap); err != nil {
				t.Fatal(err)
			}
			units, err := st.Units.FindUnits(ctx, datchuan.UnitFilter{Code: "84"})
			if err != nil || len(units) != 1 {
				t.Fatalf("units %v, %v", units, err)
			}
			if err := st.Values.ReportValue(ctx, &datchuan.Value{UnitID: units[0].ID, SetID: "s", IndicatorCode: "1.1", AsOf: datchuan.NewDate(2022, 9, 1),
				Measure: datchuan.BoolMeasure(true), Evidence: []string{cited.ID}}); err != nil {
				t.Fatal(err)
			}

			job := &housekeep.Job{Tx: db, Now: func() time.Time { return now }}
			removed, err := job.Tick(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if removed.Attachments != 1 || removed.Contents != 1 || removed.Bytes != unused.Size || len(removed.IDs) != 1 || removed.IDs[0] != unused.ID {
				t.Errorf("removed %+v, want the unused upload", removed)
			}
			if _, err := st.Files.Attachment(ctx, unused.ID); datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
				t.Errorf("the unused upload is still there: %v", err)
			}
			if _, err := st.Files.Attachment(ctx, cited.ID); err != nil {
				t.Errorf("the cited upload: %v", err)
			}
			if again, err := job.Tick(ctx); err != nil || again.Attachments != 0 {
				t.Errorf("second run: %+v, %v", again, err)
			}

			log, err := st.Changes.Changes(ctx, datchuan.ChangeFilter{Entity: "file"})
			if err != nil {
				t.Fatal(err)
			}
			if len(log) != 1 {
				t.Fatalf("%d change-log entries about files, want 1 (one run removed something): %+v", len(log), log)
			}
			c := log[0]
			if c.Actor.Name != "system:housekeeping" || c.Action != datchuan.ActFilesRemove || !strings.Contains(c.Summary, "Xóa 1 tệp") ||
				!strings.Contains(c.After, unused.ID) || !c.At.Equal(now) {
				t.Errorf("entry %+v", c)
			}
		})
	}
}
