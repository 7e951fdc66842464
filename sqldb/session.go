package sqldb

import (
	"context"
	"time"

	"github.com/datchuan/datchuan"
)

// SessionService stores the sessions of signed-in browsers.
type SessionService struct{ db *DB }

// CreateSession stores s. CreatedAt defaults to now and SeenAt to
// CreatedAt; the three instants are set to what is stored (UTC, whole
// microseconds). A session needs an ID, a CSRF token and an expiry
// (EINVALID: an empty token would let a forged request echo it), and an
// existing user (EINVALID). An ID already stored is ECONFLICT.
func (s *SessionService) CreateSession(ctx context.Context, ss *datchuan.Session) (err error) {
	defer wrap(&err, "sqldb: create session for user %d", ss.UserID)
	switch {
	case ss.ID == "":
		return datchuan.Errorf(datchuan.EINVALID, "Phiên đăng nhập chưa có mã (session without an ID)")
	case ss.CSRF == "":
		return datchuan.Errorf(datchuan.EINVALID, "Phiên đăng nhập chưa có mã chống giả mạo (session without a CSRF token)")
	case ss.ExpiresAt.IsZero():
		return datchuan.Errorf(datchuan.EINVALID, "Phiên đăng nhập chưa có hạn (session without an expiry)")
	}
	db := s.db
	ss.CreatedAt = db.orNow(ss.CreatedAt)
	if ss.SeenAt.IsZero() {
		ss.SeenAt = ss.CreatedAt
	}
	_, err = db.q().ExecContext(ctx, db.rebind(`
		INSERT INTO sessions (id, user_id, csrf, created_at, seen_at, expires_at, addr, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
		ss.ID, ss.UserID, ss.CSRF, db.ts(ss.CreatedAt), db.ts(ss.SeenAt), db.ts(ss.ExpiresAt), ss.Addr, ss.UserAgent)
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Phiên đăng nhập đã tồn tại (duplicate session)")
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Người dùng %d không tồn tại (unknown user)", ss.UserID)
	}
	if err != nil {
		return err
	}
	ss.CreatedAt, ss.SeenAt, ss.ExpiresAt = truncTime(ss.CreatedAt), truncTime(ss.SeenAt), truncTime(ss.ExpiresAt)
	return nil
}

// Session returns the session with that ID unless it expired at or before
// now; ENOTFOUND otherwise. The message does not tell the two apart: both
// mean "sign in again".
func (s *SessionService) Session(ctx context.Context, id string, now time.Time) (_ *datchuan.Session, err error) {
	defer wrap(&err, "sqldb: session")
	db := s.db
	// Stored instants are whole microseconds, so "expires_at > now" holds
	// exactly when it holds for now truncated to the microsecond.
	return queryOne(ctx, db.r(), sessionFields,
		datchuan.Errorf(datchuan.ENOTFOUND, "Phiên đăng nhập không tồn tại hoặc đã hết hạn (session not found or expired)"),
		db.rebind(`SELECT id, user_id, csrf, created_at, seen_at, expires_at, addr, user_agent
			FROM sessions WHERE id = ? AND expires_at > ?`), id, db.ts(now))
}

// sessionFields are the columns Session selects.
func sessionFields(ss *datchuan.Session) []any {
	return []any{&ss.ID, &ss.UserID, &ss.CSRF, scanTime{&ss.CreatedAt}, scanTime{&ss.SeenAt}, scanTime{&ss.ExpiresAt}, &ss.Addr, &ss.UserAgent}
}

// TouchSession records activity and moves the expiry; ENOTFOUND when the
// session is gone (signed out meanwhile).
func (s *SessionService) TouchSession(ctx context.Context, id string, seen, expires time.Time) (err error) {
	defer wrap(&err, "sqldb: touch session")
	db := s.db
	res, err := db.q().ExecContext(ctx, db.rebind(`UPDATE sessions SET seen_at = ?, expires_at = ? WHERE id = ?`),
		db.ts(seen), db.ts(expires), id)
	return oneRow(res, err, datchuan.Errorf(datchuan.ENOTFOUND, "Phiên đăng nhập không tồn tại (session not found)"))
}

// DeleteSession signs a browser out. Deleting a session that is gone is not
// an error: signing out twice is harmless.
func (s *SessionService) DeleteSession(ctx context.Context, id string) (err error) {
	defer wrap(&err, "sqldb: delete session")
	_, err = s.db.q().ExecContext(ctx, s.db.rebind(`DELETE FROM sessions WHERE id = ?`), id)
	return err
}

// DeleteUserSessions signs every browser of a user out.
func (s *SessionService) DeleteUserSessions(ctx context.Context, userID int64) (err error) {
	defer wrap(&err, "sqldb: delete sessions of user %d", userID)
	_, err = s.db.q().ExecContext(ctx, s.db.rebind(`DELETE FROM sessions WHERE user_id = ?`), userID)
	return err
}

// DeleteExpiredSessions deletes the sessions that expired at or before now
// (the ones Session no longer returns) and returns how many.
func (s *SessionService) DeleteExpiredSessions(ctx context.Context, now time.Time) (_ int, err error) {
	defer wrap(&err, "sqldb: delete expired sessions")
	res, err := s.db.q().ExecContext(ctx, s.db.rebind(`DELETE FROM sessions WHERE expires_at <= ?`), s.db.ts(now))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// LoginThrottle counts failed sign-ins in the database, so that every app
// instance sees the same counts.
type LoginThrottle struct{ db *DB }

// RecordLoginFailure records a failed sign-in under key at the given instant.
func (t *LoginThrottle) RecordLoginFailure(ctx context.Context, key string, at time.Time) (err error) {
	defer wrap(&err, "sqldb: record login failure")
	if key == "" {
		return datchuan.Errorf(datchuan.EINVALID, "Khóa trống (empty throttle key)")
	}
	_, err = t.db.q().ExecContext(ctx, t.db.rebind(`INSERT INTO login_failures (key, at) VALUES (?, ?)`), key, t.db.ts(at))
	return err
}

// LoginFailures counts the failures recorded under key at or after since,
// with the first and the last of them.
func (t *LoginThrottle) LoginFailures(ctx context.Context, key string, since time.Time) (f datchuan.FailedSignIns, err error) {
	defer wrap(&err, "sqldb: count login failures")
	// since rounded up: a stored instant (whole microseconds) is at or
	// after since exactly when it is at or after the next whole microsecond.
	err = t.db.r().QueryRowContext(ctx, t.db.rebind(`SELECT COUNT(*), MIN(at), MAX(at) FROM login_failures WHERE key = ? AND at >= ?`),
		key, t.db.tsAfter(since)).Scan(&f.Count, scanTime{&f.First}, scanTime{&f.Last})
	return f, err
}

// ClearLoginFailures forgets the failures of key, after a successful
// sign-in.
func (t *LoginThrottle) ClearLoginFailures(ctx context.Context, key string) (err error) {
	defer wrap(&err, "sqldb: clear login failures")
	_, err = t.db.q().ExecContext(ctx, t.db.rebind(`DELETE FROM login_failures WHERE key = ?`), key)
	return err
}

// ClearLoginFailuresFrom forgets the failures of every key that starts
// with prefix and returns how many. The prefix is compared character by
// character (substr and length count characters in both engines), so that
// a "%" or "_" in it means itself, as it would not in LIKE.
func (t *LoginThrottle) ClearLoginFailuresFrom(ctx context.Context, prefix string) (_ int, err error) {
	defer wrap(&err, "sqldb: clear login failures from %q", prefix)
	if prefix == "" {
		return 0, datchuan.Errorf(datchuan.EINVALID, "Khóa trống (empty throttle key)")
	}
	res, err := t.db.q().ExecContext(ctx, t.db.rebind(`DELETE FROM login_failures WHERE substr(key, 1, length(CAST(? AS TEXT))) = ?`), prefix, prefix)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
