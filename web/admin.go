package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// Administration: accounts and their roles (here), agencies and the
// criteria sets (admin_agencies.go). Every page is for administrators
// only; every change goes through the account use cases of package
// service, which log it.

func (s *Server) adminRoutes() {
	s.private("GET /quan-tri", s.admin(s.adminHome))
	s.private("GET /quan-tri/nguoi-dung", s.admin(s.adminUsers))
	s.private("POST /quan-tri/nguoi-dung", s.admin(s.adminCreateUser))
	s.private("GET /quan-tri/nguoi-dung/{id}", s.admin(s.adminUser))
	s.private("POST /quan-tri/nguoi-dung/{id}", s.admin(s.adminUpdateUser))
	s.private("POST /quan-tri/nguoi-dung/{id}/vai-tro", s.admin(s.adminAddRole))
	s.private("POST /quan-tri/nguoi-dung/{id}/vai-tro/{role}/xoa", s.admin(s.adminRemoveRole))
	s.private("POST /quan-tri/nguoi-dung/{id}/mat-khau", s.admin(s.adminSetPassword))
	s.private("POST /quan-tri/nguoi-dung/{id}/dang-nhap-sai/xoa", s.admin(s.adminClearThrottle))
	s.private("GET /quan-tri/co-quan", s.admin(s.adminAgencies))
	s.private("POST /quan-tri/co-quan", s.admin(s.adminCreateAgency))
	s.private("GET /quan-tri/bo-tieu-chi", s.admin(s.adminSets))
}

// admin lets only administrators through, before a form is even read.
func (s *Server) admin(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := viewerOf(r).caller.CheckAdmin(); err != nil {
			return err
		}
		return h(w, r)
	}
}

type adminHomeView struct{ base }

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) error {
	s.pages.render(w, http.StatusOK, "admin", adminHomeView{s.pageBase(r, "Quản trị", "Administration")})
	return nil
}

// userFormView is what the admin typed to create a user (the password is
// never sent back).
type userFormView struct {
	Login, Name, Email, Lang string
}

type adminUsersView struct {
	base
	Users  []*userRowView
	Form   userFormView
	Errors map[string]string
	Done   string
}

// userRowView is a user with each role described in words.
type userRowView struct {
	*datchuan.User
	RoleRows []roleRowView // each of User.Roles described
}

type roleRowView struct {
	datchuan.Role
	Label string // "Cán bộ sở, ngành — Sở Tài nguyên và Môi trường"
}

// userRow describes the roles of u in the page's language.
func (s *Server) userRow(ctx context.Context, c service.Caller, u *datchuan.User, b base) (*userRowView, error) {
	row := &userRowView{User: u}
	for _, ro := range u.Roles {
		label := b.T(ro.Kind.LabelVi(), ro.Kind.LabelEn())
		switch {
		case ro.AgencyID != 0:
			a, err := s.stores.Agencies.Agency(ctx, ro.AgencyID)
			if err != nil {
				return nil, err
			}
			label += " — " + a.Name
		case ro.UnitID != 0:
			unit, err := c.Tree.Unit(ctx, ro.UnitID)
			if err != nil {
				return nil, err
			}
			label += " — " + unit.Name + " (" + unit.Code + ")"
		}
		row.RoleRows = append(row.RoleRows, roleRowView{Role: ro, Label: label})
	}
	return row, nil
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, userFormView{Lang: "vi"}, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form userFormView, errs map[string]string) error {
	ctx := r.Context()
	users, err := s.stores.Users.Users(ctx, datchuan.UserFilter{})
	if err != nil {
		return err
	}
	p := adminUsersView{base: s.pageBase(r, "Người dùng", "Users"), Form: form, Errors: errs, Done: r.URL.Query().Get("ok")}
	for _, u := range users {
		row, err := s.userRow(ctx, viewerOf(r).caller, u, p.base)
		if err != nil {
			return err
		}
		p.Users = append(p.Users, row)
	}
	s.pages.render(w, status, "admin_users", p)
	return nil
}

// adminCreateUser creates an account and, for it, a person of the
// programme: reports and reviews are signed by persons.
func (s *Server) adminCreateUser(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := userFormView{Login: formValue(r, "login"), Name: formValue(r, "name"), Email: formValue(r, "email"), Lang: formValue(r, "lang")}
	u, err := s.svc.CreateAccount(r.Context(), viewerOf(r).caller, service.AccountInput{Login: f.Login, Name: f.Name,
		Email: f.Email, Lang: f.Lang, Password: r.FormValue("password")})
	return answer(w, r, err, func() string { return userURL(u.ID, "") }, func(status int, errs map[string]string) error {
		return s.renderUsers(w, r, status, f, errs)
	})
}

// userEditView is the account form: as stored, or as typed when refused.
type userEditView struct {
	Version  int
	Name     string
	Email    string
	Disabled bool
}

type adminUserView struct {
	base
	U        *userRowView
	Kinds    []datchuan.RoleKind
	Agencies []*datchuan.Agency
	RoleForm roleFormView
	Edit     userEditView
	Errors   map[string]string
	Done     string
}

// roleFormView is the add-role form as typed.
type roleFormView struct {
	Kind, Unit, Agency string
}

// userPageState is what a refused action brings back to a user's page.
type userPageState struct {
	role   roleFormView
	edit   *userEditView // the account form as typed, nil for as stored
	errs   map[string]string
	status int
}

func (s *Server) adminUser(w http.ResponseWriter, r *http.Request) error {
	return s.renderUser(w, r, userPageState{status: http.StatusOK})
}

// userParam is the ID of the user of the path.
func userParam(r *http.Request) (int64, error) { return idParam(r, "id", "người dùng") }

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, st userPageState) error {
	ctx := r.Context()
	id, err := userParam(r)
	if err != nil {
		return err
	}
	u, err := s.stores.Users.User(ctx, id)
	if err != nil {
		return err
	}
	p := adminUserView{base: s.pageBase(r, u.Name, u.Name), Kinds: datchuan.RoleKinds, RoleForm: st.role, Errors: st.errs,
		Done: r.URL.Query().Get("ok"), Edit: userEditView{Version: u.Version, Name: u.Name, Email: u.Email, Disabled: u.Disabled}}
	if st.edit != nil {
		// What was typed, over the version stored now: saving again is a
		// deliberate choice, made with the stored values in view.
		p.Edit = *st.edit
		p.Edit.Version = u.Version
	}
	if p.U, err = s.userRow(ctx, viewerOf(r).caller, u, p.base); err != nil {
		return err
	}
	if p.Agencies, err = s.stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{Kind: datchuan.AgencyDepartment}); err != nil {
		return err
	}
	s.pages.render(w, st.status, "admin_user", p)
	return nil
}

// adminUpdateUser changes the name, e-mail and disabled flag of an
// account, from the version the form carries.
func (s *Server) adminUpdateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := userParam(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := service.UserEdit{Version: formVersion(r), Name: formValue(r, "name"), Email: formValue(r, "email"),
		Disabled: formValue(r, "disabled") == "1"}
	_, err = s.svc.UpdateUser(r.Context(), viewerOf(r).caller, id, in)
	return answer(w, r, err, func() string { return userURL(id, "saved") }, func(status int, errs map[string]string) error {
		return s.renderUser(w, r, userPageState{status: status, errs: errs,
			edit: &userEditView{Name: in.Name, Email: in.Email, Disabled: in.Disabled}})
	})
}

// adminAddRole gives a role: a unit by its code for unit-scoped kinds, a
// department for department officers.
func (s *Server) adminAddRole(w http.ResponseWriter, r *http.Request) error {
	id, err := userParam(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	c := viewerOf(r).caller
	rf := roleFormView{Kind: formValue(r, "kind"), Unit: formValue(r, "unit"), Agency: formValue(r, "agency")}
	role, err := s.svc.ParseRole(r.Context(), c, id, service.RoleInput{Kind: rf.Kind, Unit: rf.Unit, Agency: rf.Agency})
	if err == nil {
		err = s.svc.AddRole(r.Context(), c, role)
	}
	return answer(w, r, err, func() string { return userURL(id, "role") }, func(status int, errs map[string]string) error {
		return s.renderUser(w, r, userPageState{status: status, role: rf, errs: errs})
	})
}

func (s *Server) adminRemoveRole(w http.ResponseWriter, r *http.Request) error {
	id, err := userParam(r)
	if err != nil {
		return err
	}
	rid, err := idParam(r, "role", "vai trò")
	if err != nil {
		return err
	}
	err = s.svc.RemoveRole(r.Context(), viewerOf(r).caller, id, rid)
	return answer(w, r, err, func() string { return userURL(id, "removed") }, func(status int, errs map[string]string) error {
		return s.renderUser(w, r, userPageState{status: status, errs: errs})
	})
}

// adminSetPassword sets a new password and signs the user out everywhere.
func (s *Server) adminSetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := userParam(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = s.svc.SetPassword(r.Context(), viewerOf(r).caller, id, r.FormValue("password"))
	return answer(w, r, err, func() string { return userURL(id, "password") }, func(status int, errs map[string]string) error {
		return s.renderUser(w, r, userPageState{status: status, errs: errs})
	})
}

// adminClearThrottle lets a user who failed to sign in too often try
// again at once, from every address.
func (s *Server) adminClearThrottle(w http.ResponseWriter, r *http.Request) error {
	id, err := userParam(r)
	if err != nil {
		return err
	}
	err = s.svc.ClearSignInThrottle(r.Context(), viewerOf(r).caller, id)
	return answer(w, r, err, func() string { return userURL(id, "signin") }, func(status int, errs map[string]string) error {
		return s.renderUser(w, r, userPageState{status: status, errs: errs})
	})
}

// userURL is the admin page of a user, with the outcome of an action.
func userURL(id int64, ok string) string {
	u := "/quan-tri/nguoi-dung/" + strconv.FormatInt(id, 10)
	if ok != "" {
		u += "?ok=" + ok
	}
	return u
}
