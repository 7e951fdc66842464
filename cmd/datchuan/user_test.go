package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/auth"
)

// TestUserAdd creates the first administrator from the command line, as
// the README says, and refuses a bad role without creating anything.
func TestUserAdd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	getenv := func(k string) string {
		if k == "DATCHUAN_USER_PASSWORD" {
			return "mật-khẩu-đủ-dài"
		}
		return ""
	}
	var out, errb bytes.Buffer
	e := env{Getenv: getenv, Stdout: &out, Stderr: &errb}
	err := run(context.Background(), []string{"user", "add", "-data", dir, "-login", "Admin", "-name", "Nguyễn Văn Quản", "-role", "admin", "-role", "coordination:84"}, e)
	if err != nil {
		t.Fatalf("user add: %v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "Admin") {
		t.Errorf("output %q does not name the account", out.String())
	}
	err = run(context.Background(), []string{"user", "add", "-data", dir, "-login", "other", "-name", "X", "-role", "mayor:84"}, e)
	if code := exitCode(err, io.Discard); code != 2 {
		t.Errorf("a bad role: exit %d, want 2 (%v)", code, err)
	}
	err = run(context.Background(), []string{"user", "add", "-data", dir, "-login", "admin", "-name", "Y", "-role", "admin"}, e)
	if datchuan.ErrorCode(err) != datchuan.ECONFLICT {
		t.Errorf("the same login again (other case): %v, want a conflict", err)
	}

	a, err := openApp(context.Background(), Config{DataDir: dir}, env{Getenv: func(string) string { return "" }}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	u, err := a.stores.Users.UserByLogin(context.Background(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := auth.VerifyPassword(u.PasswordHash, "mật-khẩu-đủ-dài"); !ok || err != nil {
		t.Errorf("the password does not verify: %v %v", ok, err)
	}
	kinds := map[datchuan.RoleKind]bool{}
	for _, r := range u.Roles {
		kinds[r.Kind] = true
	}
	if !kinds[datchuan.RoleAdmin] || !kinds[datchuan.RoleCoordination] || len(u.Roles) != 2 {
		t.Errorf("roles %+v, want admin and coordination", u.Roles)
	}
	if _, err := a.stores.Users.UserByLogin(context.Background(), "other"); datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		t.Errorf("a refused user add left an account: %v", err)
	}
}
