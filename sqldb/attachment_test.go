package sqldb_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// Two people upload the same bytes under their own names: each gets an
// attachment of their own, with their name, uploader and time, over one
// stored content.
func TestAttachments(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		fs := db.Stores().Files
		lan := mustUser(t, db.Stores().Users, "lan")
		minh := mustUser(t, db.Stores().Users, "minh")

		f := &datchuan.Attachment{Name: "bienban-quyhoach.pdf", Data: pdf, UploadedBy: lan.ID}
		must(t, fs.PutAttachment(ctx, f))
		if !datchuan.IsAttachmentID(f.ID) || f.ID == hashOf(pdf) {
			t.Fatalf("attachment ID %q: want 64 hex digits of its own, not the content's hash", f.ID)
		}
		want := &datchuan.Attachment{ID: f.ID, Hash: hashOf(pdf), Name: "bienban-quyhoach.pdf", ContentType: "application/pdf",
			Size: int64(len(pdf)), UploadedBy: lan.ID, UploadedAt: testNow.UTC().Truncate(time.Microsecond), Data: pdf}
		wantEqual(t, want, f, "after PutAttachment")
		got, err := fs.Attachment(ctx, f.ID)
		must(t, err)
		wantEqual(t, want, got, "Attachment")

		// The same bytes by someone else: an attachment of their own.
		again := &datchuan.Attachment{Name: "hd-215-sxd.pdf", ContentType: "application/pdf", Data: slices.Clone(pdf),
			UploadedBy: minh.ID, UploadedAt: at(30, 9)}
		must(t, fs.PutAttachment(ctx, again))
		if again.ID == f.ID || again.Hash != f.Hash {
			t.Fatalf("the same bytes again: ID %s (first %s), hash %s (first %s)", again.ID, f.ID, again.Hash, f.Hash)
		}
		wantAgain := &datchuan.Attachment{ID: again.ID, Hash: hashOf(pdf), Name: "hd-215-sxd.pdf", ContentType: "application/pdf",
			Size: int64(len(pdf)), UploadedBy: minh.ID, UploadedAt: at(30, 9).UTC(), Data: pdf}
		got, err = fs.Attachment(ctx, again.ID)
		must(t, err)
		wantEqual(t, wantAgain, got, "the second attachment of the bytes")
		got, err = fs.Attachment(ctx, f.ID)
		must(t, err)
		wantEqual(t, want, got, "the first attachment after the second")
		if n := mustCount(t, raw, "files", ""); n != 1 {
			t.Errorf("%d contents stored for one content uploaded twice, want 1", n)
		}

		photo := mustPut(t, fs, "anh-hien-truong.txt", []byte("not really a photo"))
		if photo.ContentType != "text/plain; charset=utf-8" || photo.UploadedBy != 0 {
			t.Errorf("third attachment: %+v", photo)
		}
		infos, err := fs.Attachments(ctx, []string{photo.ID, hashOf([]byte("never stored")), f.ID, again.ID})
		must(t, err)
		wantInfo, againInfo, photoInfo := *want, *wantAgain, *photo
		wantInfo.Data, againInfo.Data, photoInfo.Data = nil, nil, nil
		wantEqual(t, map[string]*datchuan.Attachment{f.ID: &wantInfo, again.ID: &againInfo, photo.ID: &photoInfo}, infos, "Attachments")
		for _, ids := range [][]string{nil, {}} {
			infos, err := fs.Attachments(ctx, ids)
			must(t, err)
			if infos == nil || len(infos) != 0 {
				t.Errorf("Attachments(%#v) = %#v, want an empty map", ids, infos)
			}
		}

		_, err = fs.Attachment(ctx, hashOf(pdf)) // a content's hash names no attachment made since
		wantCode(t, err, datchuan.ENOTFOUND)
		wantCode(t, fs.PutAttachment(ctx, &datchuan.Attachment{Name: "rong.pdf"}), datchuan.EINVALID)
		wantCode(t, fs.PutAttachment(ctx, &datchuan.Attachment{Name: "x.pdf", Data: []byte("x"), UploadedBy: 1 << 40}), datchuan.EINVALID)
		if n := mustCount(t, raw, "files", "hash = '"+hashOf([]byte("x"))+"'"); n != 0 {
			t.Errorf("a refused attachment left its content stored")
		}
	})
}

// TestConcurrentPutAttachment uploads one new content from many goroutines
// at once, each under its own name: every upload succeeds with an
// attachment of its own, and the content is stored once.
func TestConcurrentPutAttachment(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		fs := db.Stores().Files
		for round := range 5 {
			data := fmt.Appendf(nil, "biên bản số %d", round)
			const n = 8
			files := make([]*datchuan.Attachment, n)
			errs := make([]error, n)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range n {
				files[i] = &datchuan.Attachment{Name: fmt.Sprintf("upload-%d.txt", i), Data: data}
				wg.Go(func() {
					<-start
					errs[i] = fs.PutAttachment(context.Background(), files[i])
				})
			}
			close(start)
			wg.Wait()
			ids := map[string]bool{}
			for i := range n {
				must(t, errs[i])
				got, err := fs.Attachment(context.Background(), files[i].ID)
				must(t, err)
				if got.Name != fmt.Sprintf("upload-%d.txt", i) || got.Hash != hashOf(data) || !bytes.Equal(got.Data, data) {
					t.Errorf("round %d: upload %d reads back %q %s", round, i, got.Name, got.Hash)
				}
				ids[files[i].ID] = true
			}
			if len(ids) != n {
				t.Errorf("round %d: %d uploads got %d attachments", round, n, len(ids))
			}
			if c := mustCount(t, raw, "files", "hash = '"+hashOf(data)+"'"); c != 1 {
				t.Errorf("round %d: content stored %d times", round, c)
			}
		}
	})
}

// TestEvidenceAttachments reports values citing attachments: the citations
// are linked to the attachments cited (not to others of the same bytes),
// and an ID naming no attachment is refused.
func TestEvidenceAttachments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustValueWorld(t, db)
		fs := db.Stores().Files
		report := mustPut(t, fs, "bien-ban.pdf", pdf)
		twin := mustPut(t, fs, "ban-sao-cua-nguoi-khac.pdf", pdf)
		unused := mustPut(t, fs, "khong-dung.txt", []byte("cited by nothing"))
		units := func(id string) []int64 {
			t.Helper()
			got, err := fs.AttachmentUnits(ctx, id)
			must(t, err)
			return got
		}

		evidence := []string{report.ID, "Báo cáo số 12/BC-UBND", report.ID}
		v := w.mustReport(t, &datchuan.Value{IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 6, 1),
			Measure: datchuan.BoolMeasure(true), Evidence: evidence})
		wantEqual(t, []int64{w.commune}, units(report.ID), "AttachmentUnits after one citing value")
		wantEqual(t, []int64{}, units(twin.ID), "AttachmentUnits of another attachment of the same bytes")
		// The evidence column keeps every reference, as given.
		got := mustFind(t, w.vs.Values, datchuan.ValueFilter{IndicatorCode: "17.8"})
		if len(got) != 1 || got[0].ID != v.ID || !slices.Equal(got[0].Evidence, evidence) {
			t.Errorf("Values after reporting with evidence files: %+v", got)
		}

		w.mustReport(t, &datchuan.Value{UnitID: w.other, IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 6, 1),
			Measure: datchuan.BoolMeasure(true), Evidence: []string{report.ID}})
		w.mustReport(t, &datchuan.Value{IndicatorCode: "17.9", AsOf: datchuan.NewDate(2022, 6, 1),
			Measure: datchuan.BoolMeasure(true), Evidence: []string{report.ID}})
		wantUnits := []int64{w.commune, w.other}
		slices.Sort(wantUnits)
		wantEqual(t, wantUnits, units(report.ID), "AttachmentUnits after three citing values in two units")
		wantEqual(t, []int64{}, units(unused.ID), "AttachmentUnits of an uncited attachment")
		wantEqual(t, []int64{}, units(hashOf([]byte("never stored"))), "AttachmentUnits of an unknown attachment")

		// An ID naming no attachment is refused, together with its value;
		// so is the content's hash, which names no attachment made since.
		for _, missing := range []string{hashOf([]byte("never uploaded")), report.Hash} {
			err := w.vs.ReportValue(ctx, &datchuan.Value{UnitID: w.commune, SetID: testSet, IndicatorCode: "1.1",
				AsOf: datchuan.NewDate(2022, 6, 1), Measure: datchuan.BoolMeasure(true), Evidence: []string{report.ID, missing}})
			wantCode(t, err, datchuan.EINVALID)
			if msg := datchuan.ErrorMessage(err); !strings.Contains(msg, "Tệp minh chứng không tồn tại") {
				t.Errorf("missing file message = %q", msg)
			}
		}
		if got := mustFind(t, w.vs.Values, datchuan.ValueFilter{History: true, IndicatorCode: "1.1"}); len(got) != 0 {
			t.Errorf("a value citing a missing file was stored: %+v", got)
		}
		wantEqual(t, wantUnits, units(report.ID), "the refused value left a link")

		// Only 64 lowercase hex digits name an attachment; anything else is free text.
		missing := hashOf([]byte("never uploaded"))
		for _, ref := range []string{strings.ToUpper(missing), missing[:63], missing + "0"} {
			w.mustReport(t, &datchuan.Value{IndicatorCode: "1.2", AsOf: datchuan.NewDate(2022, 6, 1),
				Measure: datchuan.BoolMeasure(true), Evidence: []string{ref}})
		}
	})
}
