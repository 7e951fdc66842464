package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/jpeg"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/internal/office"
	"github.com/datchuan/datchuan/web/webtest"
)

const demoCommuneSet = "demo-tv-ntm-commune-2021-2025"

// match returns the first group of re in s, failing the test when there
// is none.
func match(t *testing.T, re, s, what string) string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("%s: no match for %s in\n%.3000s", what, re, s)
	}
	return m[1]
}

// planInspection plans, as the coordination office, an inspection of Nhị
// Trường (29446) and Thuận Hòa (29440) checking criteria 13 and 17, and
// returns its page.
func planInspection(t *testing.T, w *webtest.World) string {
	t.Helper()
	vp := w.As(webtest.Coord)
	list := vp.Get("/tinh/84/kiem-tra")
	if list.Status != http.StatusOK || !list.Has("Kiểm tra thực tế xã Nhị Trường và xã Hiệp Mỹ Đông") || !list.Has(`id="plan-form"`) {
		t.Fatalf("the office's list of inspections: %d\n%.3000s", list.Status, list.Body)
	}
	office := match(t, `<option value="(\d+)"[^>]*>Văn phòng Điều phối nông thôn mới tỉnh Trà Vinh</option>`, list.Body, "the inspecting agencies")
	f := url.Values{"title": {""}, "planned": {"31/08/2022"}, "agency": {office}, "team": {"Lê Thị Hồng, Chánh Văn phòng\nPhạm Quốc Bảo"},
		"units": {"29446", "29440"}, "set": {demoCommuneSet}, "criteria-" + demoCommuneSet: {"17", "13"}}
	r := vp.PostForm("/tinh/84/kiem-tra", f)
	if r.Status != http.StatusUnprocessableEntity || !r.Has("Phạm Quốc Bảo") || !r.Has(`value="29440" checked`) || !r.Has(`value="13" checked`) {
		t.Errorf("a plan without a title: %d, want 422 keeping the team, units and criteria typed", r.Status)
	}
	f.Set("title", "Kiểm tra tiêu chí 13 và 17 tại Cầu Ngang")
	r = vp.PostForm("/tinh/84/kiem-tra", f)
	if r.Status != http.StatusSeeOther || !regexp.MustCompile(`^/kiem-tra/\d+\?ok=planned$`).MatchString(r.Location()) {
		t.Fatalf("plan: %d → %q\n%.2000s", r.Status, r.Location(), r.Body)
	}
	return strings.TrimSuffix(r.Location(), "?ok=planned")
}

// TestInspectionFollowUps: the office plans an inspection, records its
// findings, raises one as an obstacle and gives another as a member task,
// each in one POST; the obstacle is in the province's register with the
// inspection as its source, the task on the commune's page, and each
// finding says what it became. A commune cannot plan, a department that
// does not inspect cannot edit, a refused form keeps what was typed, and
// a stale edit is a conflict.
func TestInspectionFollowUps(t *testing.T) {
	w := webtest.New(t)
	vp := w.As(webtest.Coord)
	if r := w.As(webtest.Commune).PostForm("/tinh/84/kiem-tra", url.Values{"title": {"Tự kiểm tra"}, "planned": {"31/08/2022"}}); r.Status != http.StatusForbidden {
		t.Errorf("a commune plans an inspection: %d, want 403", r.Status)
	}
	page := planInspection(t, w)
	rec := vp.Get(page)
	nhiTruong := match(t, `(?s)<select id="f-unit" name="unit">.*?<option value="(\d+)">Xã Nhị Trường</option>`, rec.Body, "the units of the finding form")
	thuanHoa := match(t, `(?s)<select id="f-unit" name="unit">.*?<option value="(\d+)">Xã Thuận Hòa</option>`, rec.Body, "the units of the finding form")
	if r := vp.PostForm(page+"/ket-qua", url.Values{"unit": {nhiTruong}, "criterion": {"5"}, "result": {"not_met"}, "note": {"Trường học thiếu phòng"}}); r.Status != http.StatusUnprocessableEntity || !r.Has("Trường học thiếu phòng") {
		t.Errorf("a finding of a criterion not checked: %d, want 422 keeping the note", r.Status)
	}
	for _, f := range []url.Values{
		{"unit": {nhiTruong}, "criterion": {"17.6"}, "result": {"not_met"}, "note": {"Chưa có điểm tập kết rác thải ấp Bà Ép"}},
		{"unit": {thuanHoa}, "criterion": {"13"}, "result": {"more_work"}, "note": {"Hợp tác xã chưa có hợp đồng tiêu thụ"}},
		{"unit": {thuanHoa}, "criterion": {"17"}, "result": {"met"}},
	} {
		if r := vp.PostForm(page+"/ket-qua", f); r.Status != http.StatusSeeOther {
			t.Fatalf("record a finding: %d\n%.2000s", r.Status, r.Body)
		}
	}
	if r := vp.PostForm(page+"/ket-qua", url.Values{"unit": {nhiTruong}, "criterion": {"17.6"}, "result": {"met"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a second finding of the same unit and indicator: %d, want 422", r.Status)
	}
	rec = vp.Get(page)
	// The two findings not met offer to become an obstacle; the met one does not.
	forms := regexp.MustCompile(`action="/kiem-tra/\d+/ket-qua/(\d+)/vuong-mac"`).FindAllStringSubmatch(rec.Body, -1)
	if len(forms) != 2 {
		t.Fatalf("%d findings offer to become an obstacle, want the 2 not met:\n%.3000s", len(forms), rec.Body)
	}
	waste, coop := forms[0][1], forms[1][1]
	tnmt := match(t, `<option value="(\d+)">Sở Tài nguyên và Môi trường</option>`, rec.Body, "the owners")
	raise := page + "/ket-qua/" + waste + "/vuong-mac"
	if r := vp.PostForm(raise, url.Values{"version": {"1"}, "title": {"Chưa có điểm tập kết rác thải"}, "owner": {tnmt}}); r.Status != http.StatusUnprocessableEntity || !r.Has("Chưa có điểm tập kết rác thải") {
		t.Errorf("an obstacle without a due date: %d, want 422 keeping the title", r.Status)
	}
	if r := vp.PostForm(raise, url.Values{"version": {"1"}, "title": {"Chưa có điểm tập kết rác thải"}, "owner": {tnmt}, "due": {"30/09/2022"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("raise the finding: %d\n%.2000s", r.Status, r.Body)
	}
	if r := vp.PostForm(raise, url.Values{"version": {"2"}, "title": {"Lần nữa"}, "owner": {tnmt}, "due": {"30/09/2022"}}); r.Status != http.StatusConflict {
		t.Errorf("raising a finding twice: %d, want 409", r.Status)
	}
	checkRaised(t, w, page)

	assignee := match(t, `(?s)<select id="ta-`+coop+`" name="assignee">.*?<option value="(\d+)">Thạch Sô Phanh \(minh họa\)</option>`, rec.Body, "the members of Thuận Hòa")
	if r := vp.PostForm(page+"/ket-qua/"+coop+"/nhiem-vu", url.Values{"version": {"1"}, "title": {"Ký hợp đồng tiêu thụ lúa"}, "assignee": {assignee}, "due": {"15/09/2022"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("give the finding as a task: %d\n%.2000s", r.Status, r.Body)
	}
	if tasks := vp.Get("/don-vi/29440/nhiem-vu"); !tasks.Has("Ký hợp đồng tiêu thụ lúa") || !tasks.Has("Phát hiện khi kiểm tra thực tế") {
		t.Errorf("the task is not on Thuận Hòa's tasks")
	}
	if rec = vp.Get(page); !rec.Has(`href="/don-vi/29440/nhiem-vu#t-`) || !rec.Has("Đã giao nhiệm vụ") {
		t.Errorf("the finding does not link its task:\n%.3000s", rec.Body)
	}

	// Sở Xây dựng reads the province's inspections but edits none of the office's.
	xd := w.As(webtest.DeptXD)
	if r := xd.Get(page); r.Status != http.StatusOK || r.Has(`id="finding-form"`) {
		t.Errorf("Sở Xây dựng reads the inspection: %d, offered the finding form: %v", r.Status, r.Has(`id="finding-form"`))
	}
	edit := url.Values{"version": {"1"}, "title": {"Kiểm tra lại Cầu Ngang"}, "planned": {"31/08/2022"}, "agency": {match(t, `(?s)<select id="e-agency" name="agency">.*?<option value="(\d+)" selected>`, rec.Body, "the agency")},
		"set": {demoCommuneSet}, "units": {"29446", "29440"}, "criteria-" + demoCommuneSet: {"17", "13"}}
	if r := xd.PostForm(page, edit); r.Status != http.StatusForbidden {
		t.Errorf("a department that does not inspect edits: %d, want 403", r.Status)
	}
	if r := vp.PostForm(page, edit); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%.2000s", r.Status, r.Body)
	}
	edit.Set("title", "Sửa từ trang cũ")
	if r := vp.PostForm(page, edit); r.Status != http.StatusConflict || !r.Has("Sửa từ trang cũ") {
		t.Errorf("a stale edit: %d, want 409 keeping the title typed", r.Status)
	}
	edit.Set("version", "2")
	edit["units"] = []string{"29446"}
	if r := vp.PostForm(page, edit); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an edit dropping a unit with findings: %d, want 422", r.Status)
	}
}

// checkRaised checks that a finding of the inspection at page became an
// obstacle of the register, raised from the inspection, logged twice in
// one action, and that the finding links it.
func checkRaised(t *testing.T, w *webtest.World, page string) {
	t.Helper()
	vp := w.As(webtest.Coord)
	if reg := vp.Get("/tinh/84/vuong-mac"); !reg.Has("<strong>Chưa có điểm tập kết rác thải</strong>") || !reg.Has("Sở Tài nguyên và Môi trường") {
		t.Errorf("the register lacks the obstacle raised from the inspection")
	}
	inspID := strings.TrimPrefix(page, "/kiem-tra/")
	os, err := w.Stores().Obstacles.Obstacles(context.Background(), datchuan.ObstacleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var raised *datchuan.Obstacle
	for _, o := range os {
		if o.Title == "Chưa có điểm tập kết rác thải" {
			raised = o
		}
	}
	if raised == nil || raised.Source != datchuan.FromInspection || inspID != itoa(raised.SourceID) ||
		raised.IndicatorCode != "17.6" || raised.Due != datchuan.NewDate(2022, 9, 30) {
		t.Fatalf("the obstacle raised: %+v, want from inspection %s, indicator 17.6, due 30/09/2022", raised, inspID)
	}
	rec := vp.Get(page)
	if !rec.Has(`href="/tinh/84/vuong-mac?tat-ca=1#o-`+itoa(raised.ID)+`"`) || !rec.Has("Đã ghi thành vướng mắc") {
		t.Errorf("the finding does not link its obstacle")
	}
	var actions []string
	for _, c := range w.Changes(datchuan.ChangeFilter{Limit: 2}) {
		actions = append(actions, c.Action)
	}
	if strings.Join(actions, " ") != datchuan.ActInspectionFollowUp+" "+datchuan.ActObstacleRaise {
		t.Errorf("the change log of the raise: %v", actions)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestInspectionReport: the office marks its inspection done with a
// conclusion, and the report (biên bản kiểm tra) opens in LibreOffice as
// an A4 document with its title, the units, the findings and the team
// lead; Nhị Trường's committee reads the inspection of its commune, not
// that of Duyên Hải.
func TestInspectionReport(t *testing.T) {
	w := webtest.New(t)
	vp := w.As(webtest.Coord)
	page := planInspection(t, w)
	rec := vp.Get(page)
	nhiTruong := match(t, `(?s)<select id="f-unit" name="unit">.*?<option value="(\d+)">Xã Nhị Trường</option>`, rec.Body, "the units")
	if r := vp.PostForm(page+"/ket-qua", url.Values{"unit": {nhiTruong}, "criterion": {"17.6"}, "result": {"not_met"}, "note": {"Chưa có điểm tập kết rác thải ấp Bà Ép"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("record a finding: %d", r.Status)
	}
	done := url.Values{"version": {rec.Version()}, "to": {"done"}, "done": {"02/09/2022"}, "summary": {"Xã Nhị Trường cần hoàn thiện tiêu chí 17"}}
	if r := vp.PostForm(page+"/trang-thai", done); r.Status != http.StatusUnprocessableEntity || !r.Has("Xã Nhị Trường cần hoàn thiện tiêu chí 17") {
		t.Errorf("done on a day after today: %d, want 422 keeping the conclusion", r.Status)
	}
	done.Set("done", "31/08/2022")
	if r := vp.PostForm(page+"/trang-thai", done); r.Status != http.StatusSeeOther {
		t.Fatalf("mark done: %d\n%.2000s", r.Status, r.Body)
	}
	if r := vp.PostForm(page+"/trang-thai", done); r.Status != http.StatusConflict {
		t.Errorf("marking it done again from the same version: %d, want 409", r.Status)
	}
	commune := w.As(webtest.Commune)
	if r := commune.Get(page); r.Status != http.StatusOK || !r.Has("Chưa có điểm tập kết rác thải ấp Bà Ép") {
		t.Errorf("Nhị Trường reads the inspection of its commune: %d", r.Status)
	}
	if r := commune.Get("/kiem-tra/2"); r.Status != http.StatusForbidden {
		t.Errorf("Nhị Trường reads the demo's inspection of Duyên Hải: %d, want 403", r.Status)
	}
	if list := commune.Get("/tinh/84/kiem-tra"); list.Has("Duyên Hải") || !list.Has("Kiểm tra tiêu chí 13 và 17 tại Cầu Ngang") || list.Has(`id="plan-form"`) {
		t.Errorf("Nhị Trường's list of inspections:\n%.3000s", list.Body)
	}

	doc := commune.Get(page + "/bien-ban.docx")
	if doc.Status != http.StatusOK {
		t.Fatalf("the report: %d", doc.Status)
	}
	pdf := office.Convert(t, "bien-ban.docx", []byte(doc.Body))
	text := strings.Join(strings.Fields(pdf.Text), " ")
	for _, s := range []string{"BIÊN BẢN KIỂM TRA THỰC TẾ", "Kiểm tra tiêu chí 13 và 17 tại Cầu Ngang", "Trà Vinh, ngày 31 tháng 8 năm 2022",
		"Xã Nhị Trường", "Xã Thuận Hòa", "Tiêu chí 17. Môi trường và an toàn thực phẩm", "Chưa có điểm tập kết", "Chưa đạt",
		"Xã Nhị Trường cần hoàn thiện tiêu chí 17", "TRƯỞNG ĐOÀN KIỂM TRA", "Lê Thị Hồng"} {
		if !strings.Contains(text, s) {
			t.Errorf("the report as PDF lacks %q:\n%s", s, pdf.Text)
		}
	}
	if !pdf.A4() {
		t.Errorf("the report is not A4: %s", pdf.Info)
	}
	if r := commune.PostForm("/ngon-ngu", url.Values{"lang": {"en"}, "next": {page}}); r.Status != http.StatusSeeOther {
		t.Fatalf("choose English: %d", r.Status)
	}
	if r := commune.Get(page); r.Status != http.StatusOK || !r.Has("Findings") || !r.Has("✗ Not met") || !r.Has("Done on") {
		t.Errorf("the inspection in English: %d\n%.3000s", r.Status, r.Body)
	}
}

// photoJPEG is a small JPEG whose EXIF segment says it was taken at taken
// ("2006:01:02 15:04:05"), or a JPEG without EXIF for "".
func photoJPEG(t *testing.T, taken string) []byte {
	t.Helper()
	var img bytes.Buffer
	if err := jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 8, 6)), nil); err != nil {
		t.Fatal(err)
	}
	if taken == "" {
		return img.Bytes()
	}
	le := binary.LittleEndian
	tiff := []byte("II*\x00")
	tiff = le.AppendUint32(tiff, 8)
	entry := func(b []byte, tag, typ uint16, count, value uint32) []byte {
		b = le.AppendUint16(b, tag)
		b = le.AppendUint16(b, typ)
		b = le.AppendUint32(b, count)
		return le.AppendUint32(b, value)
	}
	tiff = le.AppendUint16(tiff, 1)
	tiff = entry(tiff, 0x8769, 4, 1, 26) // the Exif IFD, after this one
	tiff = le.AppendUint32(tiff, 0)
	tiff = le.AppendUint16(tiff, 1)
	tiff = entry(tiff, 0x9003, 2, uint32(len(taken)+1), 44) // DateTimeOriginal, after the Exif IFD
	tiff = le.AppendUint32(tiff, 0)
	seg := append([]byte("Exif\x00\x00"), append(tiff, taken+"\x00"...)...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	return append(append(out, seg...), img.Bytes()[2:]...)
}

// TestInspectionPhotos: photos carry the time they were taken, from their
// EXIF data, else as typed, else the upload time, and say which; what is
// no photo is refused; the photos are served to whoever reads the
// inspection.
func TestInspectionPhotos(t *testing.T) {
	w := webtest.New(t)
	vp := w.As(webtest.Coord)
	page := planInspection(t, w)
	r := vp.PostMultipart(page+"/anh", url.Values{"caption": {"Bãi rác ven kênh"}}, webtest.File{Field: "photos", Name: "bien-ban.pdf", Data: webtest.PDF},
		webtest.File{Field: "photos", Name: "exif.jpg", Data: photoJPEG(t, "2022:08:30 09:12:30")})
	if r.Status != http.StatusUnprocessableEntity || !r.Has("không phải ảnh") || !r.Has("Bãi rác ven kênh") || !r.Has("exif.jpg") {
		t.Fatalf("a PDF among the photos: %d, want 422 saying it is no photo, keeping the caption and the photo received", r.Status)
	}
	kept := match(t, `name="kept" value="([0-9a-f]{64})"`, r.Body, "the photo received")
	if strings.Count(r.Body, `name="kept"`) != 1 {
		t.Errorf("the PDF is offered again as a photo received")
	}
	if r := vp.PostMultipart(page+"/anh", url.Values{"kept": {kept}, "taken": {"31/08/2022 07:45"}, "caption": {"Bãi rác ven kênh"}},
		webtest.File{Field: "photos", Name: "typed.jpg", Data: photoJPEG(t, "")}); r.Status != http.StatusSeeOther {
		t.Fatalf("add photos: %d\n%.2000s", r.Status, r.Body)
	}
	w.Clock().Advance(90 * 60 * 1e9) // uploaded at 09:30
	if r := vp.PostMultipart(page+"/anh", nil, webtest.File{Field: "photos", Name: "plain.jpg", Data: photoJPEG(t, "")}); r.Status != http.StatusSeeOther {
		t.Fatalf("add a photo without a time: %d\n%.2000s", r.Status, r.Body)
	}
	rec := w.As(webtest.District).Get(page)
	for _, s := range []string{"<strong>30/08/2022 09:12</strong> (theo thông tin EXIF của ảnh)", "<strong>31/08/2022 07:45</strong> (do người tải lên nhập)",
		"<strong>01/09/2022 09:30</strong> (ảnh không ghi giờ chụp: giờ tải lên)", "Bãi rác ven kênh"} {
		if !rec.Has(s) {
			t.Errorf("the photos lack %q:\n%.4000s", s, rec.Body[strings.Index(rec.Body, `id="photos"`):])
		}
	}
	src := match(t, `<img src="(/kiem-tra/\d+/anh/[0-9a-f]{64})"`, rec.Body, "a thumbnail")
	if r := w.As(webtest.District).Get(src); r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("the photo for Cầu Ngang's committee: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	if r := w.As(webtest.District).Get(strings.Replace(src, page, "/kiem-tra/2", 1)); r.Status != http.StatusForbidden {
		t.Errorf("the photo through an inspection Cầu Ngang may not read: %d, want 403", r.Status)
	}
}
