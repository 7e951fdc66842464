package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// sessionID returns the stored ID of a cookie token.
func sessionID(token string) string { return hashOf([]byte(token)) }

func mustSession(tb testing.TB, ss datchuan.SessionService, userID int64, token string, expires time.Time) *datchuan.Session {
	tb.Helper()
	s := &datchuan.Session{ID: sessionID(token), UserID: userID, CSRF: "csrf-" + token, ExpiresAt: expires}
	must(tb, ss.CreateSession(context.Background(), s))
	return s
}

func TestSessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ss := db.Stores().Sessions
		lan := mustUser(t, db.Stores().Users, "lan")

		expires := testNow.Add(8*time.Hour + 999*time.Nanosecond)
		s := &datchuan.Session{ID: sessionID("token-1"), UserID: lan.ID, CSRF: "csrf-1", ExpiresAt: expires,
			Addr: "203.0.113.7", UserAgent: "Mozilla/5.0 (Windows NT 10.0)"}
		must(t, ss.CreateSession(ctx, s))
		want := &datchuan.Session{ID: sessionID("token-1"), UserID: lan.ID, CSRF: "csrf-1",
			CreatedAt: testNow.UTC().Truncate(time.Microsecond), SeenAt: testNow.UTC().Truncate(time.Microsecond),
			ExpiresAt: expires.UTC().Truncate(time.Microsecond), Addr: "203.0.113.7", UserAgent: "Mozilla/5.0 (Windows NT 10.0)"}
		wantEqual(t, want, s, "after CreateSession")
		got, err := ss.Session(ctx, s.ID, testNow)
		must(t, err)
		wantEqual(t, want, got, "Session")

		// Valid until, not at, the expiry; the stored expiry is whole microseconds.
		_, err = ss.Session(ctx, s.ID, want.ExpiresAt.Add(-time.Nanosecond))
		must(t, err)
		_, err = ss.Session(ctx, s.ID, want.ExpiresAt)
		wantCode(t, err, datchuan.ENOTFOUND)
		_, err = ss.Session(ctx, sessionID("unknown"), testNow)
		wantCode(t, err, datchuan.ENOTFOUND)

		// Sliding: touching moves the expiry, and the session lives on.
		seen, later := testNow.Add(7*time.Hour), testNow.Add(15*time.Hour)
		must(t, ss.TouchSession(ctx, s.ID, seen, later))
		got, err = ss.Session(ctx, s.ID, testNow.Add(10*time.Hour))
		must(t, err)
		if !got.SeenAt.Equal(seen.Truncate(time.Microsecond)) || !got.ExpiresAt.Equal(later.Truncate(time.Microsecond)) ||
			!got.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("after TouchSession: %+v", got)
		}
		wantCode(t, ss.TouchSession(ctx, sessionID("unknown"), seen, later), datchuan.ENOTFOUND)

		must(t, ss.DeleteSession(ctx, s.ID))
		_, err = ss.Session(ctx, s.ID, testNow)
		wantCode(t, err, datchuan.ENOTFOUND)
		must(t, ss.DeleteSession(ctx, s.ID)) // signing out twice is harmless
	})
}

func TestCreateSessionRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ss := db.Stores().Sessions
		lan := mustUser(t, db.Stores().Users, "lan")
		s := mustSession(t, ss, lan.ID, "token", testNow.Add(time.Hour))

		ok := datchuan.Session{ID: sessionID("other"), UserID: lan.ID, CSRF: "c", ExpiresAt: testNow.Add(time.Hour)}
		for _, tc := range []struct {
			name   string
			change func(*datchuan.Session)
			code   string
		}{
			{"duplicate ID", func(x *datchuan.Session) { x.ID = s.ID }, datchuan.ECONFLICT},
			{"no ID", func(x *datchuan.Session) { x.ID = "" }, datchuan.EINVALID},
			{"no CSRF token", func(x *datchuan.Session) { x.CSRF = "" }, datchuan.EINVALID},
			{"no expiry", func(x *datchuan.Session) { x.ExpiresAt = time.Time{} }, datchuan.EINVALID},
			{"unknown user", func(x *datchuan.Session) { x.UserID = 1 << 40 }, datchuan.EINVALID},
		} {
			x := ok
			tc.change(&x)
			if err := ss.CreateSession(ctx, &x); datchuan.ErrorCode(err) != tc.code {
				t.Errorf("%s: CreateSession error %v, want %s", tc.name, err, tc.code)
			}
		}
		got, err := ss.Session(ctx, s.ID, testNow)
		must(t, err)
		if got.CSRF != s.CSRF {
			t.Errorf("the duplicate overwrote the session: %+v", got)
		}
		_, err = ss.Session(ctx, ok.ID, testNow)
		wantCode(t, err, datchuan.ENOTFOUND)
	})
}

func TestDeleteSessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ss := db.Stores().Sessions
		users := db.Stores().Users
		lan, binh := mustUser(t, users, "lan"), mustUser(t, users, "binh")
		hour := func(h int) time.Time { return testNow.Add(time.Duration(h) * time.Hour) }
		lan1 := mustSession(t, ss, lan.ID, "lan-1", hour(1))
		lan2 := mustSession(t, ss, lan.ID, "lan-2", hour(2))
		binh3 := mustSession(t, ss, binh.ID, "binh-3", hour(3))
		binh4 := mustSession(t, ss, binh.ID, "binh-4", hour(4))
		alive := func(s *datchuan.Session) bool {
			_, err := ss.Session(ctx, s.ID, testNow)
			if err != nil && datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
				t.Fatal(err)
			}
			return err == nil
		}

		// A password change signs every browser of lan out, and only lan's.
		must(t, ss.DeleteUserSessions(ctx, lan.ID))
		if alive(lan1) || alive(lan2) || !alive(binh3) || !alive(binh4) {
			t.Errorf("after DeleteUserSessions(lan): lan %v %v, binh %v %v", alive(lan1), alive(lan2), alive(binh3), alive(binh4))
		}

		// The sweep deletes what expired at or before now.
		lan5 := mustSession(t, ss, lan.ID, "lan-5", hour(1))
		n, err := ss.DeleteExpiredSessions(ctx, binh3.ExpiresAt)
		must(t, err)
		if n != 2 {
			t.Errorf("DeleteExpiredSessions removed %d sessions, want 2", n)
		}
		if alive(lan5) || alive(binh3) || !alive(binh4) {
			t.Errorf("after the sweep: lan5 %v, binh3 %v, binh4 %v; want only binh4", alive(lan5), alive(binh3), alive(binh4))
		}
		n, err = ss.DeleteExpiredSessions(ctx, binh3.ExpiresAt)
		must(t, err)
		if n != 0 {
			t.Errorf("a second sweep removed %d sessions", n)
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		lt := db.Stores().Throttle
		t0 := testNow.Truncate(time.Second)
		minute := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
		for _, at := range []time.Time{minute(0), minute(1), minute(2)} {
			must(t, lt.RecordLoginFailure(ctx, "user:lan", at))
		}
		must(t, lt.RecordLoginFailure(ctx, "addr:203.0.113.7", minute(2)))
		wantCode(t, lt.RecordLoginFailure(ctx, "", minute(2)), datchuan.EINVALID)

		count := func(key string, since time.Time) int {
			t.Helper()
			f, err := lt.LoginFailures(ctx, key, since)
			must(t, err)
			return f.Count
		}
		for _, tc := range []struct {
			key   string
			since time.Time
			want  int
		}{
			{"user:lan", minute(-10), 3},
			{"user:lan", minute(1), 2}, // at or after since
			{"user:lan", minute(1).Add(-time.Nanosecond), 2},
			{"user:lan", minute(1).Add(time.Nanosecond), 1},
			{"user:lan", minute(3), 0},
			{"addr:203.0.113.7", minute(0), 1},
			{"user:binh", minute(-10), 0},
		} {
			if got := count(tc.key, tc.since); got != tc.want {
				t.Errorf("LoginFailures(%s, %v) = %d, want %d", tc.key, tc.since, got, tc.want)
			}
		}

		// The first and the last failure since an instant.
		f, err := lt.LoginFailures(ctx, "user:lan", minute(1))
		must(t, err)
		if !f.First.Equal(minute(1)) || !f.Last.Equal(minute(2)) {
			t.Errorf("failures of user:lan since minute 1: first %v, last %v; want minutes 1 and 2", f.First, f.Last)
		}
		if f, err := lt.LoginFailures(ctx, "user:binh", minute(-10)); err != nil || !f.First.IsZero() || !f.Last.IsZero() {
			t.Errorf("no failures: %+v, %v", f, err)
		}

		must(t, lt.ClearLoginFailures(ctx, "user:lan"))
		if n := count("user:lan", minute(-10)); n != 0 {
			t.Errorf("%d failures of user:lan after clearing", n)
		}
		if n := count("addr:203.0.113.7", minute(-10)); n != 1 {
			t.Errorf("clearing user:lan cleared addr too: %d left", n)
		}

		// Clearing by prefix: every address of one login, nothing else; a
		// "%" or "_" is itself, not a pattern.
		for _, key := range []string{"login:an_1 203.0.113.7", "login:an_1 198.51.100.2", "login:an_10 203.0.113.7", "login:anx1 203.0.113.7", "login:đào 10.0.0.1"} {
			must(t, lt.RecordLoginFailure(ctx, key, minute(3)))
		}
		n, err := lt.ClearLoginFailuresFrom(ctx, "login:an_1 ")
		must(t, err)
		if n != 2 {
			t.Errorf("ClearLoginFailuresFrom(login:an_1) cleared %d, want 2", n)
		}
		n, err = lt.ClearLoginFailuresFrom(ctx, "login:đào ")
		must(t, err)
		if n != 1 {
			t.Errorf("ClearLoginFailuresFrom(login:đào) cleared %d, want 1", n)
		}
		for key, want := range map[string]int{"login:an_10 203.0.113.7": 1, "login:anx1 203.0.113.7": 1, "addr:203.0.113.7": 1} {
			if got := count(key, minute(-10)); got != want {
				t.Errorf("after clearing by prefix, %s has %d failures, want %d", key, got, want)
			}
		}
		_, err = lt.ClearLoginFailuresFrom(ctx, "")
		wantCode(t, err, datchuan.EINVALID)
	})
}
