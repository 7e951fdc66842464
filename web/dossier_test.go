package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/internal/office"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/web/webtest"
)

const dossierKey = "district-ntm-2021-2025"

// paperOf returns the ID and version of a paper (by its code) on a
// dossier page, failing when the page offers no form for it.
func paperOf(t *testing.T, page webtest.Response, code string) (id, version string) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<article class="card paper[^"]*" id="p-(\d+)">\s*<h3>` + code + `\..*?name="version" value="(\d+)"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("the dossier page has no form for %s:\n%.3000s", code, page.Body)
	}
	return m[1], m[2]
}

// TestDossierReadiness: Cầu Ngang's dossier counts its readiness from its
// papers (3 of its 14 required papers are ready in the demo: 21%), and
// the count moves when the district marks its request ready; an edit from
// a stale version is refused with what was typed kept; the public
// posting's deadline is its posting day plus the template's days; who may
// edit what holds.
func TestDossierReadiness(t *testing.T) {
	w := webtest.New(t)
	district := w.As(webtest.District)
	dossier := remainingWork(w.As(webtest.Coord)) + "/ho-so"
	page := district.Get(dossier)
	if page.Status != http.StatusOK {
		t.Fatalf("the dossier page: %d\n%.2000s", page.Status, page.Body)
	}
	for _, s := range []string{"3/14 (21%)", "chưa kiểm chứng", "H03. Bảng tổng hợp kết quả thực hiện 9 tiêu chí", "7/9 tiêu chí đạt",
		"4/15 xã, thị trấn có quyết định công nhận", "bao-cao-ket-qua-NTM-Cau-Ngang (minh hoa).pdf", "/ho-so/bang-9-tieu-chi.docx"} {
		if !page.Has(s) {
			t.Errorf("the dossier page lacks %q", s)
		}
	}
	// The posting: 22/08/2022 + 15 days, 5 days left on 01/09/2022.
	if !regexp.MustCompile(`(?s)từ ngày <strong>22/08/2022</strong> · hết hạn góp ý <strong class="deadline">06/09/2022</strong>\s*\(<span class="st-reported">còn 5 ngày</span>\)`).MatchString(page.Body) {
		t.Errorf("the posting's deadline is not 06/09/2022 with 5 days left")
	}

	id, version := paperOf(t, page, "H01")
	edit := "/muc-tieu/" + strings.TrimPrefix(strings.TrimSuffix(dossier, "/ho-so"), "/muc-tieu/") + "/ho-so/muc/" + id
	f := url.Values{"version": {version}, "state": {"ready"}, "notes": {"Đã trình ký"}}
	if r := district.PostForm(edit, f); r.Status != http.StatusSeeOther {
		t.Fatalf("mark H01 ready: %d\n%.1500s", r.Status, r.Body)
	}
	if page := district.Get(dossier); !page.Has("4/14 (29%)") || !page.Has("Đã trình ký") {
		t.Errorf("the readiness did not move to 4/14 (29%%) with H01 ready")
	}
	f.Set("notes", "Sửa từ trang cũ")
	if r := district.PostForm(edit, f); r.Status != http.StatusConflict || !r.Has("Sửa từ trang cũ") {
		t.Errorf("a stale edit: %d, typed text kept %v; want 409 with it", r.Status, r.Has("Sửa từ trang cũ"))
	}
	if r := w.As(webtest.DeptXD).PostForm(edit, url.Values{"version": {"2"}, "state": {"submitted"}}); r.Status != http.StatusForbidden {
		t.Errorf("Sở Xây dựng edits the district's request: %d, want 403", r.Status)
	}
	if r := w.As(webtest.Commune).Get(dossier); r.Status != http.StatusForbidden {
		t.Errorf("a commune reads the district's dossier: %d, want 403", r.Status)
	}
	if r := district.PostForm("/tinh/84/mau-ho-so/"+dossierKey+"/H04", url.Values{"version": {"1"}, "title": {"Niêm yết"},
		"posting_days": {"30"}, "party": {"district_peoples_committee"}, "document": {"18/2022/QĐ-TTg"}}); r.Status != http.StatusForbidden {
		t.Errorf("a district user edits the template: %d, want 403", r.Status)
	}
}

// TestDossierTemplateEdit: the coordination office makes the posting run
// 20 days; the dossier's deadline follows, a new dossier takes the edited
// template, and a service started anew over the same database (with the
// shipped file read again) still has the edit.
func TestDossierTemplateEdit(t *testing.T) {
	w := webtest.New(t)
	vp := w.As(webtest.Coord)
	tpl := "/tinh/84/mau-ho-so/" + dossierKey
	page := vp.Get(tpl)
	m := regexp.MustCompile(`(?s)action="` + regexp.QuoteMeta(tpl) + `/H04".*?name="version" value="(\d+)"`).FindStringSubmatch(page.Body)
	if page.Status != http.StatusOK || m == nil || !page.Has("chưa kiểm chứng") {
		t.Fatalf("the template editor: %d\n%.2000s", page.Status, page.Body)
	}
	f := url.Values{"version": {m[1]}, "title": {"Thông báo niêm yết công khai kết quả để lấy ý kiến nhân dân"}, "required": {"1"},
		"posting_days": {"20"}, "party": {"district_peoples_committee"}, "document": {"18/2022/QĐ-TTg"}, "article": {""},
		"provenance_note": {"Tỉnh quy định 20 ngày (minh họa)"}}
	if r := vp.PostForm(tpl+"/H04", f); r.Status != http.StatusSeeOther {
		t.Fatalf("edit H04: %d\n%.2000s", r.Status, r.Body)
	}
	if r := vp.PostForm(tpl+"/H04", f); r.Status != http.StatusConflict {
		t.Errorf("the same edit from the same version again: %d, want 409", r.Status)
	}
	f.Set("posting_days", "0")
	f.Set("version", "2")
	if r := vp.PostForm(tpl+"/H04", f); r.Status != http.StatusUnprocessableEntity || !r.Has("Số ngày niêm yết") {
		t.Errorf("a posting of 0 days: %d, want 422 with the problem", r.Status)
	}
	dossier := remainingWork(vp) + "/ho-so"
	if page := vp.Get(dossier); !page.Has(`<strong class="deadline">11/09/2022</strong>`) {
		t.Errorf("the posting's deadline did not follow the template's 20 days")
	}
	if r := vp.PostForm(tpl, url.Values{"code": {"h10"}, "step": {"district"}, "kind": {"paper"}, "title": {"Bản đồ quy hoạch chung huyện"},
		"required": {"1"}, "party": {"district_steering_committee"}, "document": {"Văn phòng Điều phối tỉnh"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add H10: %d\n%.2000s", r.Status, r.Body)
	}
	if page := vp.Get(dossier); !page.Has("H10. Bản đồ quy hoạch chung huyện") || !page.Has("3/15") {
		t.Errorf("the dossier lacks the added paper, or its readiness does not count it")
	}

	svc := webtest.NewService(w.DB, w.Sets, w.Clock().Now)
	_, again, err := svc.DossierTemplate(context.Background(), svc.System("test"), "84", dossierKey)
	if err != nil {
		t.Fatal(err)
	}
	if it := again.Item("H04"); it == nil || it.PostingDays != 20 || again.Item("H10") == nil || again.Version != 3 {
		t.Errorf("after a restart the template lost its edits: H04 %+v, version %d", it, again.Version)
	}
}

// TestDossierZIP: the dossier's ZIP holds the index, the uploaded papers
// and the papers made from the data; the index and a department's
// confirmation open in LibreOffice with their text.
func TestDossierZIP(t *testing.T) {
	w := webtest.New(t)
	vp := w.As(webtest.Coord)
	dossier := remainingWork(vp) + "/ho-so"
	r := vp.Get(dossier + ".zip")
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("the ZIP: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(r.Body)), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	for _, name := range []string{"00-muc-luc-ho-so.docx", "1-cap-huyen/H02-bao-cao-ket-qua-NTM-Cau-Ngang (minh hoa).pdf",
		"1-cap-huyen/H03-bang-tong-hop-tieu-chi.docx", "1-cap-huyen/H08-danh-sach-xa-cong-nhan.docx", "2-cap-tinh/T01-xac-nhan/84-sxd.docx"} {
		if len(files[name]) == 0 {
			t.Errorf("the ZIP lacks %s", name)
		}
	}
	if t.Failed() {
		var names []string
		for n := range files {
			names = append(names, n)
		}
		t.Fatalf("the ZIP holds %v", names)
	}
	index := squash(office.PDFText(t, "muc-luc.docx", files["00-muc-luc-ho-so.docx"]))
	// Words a table cell does not break: the cells wrap in the PDF's text.
	for _, s := range []string{"MỤC LỤC HỒ SƠ", "Huyện Cầu Ngang", "3/14 giấy tờ bắt buộc", "H01. Tờ trình", "Đã xong", "Đã gửi",
		"H02-bao-cao-ket-", "H03-bang-tong-hop-", "T01-xac-nhan/84-", "chưa kiểm chứng"} {
		if !strings.Contains(index, s) {
			t.Errorf("the index as PDF lacks %q:\n%s", s, index)
		}
	}
	conf := squash(office.PDFText(t, "xac-nhan.docx", files["2-cap-tinh/T01-xac-nhan/84-sxd.docx"]))
	for _, s := range []string{"GIẤY XÁC NHẬN", "SỞ XÂY DỰNG", "Huyện Cầu Ngang", "Quy hoạch", "Kết luận"} {
		if !strings.Contains(conf, s) {
			t.Errorf("Sở Xây dựng's confirmation as PDF lacks %q:\n%s", s, conf)
		}
	}
}

// TestDossierFiles: the district uploads a paper twice; both versions
// are kept and served, the latest is the current one, and the first
// file moves the paper to drafting.
func TestDossierFiles(t *testing.T) {
	w := webtest.New(t)
	district := w.As(webtest.District)
	dossier := remainingWork(district) + "/ho-so"
	id, _ := paperOf(t, district.Get(dossier), "H05")
	upload := dossier + "/muc/" + id + "/tep"
	for _, name := range []string{"tong-hop-y-kien-v1.pdf", "tong-hop-y-kien-v2.pdf"} {
		if r := district.PostMultipart(upload, nil, webtest.File{Field: "file", Name: name, Data: webtest.PDF}); r.Status != http.StatusSeeOther {
			t.Fatalf("upload %s: %d\n%.1500s", name, r.Status, r.Body)
		}
	}
	page := district.Get(dossier)
	if !regexp.MustCompile(`(?s)id="p-`+id+`".*?Đang soạn.*?tong-hop-y-kien-v2\.pdf</a> <small>\(phiên bản 2`).MatchString(page.Body) || !page.Has("tong-hop-y-kien-v1.pdf") {
		t.Errorf("the paper does not show its two versions, the second current, in drafting")
	}
	if r := district.Get(dossier + "/muc/" + id + "/tep/1"); r.Status != http.StatusOK || r.Body != string(webtest.PDF) {
		t.Errorf("version 1: %d", r.Status)
	}
	if r := w.As(webtest.DeptTNMT).PostMultipart(upload, nil, webtest.File{Field: "file", Name: "x.pdf", Data: webtest.PDF}); r.Status != http.StatusForbidden {
		t.Errorf("Sở TN&MT uploads to the district's paper: %d, want 403", r.Status)
	}
	if r := district.PostMultipart(upload, nil); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an upload without a file: %d, want 422", r.Status)
	}
}

// TestRecognitionDecisions: the demo's decisions of Cầu Ngang are listed
// as demo data; the office records one more and the dossier's communes
// paper counts it; the district may not record one.
func TestRecognitionDecisions(t *testing.T) {
	w := webtest.New(t)
	vp := w.As(webtest.Coord)
	list := "/huyen/848/quyet-dinh-cong-nhan"
	page := vp.Get(list)
	if page.Status != http.StatusOK || !page.Has("2468/QĐ-UBND") || !page.Has("minh họa") || !page.Has("4/15") {
		t.Fatalf("the decisions of Cầu Ngang: %d\n%.2000s", page.Status, page.Body)
	}
	f := url.Values{"unit": {"29446"}, "title": {"ntm"}, "number": {""}, "date": {"20/08/2022"}, "issuer": {"Chủ tịch UBND tỉnh Trà Vinh"}}
	if r := vp.PostMultipart(list, f); r.Status != http.StatusUnprocessableEntity || !r.Has("Cần số quyết định") {
		t.Errorf("a decision without a number: %d", r.Status)
	}
	f.Set("number", "1500/QĐ-UBND")
	if r := vp.PostMultipart(list, f, webtest.File{Field: "file", Name: "qd-nhi-truong.pdf", Data: webtest.PDF}); r.Status != http.StatusSeeOther {
		t.Fatalf("record: %d\n%.2000s", r.Status, r.Body)
	}
	if r := w.As(webtest.District).PostMultipart(list, f); r.Status != http.StatusForbidden {
		t.Errorf("the district records a decision: %d, want 403", r.Status)
	}
	if page := vp.Get(remainingWork(vp) + "/ho-so"); !page.Has("5/15 xã, thị trấn có quyết định công nhận") {
		t.Errorf("the communes paper does not count the new decision")
	}
	m := regexp.MustCompile(`href="(/quyet-dinh-cong-nhan/\d+/tep)"`).FindStringSubmatch(vp.Get(list).Body)
	if m == nil {
		t.Fatal("the recorded decision offers no file")
	}
	if r := w.As(webtest.Commune).Get(m[1]); r.Status != http.StatusOK {
		t.Errorf("Nhị Trường reads its own decision: %d", r.Status)
	}
}

// TestDossierTemplateFirstUse: a province with no template of its own
// gets a copy of the shipped one, logged, the first time a dossier is made
// there; its edits are its own, another province's copy is untouched.
func TestDossierTemplateFirstUse(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	svc := w.Service
	sys := svc.System("test")
	d, _, err := svc.Tree().Resolve(ctx, datchuan.LevelDistrict, "833", datchuan.Date{}) // Huyện Mỏ Cày Nam, Bến Tre
	if err != nil {
		t.Fatal(err)
	}
	target := &datchuan.Target{UnitID: d.ID, SetID: demo.DistrictSet, Year: 2022}
	if err := w.Stores().Targets.CreateTarget(ctx, target); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateDossier(ctx, sys, target.ID); err != nil {
		t.Fatal(err)
	}
	loads := w.Changes(datchuan.ChangeFilter{Entity: "dossier_template"})
	if len(loads) != 1 || loads[0].Action != datchuan.ActDossierTemplateLoad || loads[0].Province != "83" {
		t.Fatalf("the first use logged %d template loads: %+v", len(loads), loads)
	}
	v, err := svc.Dossier(ctx, sys, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Dossier == nil || v.Template.ID == 0 || v.Overall.Required != 14 || v.Overall.Ready != 0 {
		t.Fatalf("Mỏ Cày Nam's dossier: %+v, readiness %+v", v.Dossier, v.Overall)
	}
	choices, err := svc.DossierItemChoices(ctx, sys, v.Dossier.ID)
	if err != nil || len(choices) != 17 || choices[0].Code != "H01" || choices[0].ID != v.Steps[0].Lines[0].Row.ID {
		t.Errorf("the papers offered to a select list: %v %+v", err, choices)
	}
	h04 := v.Template.Item("H04")
	in := service.TemplateItemInput{Version: h04.Version, Title: h04.Title, Required: true, PostingDays: "30", Party: string(h04.Party),
		Document: h04.Provenance.Document, Note: "Bến Tre: 30 ngày (thử)"}
	if _, err := svc.EditTemplateItem(ctx, sys, "83", dossierKey, "H04", in); err != nil {
		t.Fatal(err)
	}
	_, bt, err := svc.DossierTemplate(ctx, sys, "83", dossierKey)
	if err != nil {
		t.Fatal(err)
	}
	_, tv, err := svc.DossierTemplate(ctx, sys, "84", dossierKey)
	if err != nil {
		t.Fatal(err)
	}
	if bt.Item("H04").PostingDays != 30 || tv.Item("H04").PostingDays != 15 {
		t.Errorf("H04 runs %d days in Bến Tre, %d in Trà Vinh; want 30 and 15", bt.Item("H04").PostingDays, tv.Item("H04").PostingDays)
	}
	if n := len(w.Changes(datchuan.ChangeFilter{Entity: "dossier_template"})); n != 1 {
		t.Errorf("the template was loaded again: %d loads", n)
	}
}
