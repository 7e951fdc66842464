package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"slices"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/bench"
	"github.com/datchuan/datchuan/service"
)

// nationalAccount is an account "datchuan national" made.
type nationalAccount struct {
	Login, Password string
	Kind            datchuan.RoleKind
	Scope           string // a province's name; "" for the administrator
}

// sampleProvinces get a coordination-office account when more than four
// provinces are loaded: Hà Nội, Đà Nẵng, Hồ Chí Minh City and Trà Vinh.
var sampleProvinces = []string{"01", "48", "79", "84"}

// nationalViewer is the login of the central coordination office's
// account (RoleNational) that "datchuan national" makes.
const nationalViewer = "trunguong"

// accounts creates the administrator "quantri" and a coordination-office
// account "vpdp-<code>" for each loaded province (for the sample ones of
// a national load), all with one password, through the same use cases
// as the admin pages.
// It also makes "trunguong", the central coordination office, which
// reads the national page and every province and writes nothing.
func (r *nationalRun) accounts(ctx context.Context, provinces []*bench.Province) ([]nationalAccount, error) {
	pw := r.o.password
	if pw == "" {
		pw = rand.Text()[:16]
	}
	out := []nationalAccount{{Login: "quantri", Password: pw, Kind: datchuan.RoleAdmin}}
	for _, p := range provinces {
		if len(provinces) <= len(sampleProvinces) || slices.Contains(sampleProvinces, p.Unit.Code) {
			out = append(out, nationalAccount{Login: "vpdp-" + p.Unit.Code, Password: pw, Kind: datchuan.RoleCoordination, Scope: p.Unit.Name})
		}
	}
	out = append(out, nationalAccount{Login: nationalViewer, Password: pw, Kind: datchuan.RoleNational})
	svc := r.a.svc
	c := svc.System("national")
	for _, acc := range out {
		name := "Quản trị (dữ liệu tổng hợp)"
		role := service.RoleInput{Kind: string(acc.Kind)}
		if acc.Kind == datchuan.RoleCoordination {
			name = "Văn phòng Điều phối " + acc.Scope + " (dữ liệu tổng hợp)"
			role.Unit = acc.Login[len("vpdp-"):]
		}
		if acc.Kind == datchuan.RoleNational {
			name = "Văn phòng Điều phối Trung ương (dữ liệu tổng hợp)"
		}
		u, err := svc.CreateAccount(ctx, c, service.AccountInput{Login: acc.Login, Name: name, Email: acc.Login + "@datchuan.invalid", Lang: "vi", Password: pw})
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", acc.Login, err)
		}
		rl, err := svc.ParseRole(ctx, c, u.ID, role)
		if err == nil {
			err = svc.AddRole(ctx, c, rl)
		}
		if err != nil {
			return nil, fmt.Errorf("role of %s: %w", acc.Login, err)
		}
	}
	return out, nil
}

// printAccounts lists the accounts and their password.
func printAccounts(w io.Writer, accounts []nationalAccount) {
	if len(accounts) == 0 {
		return
	}
	fmt.Fprintf(w, "Tài khoản (accounts), mật khẩu (password) %s:\n", accounts[0].Password)
	for _, a := range accounts {
		scope := ""
		if a.Scope != "" {
			scope = " — " + a.Scope
		}
		fmt.Fprintf(w, "  %-10s %s%s\n", a.Login, a.Kind.LabelVi(), scope)
	}
}
