package sqldb_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

func TestFiles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fs := db.Stores().Files
		lan := mustUser(t, db.Stores().Users, "lan")

		f := &datchuan.File{Name: "bien-ban-kiem-tra.pdf", Data: pdf, UploadedBy: lan.ID}
		must(t, fs.PutFile(ctx, f))
		want := &datchuan.File{Hash: hashOf(pdf), Name: "bien-ban-kiem-tra.pdf", ContentType: "application/pdf",
			Size: int64(len(pdf)), UploadedBy: lan.ID, UploadedAt: testNow.UTC().Truncate(time.Microsecond), Data: pdf}
		wantEqual(t, want, f, "after PutFile")
		got, err := fs.File(ctx, f.Hash)
		must(t, err)
		wantEqual(t, want, got, "File")

		// The same content again is stored once, under its first name.
		again := &datchuan.File{Name: "ban-sao.pdf", ContentType: "text/plain", Data: slices.Clone(pdf), UploadedAt: at(30, 9)}
		must(t, fs.PutFile(ctx, again))
		wantEqual(t, want, again, "PutFile of stored content")

		photo := mustPut(t, fs, "anh-hien-truong.txt", []byte("not really a photo"))
		if photo.ContentType != "text/plain; charset=utf-8" || photo.UploadedBy != 0 {
			t.Errorf("second file: %+v", photo)
		}
		infos, err := fs.FileInfos(ctx, []string{photo.Hash, hashOf([]byte("never stored")), f.Hash})
		must(t, err)
		wantInfo := *want
		wantInfo.Data = nil
		photoInfo := *photo
		photoInfo.Data = nil
		wantEqual(t, map[string]*datchuan.File{f.Hash: &wantInfo, photo.Hash: &photoInfo}, infos, "FileInfos")
		for _, hashes := range [][]string{nil, {}} {
			infos, err := fs.FileInfos(ctx, hashes)
			must(t, err)
			if infos == nil || len(infos) != 0 {
				t.Errorf("FileInfos(%#v) = %#v, want an empty map", hashes, infos)
			}
		}

		_, err = fs.File(ctx, hashOf([]byte("never stored")))
		wantCode(t, err, datchuan.ENOTFOUND)
		wantCode(t, fs.PutFile(ctx, &datchuan.File{Name: "rong.pdf"}), datchuan.EINVALID)
		wantCode(t, fs.PutFile(ctx, &datchuan.File{Name: "x.pdf", Data: []byte("x"), UploadedBy: 1 << 40}), datchuan.EINVALID)
		_, err = fs.File(ctx, hashOf([]byte("x")))
		wantCode(t, err, datchuan.ENOTFOUND)
	})
}

// TestConcurrentPutFile uploads one new content from many goroutines at
// once: every upload succeeds and all see the one stored name.
func TestConcurrentPutFile(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		fs := db.Stores().Files
		for round := range 5 {
			data := fmt.Appendf(nil, "biên bản số %d", round)
			const n = 8
			files := make([]*datchuan.File, n)
			errs := make([]error, n)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range n {
				files[i] = &datchuan.File{Name: fmt.Sprintf("upload-%d.txt", i), Data: data}
				wg.Go(func() {
					<-start
					errs[i] = fs.PutFile(context.Background(), files[i])
				})
			}
			close(start)
			wg.Wait()
			for i := range n {
				must(t, errs[i])
				if files[i].Name != files[0].Name || files[i].Hash != hashOf(data) {
					t.Fatalf("round %d: upload %d got %q %s, upload 0 %q", round, i, files[i].Name, files[i].Hash, files[0].Name)
				}
			}
			got, err := fs.File(context.Background(), hashOf(data))
			must(t, err)
			if got.Name != files[0].Name || !bytes.Equal(got.Data, data) {
				t.Errorf("round %d: stored %q, uploads saw %q", round, got.Name, files[0].Name)
			}
		}
	})
}

// TestEvidenceFiles reports values citing uploaded files: the citations
// are linked to the files, and a hash naming no file is refused.
func TestEvidenceFiles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustValueWorld(t, db)
		fs := db.Stores().Files
		report := mustPut(t, fs, "bien-ban.pdf", pdf)
		unused := mustPut(t, fs, "khong-dung.txt", []byte("cited by nothing"))
		units := func(hash string) []int64 {
			t.Helper()
			got, err := fs.FileUnits(ctx, hash)
			must(t, err)
			return got
		}

		evidence := []string{report.Hash, "Báo cáo số 12/BC-UBND", report.Hash}
		v := w.mustReport(t, &datchuan.Value{IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 6, 1),
			Measure: datchuan.BoolMeasure(true), Evidence: evidence})
		wantEqual(t, []int64{w.commune}, units(report.Hash), "FileUnits after one citing value")
		// The evidence column keeps every reference, as given.
		got := mustFind(t, w.vs.Values, datchuan.ValueFilter{IndicatorCode: "17.8"})
		if len(got) != 1 || got[0].ID != v.ID || !slices.Equal(got[0].Evidence, evidence) {
			t.Errorf("Values after reporting with evidence files: %+v", got)
		}

		w.mustReport(t, &datchuan.Value{UnitID: w.other, IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 6, 1),
			Measure: datchuan.BoolMeasure(true), Evidence: []string{report.Hash}})
		w.mustReport(t, &datchuan.Value{IndicatorCode: "17.9", AsOf: datchuan.NewDate(2022, 6, 1),
			Measure: datchuan.BoolMeasure(true), Evidence: []string{report.Hash}})
		wantUnits := []int64{w.commune, w.other}
		slices.Sort(wantUnits)
		wantEqual(t, wantUnits, units(report.Hash), "FileUnits after three citing values in two units")
		wantEqual(t, []int64{}, units(unused.Hash), "FileUnits of an uncited file")
		wantEqual(t, []int64{}, units(hashOf([]byte("never stored"))), "FileUnits of an unknown file")

		// A hash naming no file is refused, together with its value.
		missing := hashOf([]byte("never uploaded"))
		err := w.vs.ReportValue(ctx, &datchuan.Value{UnitID: w.commune, SetID: testSet, IndicatorCode: "1.1",
			AsOf: datchuan.NewDate(2022, 6, 1), Measure: datchuan.BoolMeasure(true), Evidence: []string{report.Hash, missing}})
		wantCode(t, err, datchuan.EINVALID)
		if msg := datchuan.ErrorMessage(err); !strings.Contains(msg, "Tệp minh chứng không tồn tại") {
			t.Errorf("missing file message = %q", msg)
		}
		if got := mustFind(t, w.vs.Values, datchuan.ValueFilter{History: true, IndicatorCode: "1.1"}); len(got) != 0 {
			t.Errorf("a value citing a missing file was stored: %+v", got)
		}
		wantEqual(t, wantUnits, units(report.Hash), "the refused value left a link")

		// Only 64 lowercase hex digits name a file; anything else is free text.
		for _, ref := range []string{strings.ToUpper(missing), missing[:63], missing + "0"} {
			w.mustReport(t, &datchuan.Value{IndicatorCode: "1.2", AsOf: datchuan.NewDate(2022, 6, 1),
				Measure: datchuan.BoolMeasure(true), Evidence: []string{ref}})
		}
	})
}
