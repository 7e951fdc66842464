package datchuan_test

import (
	"testing"

	"github.com/datchuan/datchuan"
)

// TestReadiness: only required papers count, and a step with none has no
// percentage.
func TestReadiness(t *testing.T) {
	var r datchuan.Readiness
	for _, p := range []struct{ required, done bool }{{true, true}, {true, false}, {true, false}, {false, true}, {true, false}} {
		r.Count(p.required, p.done)
	}
	if pct, ok := r.Percent(); r.Ready != 1 || r.Required != 4 || pct != 25 || !ok {
		t.Errorf("readiness %+v = %d%%, want 1/4 = 25%%", r, pct)
	}
	if _, ok := (datchuan.Readiness{}).Percent(); ok {
		t.Errorf("nothing required has a percentage")
	}
	for _, s := range []datchuan.DossierItemState{datchuan.DossierReady, datchuan.DossierSubmitted} {
		if !s.Done() {
			t.Errorf("%s does not count as ready", s)
		}
	}
	if datchuan.DossierDrafting.Done() || datchuan.DossierNotStarted.Done() {
		t.Errorf("a paper not ready counts")
	}
}

// TestPostingDeadline: a posting runs from its posting day for the
// template's days; days left count down to it.
func TestPostingDeadline(t *testing.T) {
	end := datchuan.PostingDeadline(datchuan.NewDate(2022, 8, 22), 15)
	if end != datchuan.NewDate(2022, 9, 6) {
		t.Errorf("22/08/2022 + 15 = %s", end.VN())
	}
	if n := datchuan.DaysBetween(datchuan.NewDate(2022, 9, 1), end); n != 5 {
		t.Errorf("days left on 01/09/2022: %d", n)
	}
	if n := datchuan.DaysBetween(datchuan.NewDate(2022, 9, 10), end); n != -4 {
		t.Errorf("days since on 10/09/2022: %d", n)
	}
	if end := datchuan.PostingDeadline(datchuan.NewDate(2022, 12, 20), 15); end != datchuan.NewDate(2023, 1, 4) {
		t.Errorf("across the year: %s", end.VN())
	}
}

// TestDossierValidate: what a template item and a paper may say.
func TestDossierValidate(t *testing.T) {
	steps := []datchuan.DossierStep{{Code: "district", NameVi: "Cấp huyện"}}
	item := func() *datchuan.DossierTemplateItem {
		return &datchuan.DossierTemplateItem{Code: "H04", Step: "district", Title: "Niêm yết", Kind: datchuan.DossierPosting, PostingDays: 15,
			Party: datchuan.PartyDistrictPeoples, Provenance: datchuan.DossierProvenance{Document: "18/2022/QĐ-TTg"}}
	}
	if err := item().Validate(steps); err != nil {
		t.Fatalf("a good item: %v", err)
	}
	for name, tc := range map[string]struct {
		change func(*datchuan.DossierTemplateItem)
		field  string
	}{
		"no days":        {func(it *datchuan.DossierTemplateItem) { it.PostingDays = 0 }, datchuan.FieldDossierDays},
		"days on paper":  {func(it *datchuan.DossierTemplateItem) { it.Kind = datchuan.DossierPaper }, datchuan.FieldDossierDays},
		"a year":         {func(it *datchuan.DossierTemplateItem) { it.PostingDays = 400 }, datchuan.FieldDossierDays},
		"unknown step":   {func(it *datchuan.DossierTemplateItem) { it.Step = "ward" }, datchuan.FieldDossierStep},
		"code of spaces": {func(it *datchuan.DossierTemplateItem) { it.Code = "H 4" }, datchuan.FieldDossierCode},
		"no source":      {func(it *datchuan.DossierTemplateItem) { it.Provenance.Document = "" }, datchuan.FieldDossierDocument},
		"unknown party":  {func(it *datchuan.DossierTemplateItem) { it.Party = "ministry" }, datchuan.FieldDossierParty},
	} {
		it := item()
		tc.change(it)
		if f := datchuan.ErrorFields(it.Validate(steps)); f[tc.field] == "" {
			t.Errorf("%s: problems %v, want one of %s", name, f, tc.field)
		}
	}
	paper := &datchuan.DossierItem{State: datchuan.DossierReady, PostedOn: datchuan.NewDate(2022, 8, 22)}
	if err := paper.Validate(datchuan.DossierPosting); err != nil {
		t.Errorf("a posting with its date: %v", err)
	}
	if f := datchuan.ErrorFields(paper.Validate(datchuan.DossierPaper)); f[datchuan.FieldDossierPosted] == "" {
		t.Errorf("a paper with a posting date: %v", f)
	}
	if f := datchuan.ErrorFields((&datchuan.DossierItem{State: datchuan.DossierReady}).Validate(datchuan.DossierCriteriaTable)); f[datchuan.FieldDossierState] == "" {
		t.Errorf("a generated paper set ready by hand: %v", f)
	}
	d := &datchuan.RecognitionDecision{ProvinceID: 1, UnitID: 2, Title: datchuan.RecognisedNTM, Number: "1234/QĐ-UBND",
		Date: datchuan.NewDate(2022, 9, 2), Issuer: "Chủ tịch UBND tỉnh", Year: 2023}
	f := datchuan.ErrorFields(d.Validate(datchuan.NewDate(2022, 9, 1)))
	if f[datchuan.FieldDate] == "" || f[datchuan.FieldDecisionYear] == "" {
		t.Errorf("a decision dated tomorrow for a later year: %v", f)
	}
}

// TestRecognises: a xã needs an NTM (or higher) decision, a thị trấn a
// civilised-urban one.
func TestRecognises(t *testing.T) {
	for _, c := range []struct {
		title datchuan.RecognitionTitle
		typ   string
		want  bool
	}{
		{datchuan.RecognisedNTM, datchuan.TypeCommune, true},
		{datchuan.RecognisedAdvanced, datchuan.TypeCommune, true},
		{datchuan.RecognisedUrban, datchuan.TypeCommune, false},
		{datchuan.RecognisedUrban, datchuan.TypeTown, true},
		{datchuan.RecognisedNTM, datchuan.TypeTown, false},
	} {
		if got := c.title.Recognises(c.typ); got != c.want {
			t.Errorf("%s recognises a %s: %v", c.title, c.typ, got)
		}
	}
}
