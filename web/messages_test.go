package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/datchuan/datchuan/web/webtest"
)

// inEnglish switches a browser's pages to English, as the language picker does.
func inEnglish(t *testing.T, c *webtest.Client) {
	t.Helper()
	if resp := c.PostForm("/ngon-ngu", url.Values{"lang": {"en"}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("choose English: %d", resp.Status)
	}
}

// A refused form speaks the page's language only: the Vietnamese page has
// no English tail, the English page no Vietnamese message.
func TestRefusalSpeaksThePageLanguage(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Commune)
	form := url.Values{"number": {"150"}, "as_of": {"01/09/2022"}}
	const vi, en = "phần trăm lớn hơn 100", "Percentage above 100"

	page := c.PostMultipart(reportPath(percentInd), form)
	if page.Status != http.StatusUnprocessableEntity {
		t.Fatalf("report of 150%%: %d, want 422", page.Status)
	}
	if !page.Has(vi) || strings.Contains(strings.ToLower(page.Body), strings.ToLower(en)) {
		t.Errorf("the Vietnamese form should say %q without the English %q", vi, en)
	}

	inEnglish(t, c)
	page = c.PostMultipart(reportPath(percentInd), form)
	if page.Status != http.StatusUnprocessableEntity {
		t.Fatalf("report of 150%% in English: %d, want 422", page.Status)
	}
	if !page.Has(en) || page.Has(vi) {
		t.Errorf("the English form should say %q without the Vietnamese %q", en, vi)
	}
}

// The error page speaks the page's language too.
func TestErrorPageSpeaksThePageLanguage(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Commune)
	const vi, en = "Bạn không có quyền xem đơn vị này", "No access to this unit"
	other := "/don-vi/29236" // a ward of another district: not the account's to read
	if page := c.Get(other); page.Status != http.StatusForbidden || !page.Has(vi) || page.Has("(no access") || page.Has(en) {
		t.Errorf("Vietnamese error page: %d, want 403 saying %q only\n%.400s", page.Status, vi, page.Body)
	}
	inEnglish(t, c)
	if page := c.Get(other); page.Status != http.StatusForbidden || !page.Has(en) || page.Has(vi) {
		t.Errorf("English error page: %d, want 403 saying %q only\n%.400s", page.Status, en, page.Body)
	}
}

// The JSON API gives the message in each language in its own field.
func TestAPIErrorHasBothLanguages(t *testing.T) {
	w := webtest.New(t)
	resp := reportAPI(w.As(webtest.Commune), percentInd, "150", "")
	if resp.Status != http.StatusBadRequest {
		t.Fatalf("API: %d, want 400", resp.Status)
	}
	var e struct {
		Error struct {
			Message   string            `json:"message"`
			MessageEn string            `json:"message_en"`
			Fields    map[string]string `json:"fields"`
			FieldsEn  map[string]string `json:"fields_en"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &e); err != nil {
		t.Fatalf("not a JSON error: %v\n%.300s", err, resp.Body)
	}
	if !strings.HasSuffix(e.Error.Message, ": phần trăm lớn hơn 100") || e.Error.MessageEn != "Percentage above 100" {
		t.Errorf("message %q, message_en %q", e.Error.Message, e.Error.MessageEn)
	}
	if e.Error.Fields["value"] != e.Error.Message || e.Error.FieldsEn["value"] != e.Error.MessageEn {
		t.Errorf("fields %v, fields_en %v", e.Error.Fields, e.Error.FieldsEn)
	}
}

// A broken workbook is refused in plain words: nothing of the zip reader.
func TestBrokenWorkbookUpload(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Coord)
	for name, data := range map[string][]byte{"empty": {}, "not a zip": []byte("Mã đơn vị;Đơn vị\n29446;Xã Nhị Trường\n")} {
		t.Run(name, func(t *testing.T) {
			page := c.PostMultipart("/ke-hoach/1/phan-cong.xlsx", nil, webtest.File{Field: "file", Name: "bang.xlsx", Data: data})
			if page.Status != http.StatusUnprocessableEntity || !page.Has("không phải bảng tính Excel") {
				t.Errorf("broken workbook: %d, want 422 saying it is no Excel workbook\n%.600s", page.Status, page.Body)
			}
			for _, internal := range []string{"zip", "EOF", "XLSX workbook"} {
				if page.Has(internal) {
					t.Errorf("the page shows the internal %q", internal)
				}
			}
		})
	}
}

// 31/02/2022 has the right shape: the form says the date does not exist.
func TestImpossibleDate(t *testing.T) {
	w := webtest.New(t)
	page := w.As(webtest.Commune).PostMultipart(reportPath(percentInd), url.Values{"number": {"95"}, "as_of": {"31/02/2022"}})
	if page.Status != http.StatusUnprocessableEntity {
		t.Fatalf("as of 31/02/2022: %d, want 422", page.Status)
	}
	if !page.Has("Ngày 31/02/2022 không có thật: tháng 2/2022 chỉ có 28 ngày") || page.Has("cần dạng dd/mm/yyyy") {
		t.Errorf("31/02/2022 should be said not to exist, not to be of the wrong shape\n%.2000s", page.Body)
	}
}

// The agencies page names each kind in words.
func TestAgencyKindsInWords(t *testing.T) {
	w := webtest.New(t)
	page := w.As(webtest.Admin).Get("/quan-tri/co-quan")
	if page.Status != http.StatusOK || !page.Has("<td>Sở, ban, ngành</td>") {
		t.Fatalf("agencies: %d, no kind in words", page.Status)
	}
	for _, code := range []string{">department<", ">commune_committee<", ">coordination_office<"} {
		if page.Has(code) {
			t.Errorf("the agencies page shows the code %s", code)
		}
	}
}
