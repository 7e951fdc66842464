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

// An administrator creates an account: one change-log entry, and a person
// of the programme behind it. A login taken comes back beside its field.
func TestAdminCreateAccount(t *testing.T) {
	w := webtest.New(t)
	admin := w.As(webtest.Admin)
	if resp := w.As(webtest.Coord).Get("/quan-tri/nguoi-dung"); resp.Status != http.StatusForbidden {
		t.Errorf("the coordination office opens the admin pages: %d, want 403", resp.Status)
	}
	count := w.CountChanges()
	form := url.Values{"login": {"vpdp"}, "name": {"Người mới"}, "email": {"moi@example.vn"}, "password": {"mat-khau-dai-2022"}, "lang": {"vi"}}
	taken := admin.PostForm("/quan-tri/nguoi-dung", form)
	// A taken login conflicts with an account that exists: 409, told
	// beside the login field, with the rest of the form kept.
	if taken.Status != http.StatusConflict || !taken.Has(`value="Người mới"`) || !strings.Contains(taken.Body, `<div class="field bad"><label for="login">`) {
		t.Fatalf("login taken: %d, want 409 beside the login\n%.1000s", taken.Status, taken.Body)
	}
	if w.CountChanges() != count {
		t.Fatal("a refused account wrote to the change log")
	}

	form.Set("login", "nguoimoi")
	resp := admin.PostForm("/quan-tri/nguoi-dung", form)
	if resp.Status != http.StatusSeeOther || !strings.HasPrefix(resp.Location(), "/quan-tri/nguoi-dung/") {
		t.Fatalf("create: %d\n%.1000s", resp.Status, resp.Body)
	}
	if got := w.CountChanges(); got != count+1 {
		t.Errorf("creating an account wrote %d entries, want 1", got-count)
	}
	ctx := context.Background()
	u, err := w.Stores().Users.UserByLogin(ctx, "nguoimoi")
	if err != nil {
		t.Fatal(err)
	}
	if p, err := w.Stores().Agencies.Person(ctx, u.PersonID); err != nil || p.Name != "Người mới" {
		t.Errorf("no person behind the account: %v %+v", err, p)
	}
	chs := w.Changes(datchuan.ChangeFilter{Entity: "user", EntityID: u.ID})
	if len(chs) != 1 || chs[0].Action != datchuan.ActUserCreate || strings.Contains(chs[0].After, "mat-khau") {
		t.Errorf("entries of the account: %+v", chs)
	}
	if page := admin.Get(resp.Location()); page.Status != http.StatusOK || !page.Has("nguoimoi") {
		t.Errorf("the account's page: %d", page.Status)
	}

	// A role, given by the unit's code.
	role := admin.PostForm(resp.Location()+"/vai-tro", url.Values{"kind": {"commune"}, "unit": {"29446"}})
	if role.Status != http.StatusSeeOther {
		t.Fatalf("add role: %d\n%.500s", role.Status, role.Body)
	}
	bad := admin.PostForm(resp.Location()+"/vai-tro", url.Values{"kind": {"district"}, "unit": {"999"}})
	if bad.Status != http.StatusUnprocessableEntity || !bad.Has(`value="999"`) {
		t.Errorf("role of no unit: %d\n%.500s", bad.Status, bad.Body)
	}
	if u, _ = w.Stores().Users.User(ctx, u.ID); len(u.Roles) != 1 || u.Roles[0].Kind != datchuan.RoleCommune {
		t.Errorf("roles %+v, want the commune role", u.Roles)
	}
}

// Two edits of an account from the same version: the first is saved, the
// second gets 409 with what was typed.
func TestAdminStaleUserEdit(t *testing.T) {
	w := webtest.New(t)
	admin := w.As(webtest.Admin)
	ctx := context.Background()
	u, err := w.Stores().Users.UserByLogin(ctx, webtest.Leader)
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/quan-tri/nguoi-dung/%d", u.ID)
	page := admin.Get(path)
	v := page.Version()
	if page.Status != http.StatusOK || v == "" {
		t.Fatalf("user page: %d, version %q", page.Status, v)
	}
	first := admin.PostForm(path, url.Values{"version": {v}, "name": {"Tên thứ nhất"}, "email": {u.Email}})
	if first.Status != http.StatusSeeOther || first.Location() != path+"?ok=saved" {
		t.Fatalf("first edit: %d → %q\n%.500s", first.Status, first.Location(), first.Body)
	}
	second := admin.PostForm(path, url.Values{"version": {v}, "name": {"Tên thứ hai"}, "email": {u.Email}})
	if second.Status != http.StatusConflict || !second.Has(`value="Tên thứ hai"`) || !second.Has(`id="problem"`) {
		t.Fatalf("second edit: %d, want 409 with what was typed\n%.1000s", second.Status, second.Body)
	}
	if got, _ := w.Stores().Users.User(ctx, u.ID); got.Name != "Tên thứ nhất" {
		t.Errorf("stored name %q, want the first edit's", got.Name)
	}
	bad := admin.PostForm(path, url.Values{"version": {second.Version()}, "name": {"Tên"}, "email": {"không phải thư"}})
	if bad.Status != http.StatusUnprocessableEntity || !bad.Has(`value="không phải thư"`) {
		t.Errorf("bad e-mail: %d\n%.500s", bad.Status, bad.Body)
	}
	me, _ := w.Stores().Users.UserByLogin(ctx, webtest.Admin)
	mine := fmt.Sprintf("/quan-tri/nguoi-dung/%d", me.ID)
	self := admin.PostForm(mine, url.Values{"version": {admin.Get(mine).Version()}, "name": {me.Name}, "disabled": {"1"}})
	if self.Status != http.StatusUnprocessableEntity || !self.Has("tự khóa") {
		t.Errorf("an administrator disables their own account: %d\n%.500s", self.Status, self.Body)
	}
}

// The agencies page lists the agencies; a new one needs a unit that exists.
func TestAdminAgencies(t *testing.T) {
	w := webtest.New(t)
	admin := w.As(webtest.Admin)
	if page := admin.Get("/quan-tri/co-quan"); page.Status != http.StatusOK || !page.Has("84-STNMT") {
		t.Fatalf("agencies page: %d", page.Status)
	}
	form := url.Values{"code": {"84-SXX"}, "name": {"Sở Thử nghiệm"}, "kind": {"department"}, "unit": {"00"}}
	if resp := admin.PostForm("/quan-tri/co-quan", form); resp.Status != http.StatusUnprocessableEntity || !resp.Has(`value="Sở Thử nghiệm"`) {
		t.Errorf("agency of no unit: %d\n%.500s", resp.Status, resp.Body)
	}
	form.Set("unit", "84")
	if resp := admin.PostForm("/quan-tri/co-quan", form); resp.Status != http.StatusSeeOther {
		t.Fatalf("create agency: %d\n%.500s", resp.Status, resp.Body)
	}
	if page := admin.Get("/quan-tri/co-quan"); !page.Has("84-SXX") {
		t.Error("the new agency is not listed")
	}
	if page := admin.Get("/quan-tri/bo-tieu-chi"); page.Status != http.StatusOK {
		t.Errorf("sets page: %d", page.Status)
	}
}
