package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// stored returns a copy of u as reads give it back: with roles, none by default.
func stored(u *datchuan.User, roles ...datchuan.Role) *datchuan.User {
	c := *u
	c.Roles = append([]datchuan.Role{}, roles...)
	return &c
}

func TestCreateUser(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		users := db.Stores().Users
		person := mustPerson(t, db, "Nguyễn Thị Lan")

		lan := &datchuan.User{Login: "Lan.NT", Name: "Nguyễn Thị Lan", Email: "lan@travinh.gov.vn", PersonID: person.ID,
			PasswordHash: "$argon2id$v=19$x", Lang: ""}
		must(t, users.CreateUser(ctx, lan))
		if lan.ID == 0 || !lan.CreatedAt.Equal(testNow.Truncate(time.Microsecond)) || lan.CreatedAt.Location() != time.UTC || lan.Version != 1 {
			t.Errorf("after CreateUser: ID %d, CreatedAt %v, version %d; want an ID, %v in UTC and 1", lan.ID, lan.CreatedAt, lan.Version, testNow)
		}
		if lan.Lang != "vi" {
			t.Errorf("Lang defaults to %q, want vi", lan.Lang)
		}
		en := &datchuan.User{Login: "guest", Lang: "en", Disabled: true}
		must(t, users.CreateUser(ctx, en))

		got, err := users.User(ctx, lan.ID)
		must(t, err)
		wantEqual(t, stored(lan), got, "User")
		got, err = users.UserByLogin(ctx, "LAN.nt")
		must(t, err)
		wantEqual(t, stored(lan), got, "UserByLogin in other case")
		got, err = users.User(ctx, en.ID)
		must(t, err)
		wantEqual(t, stored(en), got, "User of a disabled English user")

		err = users.CreateUser(ctx, &datchuan.User{Login: "lan.nt"})
		wantCode(t, err, datchuan.ECONFLICT)
		if msg := datchuan.ErrorMessage(err); !strings.Contains(msg, "đã có") {
			t.Errorf("taken login message = %q", msg)
		}
		for _, login := range []string{"", "   ", "lan nt", "lan\tnt", " lan", "lan\u00a0nt"} {
			wantCode(t, users.CreateUser(ctx, &datchuan.User{Login: login}), datchuan.EINVALID)
		}
		wantCode(t, users.CreateUser(ctx, &datchuan.User{Login: "ghost", PersonID: 1 << 40}), datchuan.EINVALID)
		if n := len(mustFind(t, users.Users, datchuan.UserFilter{})); n != 2 {
			t.Errorf("%d users after refused creations, want 2", n)
		}

		_, err = users.User(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
		_, err = users.UserByLogin(ctx, "nobody")
		wantCode(t, err, datchuan.ENOTFOUND)
	})
}

func TestUsersOrderAndUpdate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		users := db.Stores().Users
		person := mustPerson(t, db, "Trần Văn Bình")
		// By login, case-insensitively: "Carol" after "bob" although 'C' < 'b'.
		carol := mustUser(t, users, "Carol")
		bob := mustUser(t, users, "bob")
		adam := mustUser(t, users, "adam")
		wantEqual(t, []*datchuan.User{stored(adam), stored(bob), stored(carol)}, mustFind(t, users.Users, datchuan.UserFilter{}), "Users")

		// UpdateUser changes the profile, not the login or the password, and
		// moves the version on.
		change := *bob
		change.Login, change.PasswordHash = "robert", "other"
		change.Name, change.Email, change.PersonID, change.Disabled, change.Lang = "Trần Văn Bình", "binh@example.vn", person.ID, true, "en"
		must(t, users.UpdateUser(ctx, &change))
		if change.Version != 2 {
			t.Errorf("version after UpdateUser = %d, want 2", change.Version)
		}
		want := *bob
		want.Name, want.Email, want.PersonID, want.Disabled, want.Lang, want.Version = change.Name, change.Email, person.ID, true, "en", 2
		got, err := users.User(ctx, bob.ID)
		must(t, err)
		wantEqual(t, stored(&want), got, "after UpdateUser")
		// And back: a person can be unlinked, an account enabled again.
		want.PersonID, want.Disabled = 0, false
		must(t, users.UpdateUser(ctx, &want))
		got, err = users.User(ctx, bob.ID)
		must(t, err)
		if got.PersonID != 0 || got.Disabled {
			t.Errorf("after unlinking and enabling: %+v", got)
		}

		wantCode(t, users.UpdateUser(ctx, &datchuan.User{ID: 1 << 40, Lang: "vi", Version: 1}), datchuan.ENOTFOUND)
		wantCode(t, users.UpdateUser(ctx, &datchuan.User{ID: bob.ID, PersonID: 1 << 40, Version: want.Version}), datchuan.EINVALID)
		got, err = users.User(ctx, bob.ID)
		must(t, err)
		if got.Version != want.Version || got.Name != want.Name {
			t.Errorf("a refused update changed the user: %+v", got)
		}

		must(t, users.SetPassword(ctx, carol.ID, "$argon2id$new"))
		got, err = users.UserByLogin(ctx, "carol")
		must(t, err)
		if got.PasswordHash != "$argon2id$new" || got.Version != carol.Version {
			t.Errorf("after SetPassword: hash %q, version %d (want %d: no form shows the password)", got.PasswordHash, got.Version, carol.Version)
		}
		wantCode(t, users.SetPassword(ctx, 1<<40, "$argon2id$new"), datchuan.ENOTFOUND)
		wantCode(t, users.SetPassword(ctx, carol.ID, ""), datchuan.EINVALID)
		got, err = users.User(ctx, adam.ID)
		must(t, err)
		if got.PasswordHash != adam.PasswordHash {
			t.Errorf("SetPassword of carol changed adam's hash to %q", got.PasswordHash)
		}
	})
}

// TestUsersFilter selects users by person and by the kind of a role they
// hold, alone and together.
func TestUsersFilter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		users := db.Stores().Users
		w := mustRoleWorld(t, db)
		lan, binh := mustPerson(t, db, "Nguyễn Thị Lan"), mustPerson(t, db, "Trần Văn Bình")
		// Lan has two accounts (an old one and an admin one); Bình one.
		account := func(login string, person int64, roles ...datchuan.Role) string {
			u := &datchuan.User{Login: login, PersonID: person}
			must(t, users.CreateUser(ctx, u))
			for _, r := range roles {
				r.UserID = u.ID
				must(t, users.AddRole(ctx, &r))
			}
			return login
		}
		account("lan-cu", lan.ID, datchuan.Role{Kind: datchuan.RoleCommune, UnitID: w.commune})
		account("lan", lan.ID, datchuan.Role{Kind: datchuan.RoleAdmin})
		account("binh", binh.ID, datchuan.Role{Kind: datchuan.RoleCommune, UnitID: w.commune})
		account("khach", 0)
		logins := func(f datchuan.UserFilter) []string {
			got, err := users.Users(ctx, f)
			must(t, err)
			return field(got, func(u *datchuan.User) string { return u.Login })
		}
		for name, tc := range map[string]struct {
			f    datchuan.UserFilter
			want []string
		}{
			"all":             {datchuan.UserFilter{}, []string{"binh", "khach", "lan", "lan-cu"}},
			"person":          {datchuan.UserFilter{PersonID: lan.ID}, []string{"lan", "lan-cu"}},
			"kind":            {datchuan.UserFilter{Kind: datchuan.RoleCommune}, []string{"binh", "lan-cu"}},
			"person and kind": {datchuan.UserFilter{PersonID: lan.ID, Kind: datchuan.RoleCommune}, []string{"lan-cu"}},
			"unknown person":  {datchuan.UserFilter{PersonID: 1 << 40}, []string{}},
		} {
			wantEqual(t, tc.want, logins(tc.f), "%s", name)
		}
	})
}

// TestSetLang stores a preference without a version, but moves the
// version on: an administrator's form opened before cannot set it back.
func TestSetLang(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		users := db.Stores().Users
		u := mustUser(t, users, "an")
		form := *u // the admin page, opened at version 1

		must(t, users.SetLang(ctx, u.ID, "en"))
		got, err := users.User(ctx, u.ID)
		must(t, err)
		if got.Lang != "en" || got.Version != 2 {
			t.Errorf("after SetLang: lang %q, version %d; want en, 2", got.Lang, got.Version)
		}
		form.Name = "An (sửa)"
		wantCode(t, users.UpdateUser(ctx, &form), datchuan.ECONFLICT)
		got, err = users.User(ctx, u.ID)
		must(t, err)
		if got.Lang != "en" || got.Name != u.Name {
			t.Errorf("a stale form changed the user: %+v", got)
		}
		must(t, users.SetLang(ctx, u.ID, ""))
		if got, err = users.User(ctx, u.ID); err != nil || got.Lang != "vi" || got.Version != 3 {
			t.Errorf("after SetLang(\"\"): %+v, %v; want vi at version 3", got, err)
		}
		wantCode(t, users.SetLang(ctx, 1<<40, "vi"), datchuan.ENOTFOUND)
	})
}

func TestRoles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		users := db.Stores().Users
		w := mustRoleWorld(t, db)
		an := mustUser(t, users, "an")
		binh := mustUser(t, users, "binh")

		roles := []*datchuan.Role{
			{UserID: an.ID, Kind: datchuan.RoleDistrict, UnitID: w.district},
			{UserID: an.ID, Kind: datchuan.RoleAdmin},
			{UserID: an.ID, Kind: datchuan.RoleDepartment, AgencyID: w.dept},
			{UserID: binh.ID, Kind: datchuan.RoleCommune, UnitID: w.commune},
			{UserID: binh.ID, Kind: datchuan.RoleLeader, UnitID: w.province},
			{UserID: binh.ID, Kind: datchuan.RoleCoordination, UnitID: w.province},
		}
		for _, r := range roles {
			must(t, users.AddRole(ctx, r))
			if r.ID == 0 {
				t.Fatalf("AddRole(%+v) set no ID", r)
			}
		}
		anWant := stored(an, *roles[0], *roles[1], *roles[2])
		binhWant := stored(binh, *roles[3], *roles[4], *roles[5])
		got, err := users.User(ctx, an.ID)
		must(t, err)
		wantEqual(t, anWant, got, "User with roles")
		got, err = users.UserByLogin(ctx, "BINH")
		must(t, err)
		wantEqual(t, binhWant, got, "UserByLogin with roles")
		carol := mustUser(t, users, "carol")
		wantEqual(t, []*datchuan.User{anWant, binhWant, stored(carol)}, mustFind(t, users.Users, datchuan.UserFilter{}), "Users with roles")

		for kind, want := range map[datchuan.RoleKind][]*datchuan.User{
			datchuan.RoleAdmin:    {anWant},
			datchuan.RoleLeader:   {binhWant},
			datchuan.RoleDistrict: {anWant},
		} {
			got, err := users.Users(ctx, datchuan.UserFilter{Kind: kind})
			must(t, err)
			wantEqual(t, want, got, "Users of kind %s", kind)
		}
		// binh takes a district role too: both hold one now, in login order.
		extra := &datchuan.Role{UserID: binh.ID, Kind: datchuan.RoleDistrict, UnitID: w.district}
		must(t, users.AddRole(ctx, extra))
		got2, err := users.Users(ctx, datchuan.UserFilter{Kind: datchuan.RoleDistrict})
		must(t, err)
		if len(got2) != 2 || got2[0].ID != an.ID || got2[1].ID != binh.ID || len(got2[1].Roles) != 4 {
			t.Errorf("Users of kind district after a second holder = %+v", got2)
		}
		none, err := users.Users(ctx, datchuan.UserFilter{Kind: "nobody"})
		must(t, err)
		if none == nil || len(none) != 0 {
			t.Errorf("Users of an unheld kind = %#v, want an empty list", none)
		}

		// RemoveRole removes one role of that user only.
		wantCode(t, users.RemoveRole(ctx, binh.ID, roles[1].ID), datchuan.ENOTFOUND)
		must(t, users.RemoveRole(ctx, an.ID, roles[1].ID))
		wantCode(t, users.RemoveRole(ctx, an.ID, roles[1].ID), datchuan.ENOTFOUND)
		got, err = users.User(ctx, an.ID)
		must(t, err)
		wantEqual(t, stored(an, *roles[0], *roles[2]), got, "after RemoveRole")
		admins, err := users.Users(ctx, datchuan.UserFilter{Kind: datchuan.RoleAdmin})
		must(t, err)
		if len(admins) != 0 {
			t.Errorf("admins after removing the only admin role: %+v", admins)
		}
		// A removed role can be given again.
		must(t, users.AddRole(ctx, &datchuan.Role{UserID: an.ID, Kind: datchuan.RoleAdmin}))
	})
}

func TestAddRoleRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		users := db.Stores().Users
		w := mustRoleWorld(t, db)
		u := mustUser(t, users, "an")
		must(t, users.AddRole(ctx, &datchuan.Role{UserID: u.ID, Kind: datchuan.RoleAdmin}))
		must(t, users.AddRole(ctx, &datchuan.Role{UserID: u.ID, Kind: datchuan.RoleCommune, UnitID: w.commune}))
		must(t, users.AddRole(ctx, &datchuan.Role{UserID: u.ID, Kind: datchuan.RoleDepartment, AgencyID: w.dept}))

		for _, tc := range []struct {
			name string
			r    datchuan.Role
			code string
		}{
			{"duplicate admin", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleAdmin}, datchuan.ECONFLICT},
			{"duplicate commune", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleCommune, UnitID: w.commune}, datchuan.ECONFLICT},
			{"duplicate department", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleDepartment, AgencyID: w.dept}, datchuan.ECONFLICT},
			{"unknown kind", datchuan.Role{UserID: u.ID, Kind: "superuser"}, datchuan.EINVALID},
			{"empty kind", datchuan.Role{UserID: u.ID}, datchuan.EINVALID},
			{"admin with a unit", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleAdmin, UnitID: w.province}, datchuan.EINVALID},
			{"admin with an agency", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleAdmin, AgencyID: w.dept}, datchuan.EINVALID},
			{"department without agency", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleDepartment}, datchuan.EINVALID},
			{"department with a unit", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleDepartment, AgencyID: w.dept, UnitID: w.province}, datchuan.EINVALID},
			{"commune without unit", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleCommune}, datchuan.EINVALID},
			{"leader with an agency", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleLeader, UnitID: w.province, AgencyID: w.dept}, datchuan.EINVALID},
			{"district on a commune", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleDistrict, UnitID: w.commune}, datchuan.EINVALID},
			{"coordination on a district", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleCoordination, UnitID: w.district}, datchuan.EINVALID},
			{"unknown unit", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleCommune, UnitID: 1 << 40}, datchuan.EINVALID},
			{"unknown agency", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleDepartment, AgencyID: 1 << 40}, datchuan.EINVALID},
			{"unknown user", datchuan.Role{UserID: 1 << 40, Kind: datchuan.RoleAdmin}, datchuan.ENOTFOUND},
		} {
			r := tc.r
			if err := users.AddRole(ctx, &r); datchuan.ErrorCode(err) != tc.code || datchuan.ErrorMessage(err) == "" {
				t.Errorf("%s: AddRole error %v, want %s", tc.name, err, tc.code)
			}
			if r.ID != 0 {
				t.Errorf("%s: refused role got ID %d", tc.name, r.ID)
			}
		}
		got, err := users.User(ctx, u.ID)
		must(t, err)
		if len(got.Roles) != 3 {
			t.Errorf("%d roles after refused additions, want 3: %+v", len(got.Roles), got.Roles)
		}
	})
}
