package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/datchuan/datchuan/web/webtest"
)

// TestWriteSeenAtNextRequest: pages read the in-memory model, kept until
// the next write; a report and its confirmation show on the district's
// status and on the unit's page at the very next request.
func TestWriteSeenAtNextRequest(t *testing.T) {
	w := webtest.New(t)
	vpdp := w.As(webtest.Coord)
	indicator := func() string {
		t.Helper()
		var d struct {
			District struct {
				Communes []struct {
					Unit    struct{ Code string }
					Results map[string]struct {
						Criteria []struct {
							Indicators []struct{ Code, Status string }
						}
					}
				}
			}
		}
		vpdp.JSON("/api/districts/848/status?detail=indicators", &d)
		for _, c := range d.District.Communes {
			if c.Unit.Code != commune {
				continue
			}
			for _, cr := range c.Results["commune_ntm"].Criteria {
				for _, ind := range cr.Indicators {
					if ind.Code == passFailInd {
						return ind.Status
					}
				}
			}
		}
		t.Fatal("no indicator 1.1 of the commune in the district's status")
		return ""
	}
	row := func() string {
		t.Helper()
		return between(vpdp.Get("/don-vi/"+commune).Body, "<strong>"+passFailInd+"</strong>", "</tr>")
	}
	if got := indicator(); got != "not_met" {
		t.Fatalf("before: indicator 1.1 of %s is %s, want not_met", commune, got)
	}
	if strings.Contains(row(), "st-met") {
		t.Fatal("before: the unit page shows 1.1 met")
	}
	id := reportedID(t, reportAPI(w.As(webtest.Commune), passFailInd, "đạt", "đã hoàn thành"))
	if got := indicator(); got != "reported" {
		t.Errorf("after the report: %s, want reported", got)
	}
	if r := w.As(webtest.DeptXD).PostJSON(fmt.Sprintf("/api/values/%d/review", id), map[string]string{"decision": "confirmed"}); r.Status != 200 {
		t.Fatalf("confirm: %d %.300s", r.Status, r.Body)
	}
	if got := indicator(); got != "met" {
		t.Errorf("after the confirmation: %s, want met", got)
	}
	if r := row(); !strings.Contains(r, "st-met") {
		t.Errorf("after the confirmation the unit page shows 1.1 as:\n%s", r)
	}
}

// TestRoleTakenAtNextRequest: who a signed-in user is, and what they may
// do, is kept between writes; taking a role away is a write, so the
// user's very next request no longer has it (their session stays).
func TestRoleTakenAtNextRequest(t *testing.T) {
	w := webtest.New(t)
	xa, admin := w.As(webtest.Commune), w.As(webtest.Admin)
	for range 2 { // the second request reads the kept account
		if r := xa.Get("/don-vi/" + commune); r.Status != 200 {
			t.Fatalf("before: %d", r.Status)
		}
	}
	u, err := w.Stores().Users.UserByLogin(t.Context(), webtest.Commune)
	if err != nil || len(u.Roles) != 1 {
		t.Fatalf("the commune account: %+v %v", u, err)
	}
	path := fmt.Sprintf("/quan-tri/nguoi-dung/%d/vai-tro/%d/xoa", u.ID, u.Roles[0].ID)
	if r := admin.PostForm(path, url.Values{}); r.Status != 303 {
		t.Fatalf("take the role: %d %.500s", r.Status, r.Body)
	}
	if r := xa.Get("/don-vi/" + commune); r.Status != 403 {
		t.Errorf("without its role the account reads the unit page: %d, want 403", r.Status)
	}
}
