package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/web/webtest"
)

// The minutes a commune uploads and the guidance document a department
// later attaches are the same bytes: each is shown under the name its
// uploader gave it, wherever it is listed or downloaded.
func TestSameBytesUnderEachUploadersName(t *testing.T) {
	w := webtest.New(t)
	xa, dept := w.As(webtest.Commune), w.As(webtest.DeptXD)
	r := xa.PostMultipart(reportPath(passFailInd), url.Values{"result": {"dat"}, "as_of": {"31/08/2022"}, "replace_confirmed": {"1"}},
		webtest.File{Field: "evidence", Name: "bienban-quyhoach.pdf", Data: webtest.PDF})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("the commune reports with its minutes: %d\n%.800s", r.Status, r.Body)
	}
	r = dept.PostMultipart(guidancePath, guidanceForm("1"), webtest.File{Field: "file", Name: "hd-215-sxd.pdf", Data: webtest.PDF})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("the department publishes with the same bytes: %d\n%.800s", r.Status, r.Body)
	}
	docs, err := w.Stores().Guidance.Guidance(context.Background(), datchuan.GuidanceFilter{})
	if err != nil || len(docs) != 1 {
		t.Fatalf("stored guidance %+v, %v", docs, err)
	}

	for _, who := range []string{webtest.Commune, webtest.DeptXD} {
		page := w.As(who).Get(guidancePath)
		if !page.Has(">hd-215-sxd.pdf</a>") || page.Has("bienban-quyhoach.pdf") {
			t.Errorf("%s's guidance table does not show the department's name for its document", who)
		}
	}
	doc := xa.Get(fmt.Sprintf("/huong-dan/%d/tep", docs[0].ID))
	if disp := doc.Header.Get("Content-Disposition"); doc.Status != http.StatusOK || !strings.Contains(disp, "hd-215-sxd.pdf") {
		t.Errorf("the guidance download: %d %q, want the department's name", doc.Status, disp)
	}
	// The commune's evidence keeps the commune's name, for the commune and
	// for the department that reviews it.
	for _, page := range []webtest.Response{xa.Get("/don-vi/" + commune), dept.Get("/xac-nhan")} {
		if !page.Has(">bienban-quyhoach.pdf</a>") || page.Has("hd-215-sxd.pdf") {
			t.Errorf("the evidence is not listed under the commune's name")
		}
	}
}

// Uploading bytes that someone else uploaded before gives the uploader an
// attachment of their own: the API answers with their name and ID, never
// the other's; they cite it in a later request and read it; a third
// person who reads neither what cites it gets 403.
func TestUploadBytesSomeoneElseUploaded(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	xa := w.As(webtest.Commune)
	r := w.As(webtest.DeptXD).PostMultipart(guidancePath, guidanceForm("1"), webtest.File{Field: "file", Name: "hd-215-sxd.pdf", Data: webtest.PDF})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("the department publishes first: %d\n%.800s", r.Status, r.Body)
	}

	up := xa.PostMultipart("/api/files", nil, webtest.File{Field: "file", Name: "bienban-quyhoach.pdf", Data: webtest.PDF})
	var got struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		UploadedBy int64  `json:"uploaded_by"`
	}
	if up.Status != http.StatusCreated || json.Unmarshal([]byte(up.Body), &got) != nil {
		t.Fatalf("the commune uploads the same bytes: %d\n%.300s", up.Status, up.Body)
	}
	me, err := w.Stores().Users.UserByLogin(ctx, webtest.Commune)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.ID) != 64 || got.Name != "bienban-quyhoach.pdf" || got.UploadedBy != me.ID || up.Has("hd-215-sxd") {
		t.Errorf("the upload answers %s, want the commune's own name, ID and account", up.Body)
	}

	if r := reportAPI(xa, passFailInd, "đạt", "", got.ID); r.Status != http.StatusCreated {
		t.Errorf("the commune cites its upload in a later request: %d, want 201\n%.300s", r.Status, r.Body)
	}
	f := xa.Get("/tep/" + got.ID)
	if disp := f.Header.Get("Content-Disposition"); f.Status != http.StatusOK || !strings.Contains(disp, "bienban-quyhoach.pdf") || f.Body != string(webtest.PDF) {
		t.Errorf("the commune opens its upload: %d %q", f.Status, disp)
	}

	// Someone of another province reads neither the commune's value nor
	// the province's guidance.
	admin := w.As(webtest.Admin)
	acc := admin.PostForm("/quan-tri/nguoi-dung", url.Values{"login": {"phuong-trucbach"}, "name": {"Phường Trúc Bạch"},
		"password": {demo.Password}, "lang": {"vi"}})
	if acc.Status != http.StatusSeeOther {
		t.Fatalf("create a third account: %d\n%.500s", acc.Status, acc.Body)
	}
	if r := admin.PostForm(acc.Location()+"/vai-tro", url.Values{"kind": {"commune"}, "unit": {"00004"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("give it a commune of Hà Nội: %d\n%.500s", r.Status, r.Body)
	}
	if r := w.As("phuong-trucbach").Get("/tep/" + got.ID); r.Status != http.StatusForbidden {
		t.Errorf("a third person opens the commune's upload: %d, want 403", r.Status)
	}
}
