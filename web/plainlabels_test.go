package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/web/webtest"
)

// The tests of what confused new users: labels that said something else
// than they meant, counts of work that was not theirs, and the icon every
// browser asks for.

// TestFavicon: /favicon.ico answers an icon (browsers ask for it on every
// site), and every page links the same icon as SVG.
func TestFavicon(t *testing.T) {
	w := webtest.New(t)
	anon := w.Anonymous()
	resp := anon.Get("/favicon.ico")
	if resp.Status != http.StatusOK || resp.Header.Get("Content-Type") != "image/x-icon" || !strings.HasPrefix(resp.Body, "\x00\x00\x01\x00") {
		t.Fatalf("/favicon.ico: %d %q, %d bytes", resp.Status, resp.Header.Get("Content-Type"), len(resp.Body))
	}
	link := regexp.MustCompile(`<link rel="icon" href="(/static/favicon\.svg\?h=[0-9a-f]+)" type="image/svg\+xml">`).FindStringSubmatch(anon.Get("/dang-nhap").Body)
	if link == nil {
		t.Fatal("the sign-in page links no icon")
	}
	if svg := anon.Get(link[1]); svg.Status != http.StatusOK || !strings.HasPrefix(svg.Header.Get("Content-Type"), "image/svg+xml") {
		t.Errorf("%s: %d %q", link[1], svg.Status, svg.Header.Get("Content-Type"))
	}
}

// storeValue stores a report of an indicator of the demo commune by a demo
// account (or imported, for login ""), returned by the lead department
// with a reason when returned is set; straight in the stores, as the pages
// that list it are under test.
func storeValue(t *testing.T, w *webtest.World, login, ind string, m datchuan.Measure, returned bool) {
	t.Helper()
	ctx := context.Background()
	st := w.Stores()
	units, err := st.Units.FindUnits(ctx, datchuan.UnitFilter{Code: commune, Level: datchuan.LevelCommune, On: datchuan.NewDate(2022, 9, 1)})
	if err != nil || len(units) != 1 {
		t.Fatalf("commune %s: %v %v", commune, units, err)
	}
	at := webtest.Start.Add(-3 * time.Hour)
	v := &datchuan.Value{UnitID: units[0].ID, SetID: demo.CommuneSet, IndicatorCode: ind, AsOf: datchuan.NewDate(2022, 8, 31),
		Measure: m, ReportedAt: at}
	if login != "" {
		u, err := st.Users.UserByLogin(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		v.ReportedBy = u.PersonID
	}
	if err := st.Values.ReportValue(ctx, v); err != nil {
		t.Fatal(err)
	}
	if returned {
		r := &datchuan.Review{ValueID: v.ID, Decision: datchuan.StateReturned, At: at.Add(time.Hour), Reason: "Thiếu biên bản"}
		if err := st.Values.ReviewValue(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
}

var (
	returnedCount = regexp.MustCompile(`id="count-returned">(\d+)<`)
	navReturned   = regexp.MustCompile(`title="Số liệu bị trả lại"><span aria-hidden="true">↩</span> (\d+)<`)
)

// TestReturnedIsTheReportersTurn: a returned value counts, in the menu and
// in "my work", for whom must correct it: who reported it, and the
// commune's own officers; not the coordination office or the district,
// which may report for the commune but did not.
func TestReturnedIsTheReportersTurn(t *testing.T) {
	w := webtest.New(t)
	storeValue(t, w, webtest.Commune, passFailInd, datchuan.BoolMeasure(true), true)
	storeValue(t, w, webtest.Coord, "2.1", datchuan.RatioMeasure(19, 20), true)
	for login, want := range map[string]string{
		webtest.Commune:  "2", // its own report, and the one the office made for the commune
		webtest.Coord:    "1", // only its own report
		webtest.District: "0",
		webtest.Leader:   "0",
	} {
		resp := w.As(login).Get("/viec-cua-toi")
		if resp.Status != http.StatusOK {
			t.Fatalf("%s: status %d", login, resp.Status)
		}
		got, nav := firstNumber(returnedCount, resp.Body), firstNumber(navReturned, resp.Body)
		if want == "0" && nav == "none" {
			nav = "0" // the menu shows no count of nothing
		}
		if got != want || nav != want {
			t.Errorf("%s: my work counts %s returned, the menu %s; want %s", login, got, nav, want)
		}
	}
}

// TestAssignmentsLineOnlyForDepartments: "your agency has no assignment"
// is news to a department officer, whose work is assignments; commune,
// district and leader accounts are not told it.
func TestAssignmentsLineOnlyForDepartments(t *testing.T) {
	w := webtest.New(t)
	const line = "Cơ quan của bạn chưa được giao tiêu chí nào"
	for _, login := range []string{webtest.Commune, webtest.District, webtest.Leader} {
		if resp := w.As(login).Get("/viec-cua-toi"); resp.Status != http.StatusOK || resp.Has(line) || resp.Has(`id="assigned"`) {
			t.Errorf("%s: status %d, told %q: %v", login, resp.Status, line, resp.Has(line))
		}
	}
	if resp := w.As(webtest.DeptXD).Get("/viec-cua-toi"); !resp.Has(`<section id="assigned">`) {
		t.Error("a department officer does not see their assignments")
	}
}

// TestThresholdLabels: the threshold of "no temporary houses" says none
// may be left, not "none" (read as "no threshold"), on the commune's page
// and in the review queue; the "unverified" badge says what it means.
func TestThresholdLabels(t *testing.T) {
	w := webtest.New(t)
	storeValue(t, w, webtest.Commune, "9.1", datchuan.BoolMeasure(true), false)
	page := w.As(webtest.Commune).Get("/don-vi/" + commune)
	row := between(page.Body, "<strong>9.1</strong>", "</tr>")
	if !strings.Contains(row, `data-label="Ngưỡng">Không còn <span class="badge unverified"`) {
		t.Errorf("the threshold of 9.1 does not read \"Không còn\":\n%s", row)
	}
	if !strings.Contains(row, `title="Ngưỡng chưa được đối chiếu với văn bản chính thức — nguồn: `) {
		t.Errorf("the unverified badge of 9.1 does not say what it means:\n%s", row)
	}
	if !page.Has(`id="unverified-legend"`) {
		t.Error("the commune page has no legend for the unverified badge")
	}
	queue := w.As(webtest.Coord).Get("/xac-nhan")
	if !queue.Has("ngưỡng không còn") || queue.Has("ngưỡng không có") {
		t.Errorf("the queue's threshold of 9.1: %q", between(queue.Body, "9.1", "</p>"))
	}
}

// TestMatrixCellsOpenTheirCriterion: every cell of the district matrix
// links to that criterion on the commune's page, and "NC" is explained.
func TestMatrixCellsOpenTheirCriterion(t *testing.T) {
	w := webtest.New(t)
	page := w.As(webtest.District).Get("/huyen/848")
	cells := strings.Count(page.Body, `<td class="cell `)
	links := regexp.MustCompile(`<td class="cell [^"]+" title="(\d+): [^"]+"><a href="/don-vi/\d+#c-(\d+)">`).FindAllStringSubmatch(page.Body, -1)
	if cells == 0 || len(links) != cells {
		t.Fatalf("%d of %d cells link to their criterion", len(links), cells)
	}
	for _, l := range links {
		if l[1] != l[2] {
			t.Errorf("the cell of criterion %s links to criterion %s", l[1], l[2])
		}
	}
	if !page.Has(`<abbr title="Xã nông thôn mới nâng cao: số tiêu chí đạt">NC</abbr>`) || !page.Has(`id="matrix-key"`) {
		t.Error("NC is not explained in the matrix")
	}
}

// TestDatePlaceholdersLookEmpty: a date field's hint is the format, never a
// date, which an officer would take for a value already filled in.
func TestDatePlaceholdersLookEmpty(t *testing.T) {
	w := webtest.New(t)
	date := regexp.MustCompile(`placeholder="\d{1,2}/\d{1,2}/\d{4}"`)
	for _, path := range []string{"/ke-hoach/1", "/tinh/84/ke-hoach", "/don-vi/29446/nhiem-vu", "/huong-dan", "/phe-duyet", "/nhat-ky"} {
		login := webtest.Coord
		if strings.Contains(path, "nhiem-vu") {
			login = webtest.Commune
		}
		page := w.As(login).Get(path)
		if page.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, page.Status)
		}
		if m := date.FindString(page.Body); m != "" {
			t.Errorf("%s has a date as a placeholder: %s", path, m)
		}
	}
}
