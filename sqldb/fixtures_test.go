package sqldb_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// The fixtures the tests of several services share: sets, instants,
// people, agencies, users and files, and the worlds built of them.

const (
	testSet     = "qd318-2022-xa-ntm"
	districtSet = "qd320-2022-huyen-ntm"
)

// at returns 2022-06-d h:00 in Vietnam.
func at(d, h int) time.Time { return time.Date(2022, 6, d, h, 0, 0, 0, datchuan.Vietnam()) }

// utcNow is testNow as the databases give it back.
var utcNow = testNow.UTC().Truncate(time.Microsecond)

// mustPerson stores a person of the name and returns it.
func mustPerson(tb testing.TB, db *sqldb.DB, name string) *datchuan.Person {
	tb.Helper()
	p := &datchuan.Person{Name: name}
	must(tb, db.Stores().Agencies.CreatePerson(context.Background(), p))
	return p
}

// mustAgency stores an agency of the unit and returns its ID.
func mustAgency(tb testing.TB, db *sqldb.DB, unitID int64, code, name string, kind datchuan.AgencyKind) int64 {
	tb.Helper()
	a := &datchuan.Agency{Code: code, Name: name, Kind: kind, UnitID: unitID}
	must(tb, db.Stores().Agencies.CreateAgency(context.Background(), a))
	return a.ID
}

// mustUser creates a user with the login and returns it.
func mustUser(tb testing.TB, users datchuan.UserService, login string) *datchuan.User {
	tb.Helper()
	u := &datchuan.User{Login: login, Name: "Người dùng " + login, PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA"}
	must(tb, users.CreateUser(context.Background(), u))
	return u
}

// mustProvince applies the 2022 list and returns Trà Vinh and Huyện Cầu Ngang.
func mustProvince(tb testing.TB, db *sqldb.DB) (province, district *datchuan.Unit) {
	tb.Helper()
	us := db.Stores().Units
	mustApply(tb, us, snap2022)
	return mustUnit(tb, us, "84", datchuan.LevelProvince, datchuan.Date{}),
		mustUnit(tb, us, "848", datchuan.LevelDistrict, datchuan.Date{})
}

// communeID returns the ID of the one version of the commune with the code.
func communeID(tb testing.TB, db *sqldb.DB, code string) int64 {
	tb.Helper()
	return mustUnit(tb, db.Stores().Units, code, datchuan.LevelCommune, datchuan.Date{}).ID
}

var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func mustPut(tb testing.TB, fs datchuan.AttachmentService, name string, data []byte) *datchuan.Attachment {
	tb.Helper()
	f := &datchuan.Attachment{Name: name, Data: data}
	must(tb, fs.PutAttachment(context.Background(), f))
	return f
}

// planWorld is Trà Vinh and Huyện Cầu Ngang with three of its communes, the
// district's 2022 target, three provincial agencies, a commune committee
// member, a user and a stored file.
type planWorld struct {
	province, district int64
	c1, c2, c3         int64 // Thị trấn Cầu Ngang, Xã Mỹ Long Bắc, Xã Mỹ Hòa
	target             int64
	snn, sxd, vpdp     int64 // agriculture, construction, coordination office
	member, user       int64
	file               string
}

func mustPlanWorld(tb testing.TB, db *sqldb.DB) planWorld {
	tb.Helper()
	province, district := mustProvince(tb, db)
	w := planWorld{province: province.ID, district: district.ID}
	w.c1, w.c2, w.c3 = communeID(tb, db, "29416"), communeID(tb, db, "29419"), communeID(tb, db, "29422")
	target := &datchuan.Target{UnitID: district.ID, SetID: districtSet, Year: 2022}
	must(tb, db.Stores().Targets.CreateTarget(context.Background(), target))
	w.target = target.ID
	w.snn = mustAgency(tb, db, province.ID, "84-SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", datchuan.AgencyDepartment)
	w.sxd = mustAgency(tb, db, province.ID, "84-SXD", "Sở Xây dựng", datchuan.AgencyDepartment)
	w.vpdp = mustAgency(tb, db, province.ID, "84-VPDP", "Văn phòng Điều phối nông thôn mới tỉnh", datchuan.AgencyCoordination)
	w.member = mustPerson(tb, db, "Thạch Thị Sa Rươne").ID
	w.user = mustUser(tb, db.Stores().Users, "vpdp").ID
	w.file = mustPut(tb, db.Stores().Files, "45-KH-BCD.pdf", pdf).ID
	return w
}

// valueWorld is a commune with a reporter and a reviewer.
type valueWorld struct {
	vs                 datchuan.ValueService
	commune, other     int64
	reporter, reviewer int64
}

func mustValueWorld(tb testing.TB, db *sqldb.DB) valueWorld {
	tb.Helper()
	mustApply(tb, db.Stores().Units, snap2022)
	return valueWorld{
		vs:       db.Stores().Values,
		commune:  communeID(tb, db, "29416"),
		other:    communeID(tb, db, "29419"),
		reporter: mustPerson(tb, db, "Lê Văn Báo").ID,
		reviewer: mustPerson(tb, db, "Phạm Thị Duyệt").ID,
	}
}

// mustReport reports v, in the world's commune and testSet unless it names
// others, and returns it.
func (w valueWorld) mustReport(tb testing.TB, v *datchuan.Value) *datchuan.Value {
	tb.Helper()
	if v.UnitID == 0 {
		v.UnitID = w.commune
	}
	if v.SetID == "" {
		v.SetID = testSet
	}
	must(tb, w.vs.ReportValue(context.Background(), v))
	return v
}

// roleWorld is a province, a district, a commune and a department.
type roleWorld struct {
	province, district, commune, dept int64
}

func mustRoleWorld(tb testing.TB, db *sqldb.DB) roleWorld {
	tb.Helper()
	province, district := mustProvince(tb, db)
	return roleWorld{province: province.ID, district: district.ID, commune: communeID(tb, db, "29416"),
		dept: mustAgency(tb, db, province.ID, "84-SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", datchuan.AgencyDepartment)}
}
