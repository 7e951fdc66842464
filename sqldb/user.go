package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/datchuan/datchuan"
)

// UserService stores accounts and their roles.
type UserService struct{ db *DB }

// loginKey is the form under which a login is unique. It is computed here,
// not with SQL lower(), because SQLite's lower() folds ASCII only while
// PostgreSQL's follows the locale: one Go function gives both engines the
// same key.
func loginKey(login string) string { return strings.ToLower(login) }

func validLogin(login string) error {
	if strings.TrimSpace(login) == "" {
		return datchuan.Errorf(datchuan.EINVALID, "Chưa nhập tên đăng nhập (empty login)")
	}
	if strings.IndexFunc(login, unicode.IsSpace) >= 0 {
		return datchuan.Errorf(datchuan.EINVALID, "Tên đăng nhập %q không được chứa dấu cách (login must not contain spaces)", login)
	}
	return nil
}

// defaultLang is the language of an account that names none: Vietnamese,
// as the column's default. Which languages exist is User.Validate's to say.
func defaultLang(lang string) string {
	if lang == "" {
		return "vi"
	}
	return lang
}

// CreateUser stores u and sets u.ID, u.Version (1) and u.CreatedAt (now);
// an empty Lang becomes "vi". Roles are not stored. A login taken
// case-insensitively is ECONFLICT; an empty login or one with spaces
// EINVALID (the login is the key of the account), as is an unknown person.
func (s *UserService) CreateUser(ctx context.Context, u *datchuan.User) (err error) {
	defer wrap(&err, "sqldb: create user %q", u.Login)
	if err := validLogin(u.Login); err != nil {
		return err
	}
	u.Lang = defaultLang(u.Lang)
	at := s.db.now()
	var id int64
	var version int
	err = s.db.q().QueryRowContext(ctx, s.db.rebind(`
		INSERT INTO users (login, login_key, name, email, person_id, password_hash, disabled, lang, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
		u.Login, loginKey(u.Login), u.Name, u.Email, orNull(u.PersonID), u.PasswordHash, u.Disabled, u.Lang, s.db.ts(at)).
		Scan(&id, &version)
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Tên đăng nhập %q đã có (login taken)", u.Login)
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Cán bộ %d không tồn tại (unknown person)", u.PersonID)
	}
	if err != nil {
		return err
	}
	u.ID, u.Version, u.CreatedAt = id, version, truncTime(at)
	return nil
}

func userNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy người dùng %d (user not found)", id)
}

// User returns the user with the given ID and its roles, or ENOTFOUND.
func (s *UserService) User(ctx context.Context, id int64) (_ *datchuan.User, err error) {
	defer wrap(&err, "sqldb: user %d", id)
	users, err := s.findUsers(ctx, whereOf(s.db, "u.id = ?", id))
	return only(users, err, userNotFound(id))
}

// UserByLogin returns the user whose login equals login case-insensitively,
// with its roles, or ENOTFOUND.
func (s *UserService) UserByLogin(ctx context.Context, login string) (_ *datchuan.User, err error) {
	defer wrap(&err, "sqldb: user %q", login)
	notFound := datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy người dùng %q (user not found)", login)
	if !datchuan.Typed(login, false) {
		// No account has such a login (User.Validate refuses it), and
		// PostgreSQL cannot even compare a text holding a NUL byte: a
		// sign-in with one is a wrong login, not a failed query.
		return nil, notFound
	}
	users, err := s.findUsers(ctx, whereOf(s.db, "u.login_key = ?", loginKey(login)))
	return only(users, err, notFound)
}

// Users returns the users f selects (those of a person, those holding a
// role of a kind, with all their roles), ordered by login.
func (s *UserService) Users(ctx context.Context, f datchuan.UserFilter) (_ []*datchuan.User, err error) {
	defer wrap(&err, "sqldb: users")
	w := &where{db: s.db}
	w.eq("u.person_id", f.PersonID)
	if f.Kind != "" {
		w.add("u.id IN (SELECT user_id FROM user_roles WHERE kind = ?)", string(f.Kind))
	}
	return s.findUsers(ctx, w)
}

// findUsers returns the users w selects ordered by login, with their roles
// ordered by ID. Users and roles come from one statement, so that they are
// consistent.
func (s *UserService) findUsers(ctx context.Context, w *where) ([]*datchuan.User, error) {
	q := `SELECT u.id, u.login, u.name, u.email, u.person_id, u.password_hash, u.disabled, u.lang, u.created_at, u.version,
			r.id, r.kind, r.unit_id, r.agency_id
		FROM users u LEFT JOIN user_roles r ON r.user_id = u.id` + w.String()
	users := []*datchuan.User{}
	err := eachRow(ctx, s.db.r(), s.db.rebind(q+` ORDER BY u.login_key, r.id`), w.args, func(rows *sql.Rows) error {
		var u datchuan.User
		var r datchuan.Role
		if err := rows.Scan(&u.ID, &u.Login, &u.Name, &u.Email, scanID{&u.PersonID}, &u.PasswordHash, &u.Disabled, &u.Lang,
			scanTime{&u.CreatedAt}, &u.Version, scanID{&r.ID}, scanNull[datchuan.RoleKind]{&r.Kind}, scanID{&r.UnitID}, scanID{&r.AgencyID}); err != nil {
			return err
		}
		// Rows of one user are adjacent: the order is by login_key, unique.
		if n := len(users); n == 0 || users[n-1].ID != u.ID {
			u.Roles = []datchuan.Role{}
			users = append(users, &u)
		}
		if r.ID != 0 {
			last := users[len(users)-1]
			r.UserID = last.ID
			last.Roles = append(last.Roles, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return users, nil
}

// UpdateUser stores the name, email, person, disabled flag and language of
// u (an empty one is "vi") if the account is still at u.Version, and sets
// u.Version to the next one; the login, password and roles have their own
// methods. ECONFLICT when someone changed the account since u.Version,
// ENOTFOUND when there is no such user, EINVALID for an unknown person.
func (s *UserService) UpdateUser(ctx context.Context, u *datchuan.User) (err error) {
	defer wrap(&err, "sqldb: update user %d", u.ID)
	u.Lang = defaultLang(u.Lang)
	db := s.db
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			UPDATE users SET name = ?, email = ?, person_id = ?, disabled = ?, lang = ?, version = version + 1
			WHERE id = ? AND version = ? RETURNING version`),
			u.Name, u.Email, orNull(u.PersonID), u.Disabled, u.Lang, u.ID, u.Version).Scan(&version)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return db.staleOrGone(ctx, tx, versionedUsers, u.ID)
		case violationOf(err) == foreignKeyViolation:
			return datchuan.Errorf(datchuan.EINVALID, "Cán bộ %d không tồn tại (unknown person)", u.PersonID)
		}
		return err
	})
	if err != nil {
		return err
	}
	u.Version = version
	return nil
}

// SetLang stores the language a user chose (an empty one is "vi"). It is
// a preference the user sets from any page, so it asks no version; it
// does make the next one, so that an administrator's form opened before
// it cannot silently set the language back. ENOTFOUND when there is no
// such user.
func (s *UserService) SetLang(ctx context.Context, userID int64, lang string) (err error) {
	defer wrap(&err, "sqldb: set language of user %d", userID)
	res, err := s.db.q().ExecContext(ctx, s.db.rebind(`UPDATE users SET lang = ?, version = version + 1 WHERE id = ?`),
		defaultLang(lang), userID)
	return oneRow(res, err, userNotFound(userID))
}

// SetPassword replaces the password hash of a user; ENOTFOUND when there is
// no such user. An empty hash is EINVALID: it can only be a caller's mistake.
// The version stays: no form that UpdateUser saves shows the password, so
// a password change makes none of them stale.
func (s *UserService) SetPassword(ctx context.Context, userID int64, hash string) (err error) {
	defer wrap(&err, "sqldb: set password of user %d", userID)
	if hash == "" {
		return datchuan.Errorf(datchuan.EINVALID, "Mật khẩu trống (empty password hash)")
	}
	res, err := s.db.q().ExecContext(ctx, s.db.rebind(`UPDATE users SET password_hash = ? WHERE id = ?`), hash, userID)
	return oneRow(res, err, userNotFound(userID))
}

// AddRole stores r and sets r.ID. The scope must fit the kind: a unit of
// the kind's level, an agency for a department role, nothing for admin
// (EINVALID); an unknown user is ENOTFOUND, a role the user already holds
// ECONFLICT.
func (s *UserService) AddRole(ctx context.Context, r *datchuan.Role) (err error) {
	defer wrap(&err, "sqldb: add role %s to user %d", r.Kind, r.UserID)
	if err := validRoleShape(r); err != nil {
		return err
	}
	db := s.db
	var id int64
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := s.checkRoleRefs(ctx, tx, r); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO user_roles (user_id, kind, unit_id, agency_id) VALUES (?, ?, ?, ?) RETURNING id`),
			r.UserID, string(r.Kind), orNull(r.UnitID), orNull(r.AgencyID)).Scan(&id)
		if violationOf(err) == uniqueViolation {
			return datchuan.Errorf(datchuan.ECONFLICT, "Người dùng %d đã có vai trò này (duplicate role)", r.UserID)
		}
		return err
	})
	if err != nil {
		return err
	}
	r.ID = id
	return nil
}

// validRoleShape checks the kind and that the role names the scope its kind
// needs and no other.
func validRoleShape(r *datchuan.Role) error {
	k := r.Kind
	switch {
	case !k.Valid():
		return datchuan.Errorf(datchuan.EINVALID, "Vai trò %q không hợp lệ (invalid role kind)", k)
	case k == datchuan.RoleAdmin && (r.UnitID != 0 || r.AgencyID != 0):
		return datchuan.Errorf(datchuan.EINVALID, "Vai trò quản trị không gắn với đơn vị hay cơ quan (an admin role has no scope)")
	case k == datchuan.RoleNational && (r.UnitID != 0 || r.AgencyID != 0):
		return datchuan.Errorf(datchuan.EINVALID, "Vai trò %s áp dụng cho cả nước, không gắn với đơn vị hay cơ quan (a national role has no scope)", k.LabelVi())
	case k == datchuan.RoleDepartment && (r.AgencyID == 0 || r.UnitID != 0):
		return datchuan.Errorf(datchuan.EINVALID, "Vai trò %s cần chọn một cơ quan và không chọn đơn vị (a department role is scoped to an agency only)", k.LabelVi())
	case k.ScopeLevel() != "" && (r.UnitID == 0 || r.AgencyID != 0):
		return datchuan.Errorf(datchuan.EINVALID, "Vai trò %s cần chọn một đơn vị và không chọn cơ quan (this role is scoped to a unit only)", k.LabelVi())
	}
	return nil
}

// checkRoleRefs checks, in the transaction that inserts r, that its user
// and scope exist and that a unit scope is of the kind's level: foreign keys
// alone could not say which reference failed, nor check the level.
func (s *UserService) checkRoleRefs(ctx context.Context, tx *sql.Tx, r *datchuan.Role) error {
	db := s.db
	if err := db.requireRow(ctx, tx, "users", r.UserID, userNotFound(r.UserID)); err != nil {
		return err
	}
	if r.AgencyID != 0 {
		unknown := datchuan.Errorf(datchuan.EINVALID, "Cơ quan %d không tồn tại (unknown agency)", r.AgencyID)
		if err := db.requireRow(ctx, tx, "agencies", r.AgencyID, unknown); err != nil {
			return err
		}
	}
	if r.UnitID == 0 {
		return nil
	}
	var level datchuan.Level
	err := tx.QueryRowContext(ctx, db.rebind(`SELECT level FROM units WHERE id = ?`), r.UnitID).Scan(&level)
	if errors.Is(err, sql.ErrNoRows) {
		return datchuan.Errorf(datchuan.EINVALID, "Đơn vị hành chính %d không tồn tại (unknown unit)", r.UnitID)
	}
	if err != nil {
		return fmt.Errorf("check unit: %w", err)
	}
	if want := r.Kind.ScopeLevel(); level != want {
		return datchuan.Errorf(datchuan.EINVALID, "Vai trò %s cần đơn vị cấp %s, không phải cấp %s (a %s role needs a %s, not a %s)",
			r.Kind.LabelVi(), want.LabelVi(), level.LabelVi(), r.Kind, want, level)
	}
	return nil
}

// RemoveRole deletes a role of a user; ENOTFOUND when the user has no role
// with that ID.
func (s *UserService) RemoveRole(ctx context.Context, userID, roleID int64) (err error) {
	defer wrap(&err, "sqldb: remove role %d of user %d", roleID, userID)
	res, err := s.db.q().ExecContext(ctx, s.db.rebind(`DELETE FROM user_roles WHERE id = ? AND user_id = ?`), roleID, userID)
	return oneRow(res, err, datchuan.Errorf(datchuan.ENOTFOUND, "Người dùng %d không có vai trò %d (role not found)", userID, roleID))
}
