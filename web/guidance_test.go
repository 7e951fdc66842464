package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/web/webtest"
)

const guidancePath = "/huong-dan?tinh=84"

func guidanceForm(criterion string) url.Values {
	return url.Values{"criterion": {criterion}, "number": {"123/HD-STNMT"}, "date": {"25/08/2022"},
		"title": {"Hướng dẫn thu gom rác thải sinh hoạt"}}
}

func guidanceFile() webtest.File {
	return webtest.File{Field: "file", Name: "huong-dan.pdf", Data: webtest.PDF}
}

// A department publishes guidance for the criterion it leads; the
// document is listed, opens for the communes of the province, and the
// change log has the entry.
func TestPublishGuidance(t *testing.T) {
	w := webtest.New(t)
	dept := w.As(webtest.DeptTNMT)
	page := dept.Get(guidancePath)
	if page.Status != http.StatusOK || !page.Has(`id="guidance-form"`) {
		t.Fatalf("the guidance page of the department: %d, without the form", page.Status)
	}
	// Only what it leads is offered: criterion 17, not criterion 1.
	if !page.Has(`<option value="17">`) || page.Has(`<option value="1">`) {
		t.Errorf("the department is offered criteria it does not lead, or not the one it leads")
	}
	resp := dept.PostMultipart(guidancePath, guidanceForm("17"), guidanceFile())
	if resp.Status != http.StatusSeeOther || resp.Location() != guidancePath+"&ok=1" {
		t.Fatalf("publish: %d %s\n%.800s", resp.Status, resp.Location(), resp.Body)
	}
	docs, err := w.Stores().Guidance.Guidance(context.Background(), datchuan.GuidanceFilter{})
	if err != nil || len(docs) != 1 || docs[0].CriterionCode != "17" || docs[0].Number != "123/HD-STNMT" {
		t.Fatalf("stored guidance %+v, %v", docs, err)
	}
	g := docs[0]
	chs := w.Changes(datchuan.ChangeFilter{Entity: "guidance", EntityID: g.ID})
	if len(chs) != 1 || chs[0].Action != datchuan.ActGuidancePublish || chs[0].Province != "84" {
		t.Errorf("change log of guidance %d: %+v", g.ID, chs)
	}
	list := w.As(webtest.Commune).Get("/huong-dan")
	if !list.Has("123/HD-STNMT") || !list.Has(fmt.Sprintf(`href="/huong-dan/%d/tep"`, g.ID)) || list.Has(`id="guidance-form"`) {
		t.Errorf("a commune's guidance list: without the document, or with a form to publish")
	}
	if f := w.As(webtest.Commune).Get(fmt.Sprintf("/huong-dan/%d/tep", g.ID)); f.Status != http.StatusOK || f.Body != string(webtest.PDF) {
		t.Errorf("a commune opens the document: %d", f.Status)
	}
}

// A department may not publish for a criterion it does not lead: 403, and
// nothing published.
func TestGuidanceOfAnotherLead(t *testing.T) {
	w := webtest.New(t)
	resp := w.As(webtest.DeptTNMT).PostMultipart(guidancePath, guidanceForm("1"), guidanceFile())
	if resp.Status != http.StatusForbidden || !resp.Has("không chủ trì tiêu chí 1") {
		t.Errorf("publish for criterion 1 (led by Construction): %d, want 403 saying why\n%.500s", resp.Status, resp.Body)
	}
	if r := w.As(webtest.Commune).PostMultipart(guidancePath, guidanceForm("17"), guidanceFile()); r.Status != http.StatusForbidden {
		t.Errorf("a commune publishes: %d, want 403", r.Status)
	}
	docs, err := w.Stores().Guidance.Guidance(context.Background(), datchuan.GuidanceFilter{})
	if err != nil || len(docs) != 0 {
		t.Errorf("refused publications stored %d documents (%v)", len(docs), err)
	}
	if n := len(w.Changes(datchuan.ChangeFilter{Entity: "guidance"})); n != 0 {
		t.Errorf("%d guidance entries in the change log after refusals", n)
	}
}

// A refused guidance form keeps what was typed and the file received, so
// that only the mistake needs fixing.
func TestGuidanceFormKeepsWhatWasTyped(t *testing.T) {
	w := webtest.New(t)
	dept := w.As(webtest.DeptTNMT)
	form := guidanceForm("17.2")
	form.Set("number", "")
	form.Set("date", "01/12/2022") // after today (01/09/2022)
	resp := dept.PostMultipart(guidancePath, form, guidanceFile())
	if resp.Status != http.StatusUnprocessableEntity {
		t.Fatalf("guidance without a number: %d, want 422\n%.500s", resp.Status, resp.Body)
	}
	for what, s := range map[string]string{
		"title":       "Hướng dẫn thu gom rác thải sinh hoạt",
		"criterion":   `value="17.2" selected`,
		"date":        `value="01/12/2022"`,
		"kept file":   `name="kept" value="`,
		"file name":   "huong-dan.pdf",
		"number says": `id="err-number"`,
		"date says":   "không được sau hôm nay",
	} {
		if !resp.Has(s) {
			t.Errorf("the refused form lacks the %s", what)
		}
	}
	// Sent again with the number and the kept file, it is published.
	kept := strings.SplitN(strings.SplitN(resp.Body, `name="kept" value="`, 2)[1], `"`, 2)[0]
	form.Set("number", "124/HD-STNMT")
	form.Set("date", "01/09/2022")
	form.Set("kept", kept)
	if r := dept.PostMultipart(guidancePath, form); r.Status != http.StatusSeeOther {
		t.Fatalf("publish with the kept file: %d\n%.500s", r.Status, r.Body)
	}
	docs, err := w.Stores().Guidance.Guidance(context.Background(), datchuan.GuidanceFilter{})
	if err != nil || len(docs) != 1 || docs[0].File != kept || docs[0].IndicatorCode != "17.2" {
		t.Errorf("stored guidance %+v, %v", docs, err)
	}
}
