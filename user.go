package datchuan

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// RoleKind is what a user may do, within the scope of a role (DOMAIN.md §2).
type RoleKind string

const (
	// RoleCoordination is the provincial coordination office: it reads,
	// reports, confirms and returns everything in its province. Scope: a province.
	RoleCoordination RoleKind = "coordination"
	// RoleDepartment is an officer of a provincial department: reads its
	// province; confirms or returns values only of the indicators its
	// department leads. Scope: an agency (the department).
	RoleDepartment RoleKind = "department"
	// RoleDistrict is a member of a district steering committee: reads its
	// district; reports values of its communes and of the district's own
	// criteria. Scope: a district.
	RoleDistrict RoleKind = "district"
	// RoleCommune is a member of a commune steering committee: reads and
	// reports its commune. Scope: a commune.
	RoleCommune RoleKind = "commune"
	// RoleLeader reads the dashboards of its province and changes nothing.
	// Scope: a province.
	RoleLeader RoleKind = "leader"
	// RoleAdmin manages people, agencies, roles and the catalogue. No scope.
	RoleAdmin RoleKind = "admin"
	// RoleNational is the central coordination office (Văn phòng Điều phối
	// nông thôn mới Trung ương): reads every province and every unit, as a
	// province's leaders read theirs, and changes nothing. Scope: the whole
	// country (no unit).
	RoleNational RoleKind = "national"
)

// RoleKinds lists the kinds in the order the admin page offers them.
var RoleKinds = []RoleKind{RoleCoordination, RoleDepartment, RoleDistrict, RoleCommune, RoleLeader, RoleAdmin, RoleNational}

// Valid reports whether k is a known kind.
func (k RoleKind) Valid() bool { return slices.Contains(RoleKinds, k) }

// ScopeLevel is the level of the unit a role of this kind is scoped to; ""
// for a department role (scoped to an agency) and for admin (no scope).
func (k RoleKind) ScopeLevel() Level {
	switch k {
	case RoleCoordination, RoleLeader:
		return LevelProvince
	case RoleDistrict:
		return LevelDistrict
	case RoleCommune:
		return LevelCommune
	}
	return ""
}

// roleNames name each role kind for people, in Vietnamese and English.
var roleNames = map[RoleKind][2]string{
	RoleCoordination: {"Văn phòng Điều phối", "Coordination office"},
	RoleDepartment:   {"Cán bộ sở, ngành", "Department officer"},
	RoleDistrict:     {"Thành viên BCĐ huyện", "District committee member"},
	RoleCommune:      {"Thành viên BCĐ xã", "Commune committee member"},
	RoleLeader:       {"Lãnh đạo (chỉ xem)", "Leader (read-only)"},
	RoleAdmin:        {"Quản trị hệ thống", "Administrator"},
	RoleNational:     {"Văn phòng Điều phối Trung ương (chỉ xem, toàn quốc)", "Central coordination office (read-only, whole country)"},
}

// LabelVi names the role for people.
func (k RoleKind) LabelVi() string { return nameOr(roleNames[k][0], string(k)) }

// LabelEn names the role in English.
func (k RoleKind) LabelEn() string { return nameOr(roleNames[k][1], string(k)) }

// Role gives a user a kind of access within a scope: a unit (province,
// district or commune, by the kind's ScopeLevel) or an agency (department).
type Role struct {
	ID       int64    `json:"id"`
	UserID   int64    `json:"user_id"`
	Kind     RoleKind `json:"kind"`
	UnitID   int64    `json:"unit_id,omitempty"`
	AgencyID int64    `json:"agency_id,omitempty"`
}

// User is an account that signs in. A user may be a Person of the
// programme (PersonID) and holds any number of roles.
type User struct {
	ID           int64     `json:"id"`
	Login        string    `json:"login"` // unique, compared case-insensitively
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	PersonID     int64     `json:"person_id,omitempty"`
	PasswordHash string    `json:"-"` // argon2id, PHC string format
	Disabled     bool      `json:"disabled"`
	Lang         string    `json:"lang"` // "vi" or "en"
	CreatedAt    time.Time `json:"created_at"`
	Roles        []Role    `json:"roles"`   // filled by User, UserByLogin and Users
	Version      int       `json:"version"` // see Versioned
}

// UserFilter selects users. Zero fields do not filter.
type UserFilter struct {
	PersonID int64
	Kind     RoleKind // holds a role of this kind
}

// UserService stores accounts and their roles.
type UserService interface {
	// CreateUser sets u.ID and u.CreatedAt; ECONFLICT when the login is taken
	// (case-insensitively), EINVALID when it is empty. Roles are not stored.
	CreateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id int64) (*User, error)            // ENOTFOUND
	UserByLogin(ctx context.Context, login string) (*User, error) // case-insensitive; ENOTFOUND
	Users(ctx context.Context, f UserFilter) ([]*User, error)     // by login
	// UpdateUser stores the name, email, person, disabled flag and language
	// of u; ECONFLICT when u.Version is stale, ENOTFOUND when gone.
	UpdateUser(ctx context.Context, u *User) error
	SetLang(ctx context.Context, userID int64, lang string) error     // a preference: no version asked
	SetPassword(ctx context.Context, userID int64, hash string) error // ENOTFOUND
	AddRole(ctx context.Context, r *Role) error                       // sets r.ID; ECONFLICT for a duplicate
	RemoveRole(ctx context.Context, userID, roleID int64) error       // ENOTFOUND
}

// Session is a signed-in browser. The cookie carries a random token; the
// database keeps only its SHA-256 (ID), so a leaked table signs nobody in.
type Session struct {
	ID        string    `json:"-"` // hex SHA-256 of the cookie token
	UserID    int64     `json:"user_id"`
	CSRF      string    `json:"-"` // the token every state-changing request must echo
	CreatedAt time.Time `json:"created_at"`
	SeenAt    time.Time `json:"seen_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Addr      string    `json:"addr"`
	UserAgent string    `json:"user_agent"`
}

// SessionService stores sessions, so that several app instances share them.
type SessionService interface {
	CreateSession(ctx context.Context, s *Session) error
	// Session returns the session with that ID; ENOTFOUND when there is
	// none or it expired before now.
	Session(ctx context.Context, id string, now time.Time) (*Session, error)
	// TouchSession records activity and moves the expiry (sliding sessions).
	TouchSession(ctx context.Context, id string, seen, expires time.Time) error
	DeleteSession(ctx context.Context, id string) error
	DeleteUserSessions(ctx context.Context, userID int64) error // after a password change or disabling
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}

// LoginThrottle counts failed sign-ins by key (a login from an address, or
// an address: the sign-in use case makes the keys), in the database so
// that every app instance sees the same counts.
type LoginThrottle interface {
	RecordLoginFailure(ctx context.Context, key string, at time.Time) error
	// LoginFailures sums up the failures of key at or after since.
	LoginFailures(ctx context.Context, key string, since time.Time) (FailedSignIns, error)
	ClearLoginFailures(ctx context.Context, key string) error
	// ClearLoginFailuresFrom forgets the failures of every key that starts
	// with prefix (a login, from every address) and says how many.
	ClearLoginFailuresFrom(ctx context.Context, prefix string) (int, error)
}

// FailedSignIns is what the throttle knows of a key over a while: how many
// failures, the first and the last (zero when none).
type FailedSignIns struct {
	Count       int
	First, Last time.Time
}

// NormalLogin is the one form of a login as typed that sign-in looks up
// and throttles by: valid UTF-8 in NFC, lower case, without spaces or
// control characters (no login holds any), at most MaxLogin+1 characters
// (no login is longer). " VPDP", "vpdp " and "Vp Dp" are one login, so
// that variants neither dodge the throttle nor count apart.
func NormalLogin(login string) string {
	var b strings.Builder
	n := 0
	for _, r := range norm.NFC.String(strings.ToValidUTF8(login, "")) {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			continue
		}
		if n++; n > MaxLogin+1 {
			break
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
