package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/web/webtest"
)

// historyWorld is the demo with 23 more reports of one indicator of
// commune 29446, a minute apart, commented "lich-su-00" (oldest) to
// "lich-su-22".
func historyWorld(t *testing.T) (*webtest.World, *datchuan.Value) {
	t.Helper()
	w := webtest.New(t)
	var cur struct {
		Values []*datchuan.Value `json:"values"`
	}
	w.As(webtest.Commune).JSON("/api/units/29446/values", &cur)
	if len(cur.Values) == 0 {
		t.Fatal("29446 has no values")
	}
	first := cur.Values[0]
	for i := range 23 {
		w.Clock().Advance(time.Minute)
		v := &datchuan.Value{UnitID: first.UnitID, SetID: first.SetID, IndicatorCode: first.IndicatorCode, AsOf: first.AsOf,
			Measure: first.Measure, Comment: fmt.Sprintf("lich-su-%02d", i)}
		if err := w.Stores().Values.ReportValue(context.Background(), v); err != nil {
			t.Fatal(err)
		}
	}
	// Written straight to the store, so the log entry every write of the
	// program makes is recorded here: the pages read through it.
	if err := w.Stores().Changes.Record(context.Background(), &datchuan.Change{Action: datchuan.ActValueReport, Entity: "value",
		UnitID: first.UnitID, Summary: "23 báo cáo thử"}); err != nil {
		t.Fatal(err)
	}
	return w, first
}

// TestValueHistoryPages walks a unit's history through the JSON API a page
// at a time: every report comes exactly once, however small the pages,
// even when a report arrives during the walk.
func TestValueHistoryPages(t *testing.T) {
	w, first := historyWorld(t)
	all, err := w.Stores().Values.Values(context.Background(), datchuan.ValueFilter{UnitIDs: []int64{first.UnitID}, History: true})
	if err != nil {
		t.Fatal(err)
	}
	c := w.As(webtest.Commune)
	seen := map[int64]int{}
	path, pages := "/api/units/29446/values?history=1&limit=7", 0
	for path != "" {
		var page struct {
			Count  int               `json:"count"`
			Values []*datchuan.Value `json:"values"`
			Next   string            `json:"next"`
		}
		c.JSON(path, &page)
		if page.Count > 7 || page.Count != len(page.Values) {
			t.Fatalf("GET %s: %d values (count %d), want at most 7", path, len(page.Values), page.Count)
		}
		for _, v := range page.Values {
			seen[v.ID]++
		}
		if pages++; pages == 1 {
			// A report made during the walk is newer than the cursor: it
			// neither shifts the pages nor comes again.
			w.Clock().Advance(time.Minute)
			late := *first
			late.ID, late.Comment = 0, "during the walk"
			if err := w.Stores().Values.ReportValue(context.Background(), &late); err != nil {
				t.Fatal(err)
			}
		}
		if pages > 100 {
			t.Fatal("the walk does not end")
		}
		path = page.Next
	}
	for _, v := range all {
		if seen[v.ID] != 1 {
			t.Errorf("report %d seen %d times, want once", v.ID, seen[v.ID])
		}
	}
	if len(seen) != len(all) {
		t.Errorf("the walk saw %d reports, the history has %d", len(seen), len(all))
	}
	if want := (len(all) + 6) / 7; pages != want {
		t.Errorf("%d pages of 7 for %d reports, want %d", pages, len(all), want)
	}
	for _, bad := range []string{"limit=0", "limit=5001", "limit=x", "before=-1"} {
		if resp := c.Get("/api/units/29446/values?history=1&" + bad); resp.Status != http.StatusBadRequest {
			t.Errorf("?%s: %d, want 400", bad, resp.Status)
		}
	}
}

// TestUnitPageHistory shows the latest reports of an indicator on the unit
// page and pages through the older ones behind a link.
func TestUnitPageHistory(t *testing.T) {
	w, _ := historyWorld(t)
	c := w.As(webtest.Commune)
	page := c.Get("/don-vi/29446")
	if page.Status != http.StatusOK {
		t.Fatalf("unit page: %d", page.Status)
	}
	// lich-su-22 is the current value; the history shows 21 to 17.
	for i := 17; i <= 21; i++ {
		if !page.Has(fmt.Sprintf("lich-su-%02d", i)) {
			t.Errorf("the unit page lacks report %d", i)
		}
	}
	if page.Has("lich-su-16") {
		t.Error("the unit page shows more than the latest reports")
	}
	more := moreLink(t, page.Body)
	older := c.Get(more)
	if older.Status != http.StatusOK {
		t.Fatalf("GET %s: %d", more, older.Status)
	}
	for i := 0; i <= 16; i++ {
		if !older.Has(fmt.Sprintf("lich-su-%02d", i)) {
			t.Errorf("the older reports lack report %d", i)
		}
	}
	if older.Has("lich-su-17") {
		t.Error("the older reports repeat one shown before")
	}
}

// moreLink returns the target of the unit page's link to older reports.
func moreLink(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, "Xem các báo cáo cũ hơn")
	if i < 0 {
		t.Fatal("no link to the older reports")
	}
	start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
	end := strings.Index(body[start:], `"`)
	return strings.ReplaceAll(body[start:start+end], "&amp;", "&")
}

// TestNoticesPages lists a person's notices a page at a time: each once,
// the last first, with a link to the older ones and the count of all the
// unread ones whatever the page.
func TestNoticesPages(t *testing.T) {
	w := webtest.New(t)
	person := personOf(t, w, webtest.Commune)
	ctx := context.Background()
	before, err := w.Stores().Notify.CountUnread(ctx, person)
	if err != nil {
		t.Fatal(err)
	}
	const n = 60
	for i := range n {
		if err := w.Stores().Notify.Notify(ctx, &datchuan.Notification{PersonID: person, Text: fmt.Sprintf("thong-bao-%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	c := w.As(webtest.Commune)
	seen := map[int]int{}
	path, pages := "/thong-bao", 0
	for path != "" {
		page := c.Get(path)
		if page.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, page.Status)
		}
		if want := fmt.Sprintf("(%d)", before+n); !page.Has(want) {
			t.Errorf("page %d does not count %s unread", pages+1, want)
		}
		shown := 0
		for i := range n {
			if page.Has(fmt.Sprintf("thong-bao-%02d", i)) {
				seen[i]++
				shown++
			}
		}
		if pages++; pages == 1 && (shown != 50 || !page.Has("thong-bao-59")) {
			t.Errorf("the first page shows %d of the new notices, want the last 50", shown)
		}
		path = ""
		if i := strings.Index(page.Body, `href="/thong-bao?truoc=`); i >= 0 {
			path = page.Body[i+len(`href="`):]
			path = path[:strings.IndexByte(path, '"')]
		}
		if pages > 10 {
			t.Fatal("the pages do not end")
		}
	}
	for i := range n {
		if seen[i] != 1 {
			t.Errorf("notice %d shown %d times, want once", i, seen[i])
		}
	}
}
