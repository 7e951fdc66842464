package service_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/web/webtest"
)

const (
	guesser = "203.0.113.7"  // where the wrong passwords come from
	office  = "198.51.100.2" // where the person signs in
)

// signIn tries a login and password from an address and says what came
// of it: "ok", "wrong", or "wait <seconds>".
func signIn(t *testing.T, svc *service.Service, login, password, addr string) string {
	t.Helper()
	u, err := svc.SignIn(context.Background(), login, password, addr)
	var wait *service.Throttled
	switch {
	case err == nil && u != nil:
		return "ok"
	case errors.As(err, &wait):
		return fmt.Sprintf("wait %d", wait.RetryAfter())
	case datchuan.ErrorCode(err) == datchuan.EUNAUTHORIZED:
		return "wrong"
	}
	t.Fatalf("sign in as %q from %s: %v", login, addr, err)
	return ""
}

// expect checks a sign-in's outcome.
func expect(t *testing.T, svc *service.Service, login, password, addr, want string) {
	t.Helper()
	if got := signIn(t, svc, login, password, addr); got != want {
		t.Errorf("sign in as %q from %s: %s, want %s", login, addr, got, want)
	}
}

// Wrong passwords from one address do not lock the person out where they
// are: the throttle is per login and address.
func TestSignInNotLockedOutFromElsewhere(t *testing.T) {
	w := webtest.New(t)
	svc := w.Service
	for range 5 {
		expect(t, svc, "vpdp", "doan-mo", guesser, "wrong")
	}
	for range 10 {
		expect(t, svc, "vpdp", "doan-mo", guesser, "wait 32")
	}
	expect(t, svc, "vpdp", demo.Password, guesser, "wait 32") // the guesser waits even when right
	expect(t, svc, "vpdp", demo.Password, office, "ok")
	expect(t, svc, "vpdp", "go-nham", office, "wrong") // one slip of the person's own
	expect(t, svc, "vpdp", demo.Password, office, "ok")
}

// From one address, each failure past the fifth doubles the wait: 32 s,
// 64 s, 128 s … at most 15 minutes. A success there forgets them.
func TestSignInDelaysGrow(t *testing.T) {
	w := webtest.New(t)
	svc, clock := w.Service, w.Clock()
	for range 5 {
		expect(t, svc, "so-xd", "sai", guesser, "wrong")
	}
	for _, wait := range []int{32, 64, 128, 256, 512, 900, 900} {
		expect(t, svc, "so-xd", "sai", guesser, fmt.Sprintf("wait %d", wait))
		clock.Advance(time.Duration(wait-1) * time.Second)
		expect(t, svc, "so-xd", "sai", guesser, "wait 1")
		clock.Advance(time.Second)
		expect(t, svc, "so-xd", "sai", guesser, "wrong")
	}
	clock.Advance(900 * time.Second)
	expect(t, svc, "so-xd", demo.Password, guesser, "ok")
	expect(t, svc, "so-xd", "sai", guesser, "wrong") // counted afresh
}

// An office behind one NAT address may get 99 passwords wrong in 15
// minutes, over many logins, and still sign in; the 100th closes the
// address to sign-in, for every login, until the first of them is 15
// minutes old. Other addresses are not affected.
func TestSignInAddressLimit(t *testing.T) {
	w := webtest.New(t)
	svc, clock := w.Service, w.Clock()
	const nat = "10.20.30.40"
	// 97 failures as the throttle keys an address (service/signin.go:
	// checking 99 passwords would take seconds), and two real ones.
	for range 97 {
		if err := w.Stores().Throttle.RecordLoginFailure(context.Background(), "addr:"+nat, webtest.Start); err != nil {
			t.Fatal(err)
		}
	}
	expect(t, svc, "can-bo-1", "sai", nat, "wrong")
	expect(t, svc, "can-bo-2", "sai", nat, "wrong")
	expect(t, svc, "xa-nhitruong", demo.Password, nat, "ok")
	clock.Advance(time.Minute)
	expect(t, svc, "khach", "sai", nat, "wrong") // the 100th
	expect(t, svc, "xa-nhitruong", demo.Password, nat, "wait 840")
	expect(t, svc, "xa-nhitruong", demo.Password, office, "ok")
	clock.Advance(14 * time.Minute)
	expect(t, svc, "xa-nhitruong", demo.Password, nat, "ok")
}

// Case and spaces do not make another login: " VPDP", "vpdp " and
// "Vp Dp" count against vpdp, and sign in as vpdp.
func TestSignInLoginVariants(t *testing.T) {
	w := webtest.New(t)
	svc := w.Service
	for _, login := range []string{"VPDP", " vpdp", "vpdp\t", "Vp Dp", "vPdP "} {
		expect(t, svc, login, "sai", guesser, "wrong")
	}
	expect(t, svc, "vpdp", demo.Password, guesser, "wait 32")
	expect(t, svc, " VPDP ", demo.Password, office, "ok")
	u, err := svc.SignIn(context.Background(), "Vp Dp", demo.Password, "198.51.100.3")
	if err != nil || u.Login != "vpdp" {
		t.Errorf("signing in as %q: %v, %v", "Vp Dp", u, err)
	}
	// A login of control characters and broken UTF-8 is only wrong.
	expect(t, svc, "vp\x00dp\xff", "sai", "198.51.100.4", "wrong")
}

// An administrator lets a throttled person sign in at once, from every
// address; nobody else may, and the log says who did.
func TestClearSignInThrottle(t *testing.T) {
	w := webtest.New(t)
	svc, ctx := w.Service, context.Background()
	for _, addr := range []string{guesser, office} {
		for range 5 {
			expect(t, svc, "huyen-caungang", "sai", addr, "wrong")
		}
		expect(t, svc, "huyen-caungang", demo.Password, addr, "wait 32")
	}
	expect(t, svc, "vpdp", "sai", office, "wrong") // another login's failure stays
	u, err := w.Stores().Users.UserByLogin(ctx, "huyen-caungang")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.ClearSignInThrottle(ctx, caller(t, w, svc, "vpdp"), u.ID); datchuan.ErrorCode(err) != datchuan.EFORBIDDEN {
		t.Errorf("the coordination office clears a throttle: %v, want forbidden", err)
	}
	expect(t, svc, "huyen-caungang", demo.Password, office, "wait 32")
	if err := svc.ClearSignInThrottle(ctx, caller(t, w, svc, "quantri"), u.ID); err != nil {
		t.Fatal(err)
	}
	expect(t, svc, "huyen-caungang", demo.Password, office, "ok")
	expect(t, svc, "huyen-caungang", demo.Password, guesser, "ok")
	chs := w.Changes(datchuan.ChangeFilter{Entity: "user", EntityID: u.ID})
	if len(chs) == 0 || chs[0].Action != datchuan.ActUserUnthrottle || !strings.Contains(chs[0].Summary, "huyen-caungang") ||
		!strings.Contains(chs[0].After, `"failures_cleared":10`) {
		t.Errorf("the change log of the clearing: %+v", chs[:min(len(chs), 1)])
	}
}

// Every wrong sign-in is in the change log, for administrators: the login
// tried, the address, the time; never the password. A throttled try,
// which checks no password, is not.
func TestFailedSignInsAreLogged(t *testing.T) {
	w := webtest.New(t)
	svc := w.Service
	before := len(w.Changes(datchuan.ChangeFilter{Entity: "signin"}))
	tries := []string{"VPDP", "khong-co-ai", "vpdp", "vpdp", "vpdp", " Vpdp"}
	for _, login := range tries {
		expect(t, svc, login, "mat-khau-bi-mat", guesser, "wrong")
	}
	expect(t, svc, "vpdp", "mat-khau-bi-mat", guesser, "wait 32")
	expect(t, svc, "vpdp", demo.Password, office, "ok")
	chs := w.Changes(datchuan.ChangeFilter{Entity: "signin"})
	if len(chs)-before != len(tries) {
		t.Fatalf("%d failed sign-ins logged, want %d", len(chs)-before, len(tries))
	}
	for i, ch := range chs[:len(tries)] {
		want := datchuan.NormalLogin(tries[len(tries)-1-i]) // newest first
		if ch.Action != datchuan.ActSignInFail || ch.Actor.Name != "system:signin" || ch.Actor.Addr != guesser ||
			!ch.At.Equal(webtest.Start) || !strings.Contains(ch.After, `"login":"`+want+`"`) || !strings.Contains(ch.Summary, want) {
			t.Errorf("entry %d: %+v", i, ch)
		}
		if strings.Contains(ch.Summary+ch.Before+ch.After, "mat-khau-bi-mat") {
			t.Errorf("entry %d holds the password: %+v", i, ch)
		}
		if ch.Province != "" {
			t.Errorf("entry %d is readable by a coordination office (%s): only administrators read it", i, ch.Province)
		}
	}
}
