package web_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/web/webtest"
)

// The read side of the JSON API, as clients call it.

type unitJSON struct {
	ID         int64  `json:"id"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	Level      string `json:"level"`
	ParentCode string `json:"parent_code"`
	ValidFrom  string `json:"valid_from"`
	ValidTo    string `json:"valid_to"`
}

type unitList struct {
	Count int        `json:"count"`
	Units []unitJSON `json:"units"`
}

func codes(us []unitJSON) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Code+" "+u.Name)
	}
	return out
}

func TestAPIUnits(t *testing.T) {
	w := webtest.New(t)
	t.Run("a coordination user lists its province only", func(t *testing.T) {
		var got unitList
		w.As(webtest.Coord).JSON("/api/units?q=cau+ngang", &got)
		// Xã Cầu Ngang (29416 again, from 2025, in Vĩnh Long) is not Trà Vinh's.
		want := []string{"29416 Thị trấn Cầu Ngang", "848 Huyện Cầu Ngang"}
		if !slices.Equal(codes(got.Units), want) || got.Count != len(want) {
			t.Errorf("got %d %q, want %q", got.Count, codes(got.Units), want)
		}
	})
	t.Run("an admin lists the country", func(t *testing.T) {
		var got unitList
		w.As(webtest.Admin).JSON("/api/units?q=cau+ngang", &got)
		want := []string{"29416 Thị trấn Cầu Ngang", "29416 Xã Cầu Ngang", "848 Huyện Cầu Ngang"}
		if !slices.Equal(codes(got.Units), want) || got.Count != len(want) {
			t.Errorf("got %d %q, want %q", got.Count, codes(got.Units), want)
		}
	})
	t.Run("a commune user lists its commune", func(t *testing.T) {
		var got unitList
		w.As(webtest.Commune).JSON("/api/units?level=commune&parent=848", &got)
		if want := []string{"29446 Xã Nhị Trường"}; !slices.Equal(codes(got.Units), want) {
			t.Errorf("got %q, want %q", codes(got.Units), want)
		}
	})
	t.Run("the limit counts what the viewer sees", func(t *testing.T) {
		var got unitList
		w.As(webtest.Coord).JSON("/api/units?level=commune&limit=3", &got)
		if got.Count != 3 || len(got.Units) != 3 || got.Units[0].Code[:2] != "29" {
			t.Errorf("got %d units: %q", got.Count, codes(got.Units))
		}
	})
	t.Run("bad parameters", func(t *testing.T) {
		for _, q := range []string{"limit=0", "limit=20001", "limit=x", "level=hamlet", "on=31/02/2022"} {
			if resp := w.As(webtest.Coord).Get("/api/units?" + q); resp.Status != http.StatusBadRequest || !resp.Has(`"code":"invalid"`) {
				t.Errorf("?%s: %d %.200s", q, resp.Status, resp.Body)
			}
		}
	})
}

func TestAPIUnitAndTerritory(t *testing.T) {
	w := webtest.New(t)
	t.Run("versions of a code", func(t *testing.T) {
		var got struct {
			Code     string `json:"code"`
			Versions []struct {
				unitJSON
				FormedFrom []struct{ Unit unitJSON } `json:"formed_from"`
				WentInto   []struct {
					Kind string   `json:"kind"`
					Unit unitJSON `json:"unit"`
				} `json:"went_into"`
			} `json:"versions"`
		}
		w.As(webtest.Coord).JSON("/api/units/29416", &got)
		// Trà Vinh's coordination office reads the town, not the 2025 Xã Cầu Ngang of Vĩnh Long.
		if got.Code != "29416" || len(got.Versions) != 1 || got.Versions[0].Name != "Thị trấn Cầu Ngang" || got.Versions[0].FormedFrom == nil {
			t.Fatalf("got %+v", got)
		}
		w.As(webtest.Admin).JSON("/api/units/29416", &got)
		if len(got.Versions) != 2 {
			t.Fatalf("admin: %d versions, want 2", len(got.Versions))
		}
		if v := got.Versions[0]; len(v.WentInto) == 0 || v.WentInto[0].Unit.Name != "Xã Cầu Ngang" {
			t.Errorf("the town went into %+v, want Xã Cầu Ngang", v.WentInto)
		}
		if resp := w.As(webtest.Commune).Get("/api/units/848"); resp.Status != http.StatusForbidden {
			t.Errorf("a commune user on its district's record: %d, want 403", resp.Status)
		}
		if resp := w.As(webtest.Coord).Get("/api/units/00000"); resp.Status != http.StatusNotFound {
			t.Errorf("no such code: %d, want 404", resp.Status)
		}
	})
	t.Run("territory", func(t *testing.T) {
		var got struct {
			Unit  unitJSON   `json:"unit"`
			On    string     `json:"on"`
			Count int        `json:"count"`
			Units []unitJSON `json:"units"`
		}
		w.As(webtest.District).JSON("/api/units/848/territory", &got)
		if got.Unit.Code != "848" || got.On != "2022-09-01" || got.Count != 15 || len(got.Units) != 15 {
			t.Fatalf("territory of 848 today: %s on %s, %d units", got.Unit.Code, got.On, got.Count)
		}
		for _, u := range got.Units {
			if u.Level != "commune" || u.ParentCode != "848" {
				t.Errorf("unit %s %s (level %s, parent %s) in the territory of 848", u.Code, u.Name, u.Level, u.ParentCode)
			}
		}
		// After the 2025 reorganisation, the district is gone: its territory
		// is the communes formed from its communes.
		w.As(webtest.District).JSON("/api/units/848/territory?level=district&on=01/07/2025", &got)
		if got.Count == 0 || got.Count >= 15 {
			t.Fatalf("territory of 848 on 01/07/2025: %d units", got.Count)
		}
		for _, u := range got.Units {
			if u.ValidFrom != "2025-07-01" {
				t.Errorf("unit %s %s from %s, want a unit of 01/07/2025", u.Code, u.Name, u.ValidFrom)
			}
		}
		if resp := w.As(webtest.Commune).Get("/api/units/848/territory"); resp.Status != http.StatusForbidden {
			t.Errorf("a commune user on its district's territory: %d, want 403", resp.Status)
		}
	})
}

func TestAPIStatusesAndValues(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Commune)
	var status struct {
		Demo     bool `json:"demo"`
		Statuses []struct {
			Unit   unitJSON `json:"unit"`
			Set    struct{ ID string }
			Result struct {
				Met, Total int
			} `json:"result"`
		} `json:"statuses"`
	}
	c.JSON("/api/units/29446/status", &status)
	if !status.Demo || len(status.Statuses) == 0 || status.Statuses[0].Unit.Code != "29446" || status.Statuses[0].Result.Total != 19 {
		t.Errorf("status of 29446: %+v", status)
	}
	var values struct {
		Unit    unitJSON `json:"unit"`
		History bool     `json:"history"`
		Count   int      `json:"count"`
		Values  []struct {
			UnitID        int64  `json:"unit_id"`
			IndicatorCode string `json:"indicator_code"`
		} `json:"values"`
	}
	c.JSON("/api/units/29446/values", &values)
	current := values.Count
	if current == 0 || values.History || len(values.Values) != current || values.Values[0].UnitID != values.Unit.ID {
		t.Fatalf("values of 29446: %d, history %v", current, values.History)
	}
	c.JSON("/api/units/29446/values?history=1", &values)
	if !values.History || values.Count < current {
		t.Errorf("history of 29446: %d reports, %d current values", values.Count, current)
	}
	var prov struct {
		Province struct {
			Unit      unitJSON `json:"unit"`
			Districts []struct {
				Unit unitJSON `json:"unit"`
			} `json:"districts"`
		} `json:"province"`
	}
	w.As(webtest.Leader).JSON("/api/provinces/84/status", &prov)
	if prov.Province.Unit.Code != "84" || len(prov.Province.Districts) < 2 {
		t.Errorf("province 84: %+v", prov.Province.Unit)
	}
	for path, want := range map[string]int{
		"/api/units/29452/status":      http.StatusForbidden, // another commune
		"/api/units/29452/values":      http.StatusForbidden,
		"/api/provinces/84/status":     http.StatusForbidden,
		"/api/districts/848/status":    http.StatusForbidden,
		"/api/units/99999/status":      http.StatusNotFound,
		"/api/units/29446/values?on=x": http.StatusBadRequest,
	} {
		if resp := c.Get(path); resp.Status != want {
			t.Errorf("GET %s as the commune user: %d, want %d", path, resp.Status, want)
		}
	}
}

func TestAPIMeSetsAgencies(t *testing.T) {
	w := webtest.New(t)
	var me struct {
		User    struct{ Login string } `json:"user"`
		Kinds   []string               `json:"kinds"`
		Reports bool                   `json:"reports"`
		Reviews bool                   `json:"reviews"`
		Admin   bool                   `json:"admin"`
		CSRF    string                 `json:"csrf_token"`
	}
	w.As(webtest.Commune).JSON("/api/me", &me)
	if me.User.Login != webtest.Commune || !slices.Equal(me.Kinds, []string{"commune"}) || !me.Reports || me.Reviews || me.Admin || me.CSRF == "" {
		t.Errorf("me: %+v", me)
	}
	if resp := w.Anonymous().Get("/api/me"); resp.Status != http.StatusUnauthorized {
		t.Errorf("anonymous /api/me: %d, want 401", resp.Status)
	}

	var sets struct {
		Sets []struct {
			ID       string `json:"id"`
			Criteria int    `json:"criteria"`
		} `json:"sets"`
	}
	w.As(webtest.Commune).JSON("/api/sets", &sets)
	if len(sets.Sets) == 0 {
		t.Fatal("no sets")
	}
	var set struct {
		ID       string `json:"id"`
		Criteria []any  `json:"criteria"`
	}
	w.As(webtest.Commune).JSON("/api/sets/"+sets.Sets[0].ID, &set)
	if set.ID != sets.Sets[0].ID || len(set.Criteria) != sets.Sets[0].Criteria {
		t.Errorf("set %s: %d criteria, list says %d", set.ID, len(set.Criteria), sets.Sets[0].Criteria)
	}
	if resp := w.As(webtest.Commune).Get("/api/sets/no-such-set"); resp.Status != http.StatusNotFound {
		t.Errorf("no such set: %d, want 404", resp.Status)
	}

	// An agency of Vĩnh Long (86): the admin sees it, Trà Vinh's users do not.
	ctx := context.Background()
	vl, err := w.Stores().Units.FindUnits(ctx, datchuan.UnitFilter{Code: "86", Level: datchuan.LevelProvince})
	if err != nil || len(vl) == 0 {
		t.Fatalf("province 86: %v", err)
	}
	other := &datchuan.Agency{Code: "86-SXD", Name: "Sở Xây dựng tỉnh Vĩnh Long", ShortName: "Sở XD VL", Kind: datchuan.AgencyDepartment, UnitID: vl[0].ID}
	if err := w.Stores().Agencies.CreateAgency(ctx, other); err != nil {
		t.Fatal(err)
	}
	type agencies struct {
		Agencies []struct {
			Code string `json:"code"`
		} `json:"agencies"`
	}
	list := func(login, query string) []string {
		var got agencies
		w.As(login).JSON("/api/agencies"+query, &got)
		var out []string
		for _, a := range got.Agencies {
			out = append(out, a.Code)
		}
		return out
	}
	mine, all := list(webtest.Commune, ""), list(webtest.Admin, "")
	if !slices.Contains(all, "86-SXD") || !slices.Contains(all, "84-SXD") {
		t.Errorf("the admin does not see every agency: %q", all)
	}
	if slices.Contains(mine, "86-SXD") || !slices.Contains(mine, "84-SXD") || !slices.Contains(mine, "29446-BCD") {
		t.Errorf("a commune user of Trà Vinh sees %q", mine)
	}
	if got := list(webtest.Coord, "?kind=department"); !slices.Contains(got, "84-SXD") || slices.Contains(got, "29446-BCD") {
		t.Errorf("?kind=department: %q", got)
	}
	if resp := w.As(webtest.Commune).Get("/api/agencies?unit=x"); resp.Status != http.StatusBadRequest {
		t.Errorf("?unit=x: %d, want 400", resp.Status)
	}
}
