package sqldb_test

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// TestNationalRole: the central coordination office's role is stored with
// no scope, beside the roles stored before it kept as they were; the
// database itself refuses a national role that names a unit or an agency.
func TestNationalRole(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		users := db.Stores().Users
		w := mustRoleWorld(t, db)
		u := mustUser(t, users, "trunguong")
		leader := &datchuan.Role{UserID: u.ID, Kind: datchuan.RoleLeader, UnitID: w.province}
		national := &datchuan.Role{UserID: u.ID, Kind: datchuan.RoleNational}
		must(t, users.AddRole(ctx, leader))
		must(t, users.AddRole(ctx, national))
		got, err := users.User(ctx, u.ID)
		must(t, err)
		wantEqual(t, stored(u, *leader, *national), got, "a national role beside a leader's")
		holders, err := users.Users(ctx, datchuan.UserFilter{Kind: datchuan.RoleNational})
		must(t, err)
		if len(holders) != 1 || holders[0].ID != u.ID {
			t.Errorf("holders of the national role: %+v", holders)
		}

		for _, tc := range []struct {
			name string
			r    datchuan.Role
			code string
		}{
			{"duplicate national", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleNational}, datchuan.ECONFLICT},
			{"national with a unit", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleNational, UnitID: w.province}, datchuan.EINVALID},
			{"national with an agency", datchuan.Role{UserID: u.ID, Kind: datchuan.RoleNational, AgencyID: w.dept}, datchuan.EINVALID},
		} {
			r := tc.r
			if err := users.AddRole(ctx, &r); datchuan.ErrorCode(err) != tc.code {
				t.Errorf("%s: AddRole error %v, want %s", tc.name, err, tc.code)
			}
		}

		// Past the store's own check, the table's checks hold.
		for name, q := range map[string]string{
			"with a unit":    `INSERT INTO user_roles (user_id, kind, unit_id) VALUES ($1, 'national', $2)`,
			"with an agency": `INSERT INTO user_roles (user_id, kind, agency_id) VALUES ($1, 'national', $2)`,
		} {
			arg := w.province
			if name == "with an agency" {
				arg = w.dept
			}
			if db.Engine() == sqldb.EngineSQLite {
				q = sqliteParams(q)
			}
			if _, err := raw.ExecContext(ctx, q, u.ID, arg); err == nil || !strings.Contains(strings.ToLower(err.Error()), "check") {
				t.Errorf("a national role %s: %v, want the table's check to refuse it", name, err)
			}
		}
	})
}

// sqliteParams writes PostgreSQL's $1, $2 as SQLite's ?1, ?2.
func sqliteParams(q string) string {
	out := []byte(q)
	for i := range out {
		if out[i] == '$' {
			out[i] = '?'
		}
	}
	return string(out)
}

// TestMigrateNationalRole opens a database at migration 0013 holding
// roles of every kind it knew and migrates it: each role keeps its ID,
// kind and scope, and a national role can then be given.
func TestMigrateNationalRole(t *testing.T) {
	for _, engine := range []string{sqldb.EngineSQLite, sqldb.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			cfg := mustConfig(t, engine)
			if cfg.DataDir != "" {
				must(t, os.MkdirAll(cfg.DataDir, 0o750))
			}
			raw := mustRaw(t, cfg)
			mustSchemaAt(t, raw, engine, "0013")
			const ts = "'2022-06-20T01:30:00.000000Z'"
			for _, q := range []string{
				`INSERT INTO units (id, code, name, type, level) VALUES (1, '84', 'Trà Vinh', 'Tỉnh', 'province')`,
				`INSERT INTO users (id, login, login_key, created_at) VALUES (1, 'lan', 'lan', ` + ts + `)`,
				`INSERT INTO agencies (id, code, name, kind, unit_id) VALUES (1, '84-SXD', 'Sở Xây dựng', 'department', 1)`,
				`INSERT INTO user_roles (id, user_id, kind, unit_id, agency_id) VALUES (7, 1, 'coordination', 1, NULL),
					(8, 1, 'admin', NULL, NULL), (9, 1, 'department', NULL, 1)`,
			} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			db := mustOpenConfig(t, cfg)
			ctx := context.Background()
			users := db.Stores().Users
			u, err := users.User(ctx, 1)
			must(t, err)
			want := []datchuan.Role{{ID: 7, UserID: 1, Kind: datchuan.RoleCoordination, UnitID: 1},
				{ID: 8, UserID: 1, Kind: datchuan.RoleAdmin}, {ID: 9, UserID: 1, Kind: datchuan.RoleDepartment, AgencyID: 1}}
			wantEqual(t, want, u.Roles, "the roles after the migration")
			must(t, users.AddRole(ctx, &datchuan.Role{UserID: 1, Kind: datchuan.RoleNational}))
			wantCode(t, users.AddRole(ctx, &datchuan.Role{UserID: 1, Kind: datchuan.RoleCoordination, UnitID: 1}), datchuan.ECONFLICT)
		})
	}
}
