package main

import (
	"regexp"
	"testing"
)

// dossierFixtures are the demo's rows the route walk names on the
// dossier's routes: Cầu Ngang's request (H01, the district's paper) and
// results report (H02, with a file), Sở Xây dựng (a lead department), and
// a recognition decision of a commune of Cầu Ngang.
type dossierFixtures struct {
	request, report, agency, decision string
}

func newDossierFixtures(t *testing.T, base string, coord *session, target string) dossierFixtures {
	t.Helper()
	_, page, _ := coord.get(t, base+"/muc-tieu/"+target+"/ho-so")
	paper := func(code string) string {
		m := regexp.MustCompile(`id="p-(\d+)">\s*<h3>` + code + `\.`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the demo dossier lacks %s:\n%.2000s", code, page)
		}
		return m[1]
	}
	f := dossierFixtures{request: paper("H01"), report: paper("H02")}
	m := regexp.MustCompile(`/ho-so/xac-nhan/(\d+)" class="paper-link">Sở Xây dựng`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the demo dossier lacks Sở Xây dựng's confirmation")
	}
	f.agency = m[1]
	_, list, _ := coord.get(t, base+"/huyen/848/quyet-dinh-cong-nhan")
	if m = regexp.MustCompile(`id="d-(\d+)"`).FindStringSubmatch(list); m == nil {
		t.Fatalf("the demo has no recognition decision in Cầu Ngang")
	}
	f.decision = m[1]
	return f
}
