package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/service"
)

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

// SeedAccounts creates one account per role (Accounts), each with its
// role, through the same use cases as the admin pages, by "system:demo".
// An account or a role that is there already is kept: each account and
// each role is a transaction of its own, and a first start stopped between
// two of them finishes the rest when it starts again.
func SeedAccounts(ctx context.Context, svc *service.Service) error {
	c := svc.System("demo")
	for _, acc := range Accounts {
		if err := seedAccount(ctx, svc, c, acc); err != nil {
			return fmt.Errorf("demo account %s: %w", acc.Login, err)
		}
	}
	return nil
}

func seedAccount(ctx context.Context, svc *service.Service, c service.Caller, acc Account) error {
	u, err := svc.Stores().Users.UserByLogin(ctx, acc.Login)
	if datchuan.ErrorCode(err) == datchuan.ENOTFOUND {
		u, err = svc.CreateAccount(ctx, c, service.AccountInput{Login: acc.Login, Name: acc.Name,
			Email: acc.Login + "@datchuan.invalid", Lang: "vi", Password: Password})
	}
	if err != nil {
		return err
	}
	// Each account has one role: one of its kind is the one it was given.
	if slices.ContainsFunc(u.Roles, func(r datchuan.Role) bool { return r.Kind == acc.Kind }) {
		return nil
	}
	role, err := svc.ParseRole(ctx, c, u.ID, service.RoleInput{Kind: string(acc.Kind), Unit: acc.Scope, Agency: acc.Scope})
	if err != nil {
		return err
	}
	return svc.AddRole(ctx, c, role)
}

// WithSets returns the catalogue base with the demo's Trà Vinh sets.
func WithSets(base *catalog.Catalog) (*catalog.Catalog, error) {
	extra, err := catalog.LoadWith(base, Sets())
	if err != nil {
		return nil, fmt.Errorf("demo criteria sets: %w", err)
	}
	return catalog.Merge(base, extra)
}
