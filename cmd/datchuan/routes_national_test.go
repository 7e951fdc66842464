package main

import (
	"context"
	"testing"

	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/service"
)

// national is the central coordination office in the route walk: an
// account made for it, as the demo holds one province and no such account.
const national = "trunguong"

// addNationalAccount gives the demo app the account of the central
// coordination office, with the demo's password.
func addNationalAccount(t *testing.T, a *app) {
	t.Helper()
	ctx := context.Background()
	c := a.svc.System("test")
	u, err := a.svc.CreateAccount(ctx, c, service.AccountInput{Login: national, Name: "Văn phòng Điều phối Trung ương", Password: demo.Password})
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.svc.ParseRole(ctx, c, u.ID, service.RoleInput{Kind: "national"})
	if err == nil {
		err = a.svc.AddRole(ctx, c, r)
	}
	if err != nil {
		t.Fatal(err)
	}
}
