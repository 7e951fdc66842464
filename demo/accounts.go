package demo

import "github.com/datchuan/datchuan"

// Password is the password of every demo account. Demo only: a real
// deployment creates its first administrator with "datchuan user add".
const Password = "demo2022"

// Account is a demo sign-in for one role.
type Account struct {
	Login string
	Name  string // fictional
	Kind  datchuan.RoleKind
	// Scope is a unit code for unit-scoped roles or an agency code for a
	// department officer; empty for the administrator.
	Scope string
}

// Accounts gives one account per role, so that each role can be tried and
// seen to see only what it should.
var Accounts = []Account{
	{Login: "quantri", Name: "Quản trị hệ thống (minh họa)", Kind: datchuan.RoleAdmin},
	{Login: "vpdp", Name: "Lê Thị Hồng (minh họa)", Kind: datchuan.RoleCoordination, Scope: "84"},
	{Login: "lanhdao", Name: "Trần Minh Đức (minh họa)", Kind: datchuan.RoleLeader, Scope: "84"},
	{Login: "so-tnmt", Name: "Phạm Văn Tài (minh họa)", Kind: datchuan.RoleDepartment, Scope: "84-STNMT"},
	{Login: "so-xd", Name: "Đỗ Quang Vinh (minh họa)", Kind: datchuan.RoleDepartment, Scope: "84-SXD"},
	{Login: "so-nnptnt", Name: "Nguyễn Thị Lan (minh họa)", Kind: datchuan.RoleDepartment, Scope: "84-SNNPTNT"},
	{Login: "huyen-caungang", Name: "Thạch Sô Phanh (minh họa)", Kind: datchuan.RoleDistrict, Scope: "848"},
	{Login: "xa-nhitruong", Name: "Kim Thị Sa Ra (minh họa)", Kind: datchuan.RoleCommune, Scope: DemoCommune},
}

// DemoCommune is the commune of the demo's commune account: a commune of
// Cầu Ngang not yet recognised in 2022, so it has work to report.
const DemoCommune = "29446"
