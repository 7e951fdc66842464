package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/auth"
)

func (s *Server) adminRoutes() {
	s.private("GET /quan-tri", s.admin(s.adminHome))
	s.private("GET /quan-tri/nguoi-dung", s.admin(s.adminUsers))
	s.private("POST /quan-tri/nguoi-dung", s.admin(s.adminCreateUser))
	s.private("GET /quan-tri/nguoi-dung/{id}", s.admin(s.adminUser))
	s.private("POST /quan-tri/nguoi-dung/{id}", s.admin(s.adminUpdateUser))
	s.private("POST /quan-tri/nguoi-dung/{id}/vai-tro", s.admin(s.adminAddRole))
	s.private("POST /quan-tri/nguoi-dung/{id}/vai-tro/{role}/xoa", s.admin(s.adminRemoveRole))
	s.private("POST /quan-tri/nguoi-dung/{id}/mat-khau", s.admin(s.adminSetPassword))
	s.private("GET /quan-tri/co-quan", s.admin(s.adminAgencies))
	s.private("POST /quan-tri/co-quan", s.admin(s.adminCreateAgency))
	s.private("GET /quan-tri/bo-tieu-chi", s.admin(s.adminSets))
}

// admin lets only administrators through.
func (s *Server) admin(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !viewerOf(r).access.Admin() {
			return datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ quản trị hệ thống được dùng trang này (administrators only)")
		}
		return h(w, r)
	}
}

type adminHomePage struct{ base }

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) error {
	s.pages.render(w, http.StatusOK, "admin", adminHomePage{s.base(r, "Quản trị")})
	return nil
}

// userForm is what the admin typed to create a user (the password is never
// sent back).
type userForm struct {
	Login, Name, Email, Lang string
}

type adminUsersPage struct {
	base
	Users  []*userRow
	Form   userForm
	Errors map[string]string
	Done   string
}

// userRow is a user with each role described in words.
type userRow struct {
	*datchuan.User
	RoleRows []roleRow // each of User.Roles described
}

type roleRow struct {
	datchuan.Role
	Label string // "Cán bộ sở, ngành — Sở Tài nguyên và Môi trường"
}

func (s *Server) userRow(ctx context.Context, u *datchuan.User, en bool) (*userRow, error) {
	row := &userRow{User: u}
	for _, ro := range u.Roles {
		label := ro.Kind.LabelVi()
		if en {
			label = ro.Kind.LabelEn()
		}
		switch {
		case ro.AgencyID != 0:
			a, err := s.deps.Agencies.Agency(ctx, ro.AgencyID)
			if err != nil {
				return nil, err
			}
			label += " — " + a.Name
		case ro.UnitID != 0:
			unit, err := s.deps.Units.Unit(ctx, ro.UnitID)
			if err != nil {
				return nil, err
			}
			label += " — " + unit.Name + " (" + unit.Code + ")"
		}
		row.RoleRows = append(row.RoleRows, roleRow{Role: ro, Label: label})
	}
	return row, nil
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, userForm{Lang: "vi"}, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form userForm, errs map[string]string) error {
	users, err := s.deps.Users.Users(r.Context())
	if err != nil {
		return err
	}
	p := adminUsersPage{base: s.base(r, "Người dùng"), Form: form, Errors: errs, Done: r.URL.Query().Get("ok")}
	for _, u := range users {
		row, err := s.userRow(r.Context(), u, p.En())
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
	ctx := r.Context()
	f := userForm{Login: strings.TrimSpace(r.PostFormValue("login")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Email: strings.TrimSpace(r.PostFormValue("email")), Lang: r.PostFormValue("lang")}
	pw := r.PostFormValue("password")
	errs := map[string]string{}
	if f.Login == "" || strings.ContainsAny(f.Login, " \t") {
		errs["login"] = "Tên đăng nhập không được trống hay chứa dấu cách (login required, no spaces)"
	} else if _, err := s.deps.Users.UserByLogin(ctx, f.Login); err == nil {
		errs["login"] = "Tên đăng nhập này đã có (login taken)"
	}
	if f.Name == "" {
		errs["name"] = "Cần họ và tên (name required)"
	}
	if err := auth.CheckPasswordPolicy(pw); err != nil {
		errs["password"] = datchuan.ErrorMessage(err)
	}
	if f.Lang != "en" {
		f.Lang = "vi"
	}
	if len(errs) > 0 {
		return s.renderUsers(w, r, http.StatusUnprocessableEntity, f, errs)
	}
	u, err := CreateAccount(ctx, s.deps.Users, s.deps.Agencies, f.Login, f.Name, f.Email, f.Lang, pw)
	if err != nil {
		if datchuan.ErrorCode(err) == datchuan.EINVALID || datchuan.ErrorCode(err) == datchuan.ECONFLICT {
			errs["login"] = datchuan.ErrorMessage(err)
			return s.renderUsers(w, r, http.StatusUnprocessableEntity, f, errs)
		}
		return err
	}
	s.deps.Log.Info("user created", "by", viewerOf(r).user.Login, "login", u.Login)
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
	return nil
}

// CreateAccount creates a person and a user for them with a password. The
// command line uses it too, so both make accounts the same way.
func CreateAccount(ctx context.Context, users datchuan.UserService, agencies datchuan.AgencyService, login, name, email, lang, password string) (*datchuan.User, error) {
	if err := auth.CheckPasswordPolicy(password); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	if _, err := users.UserByLogin(ctx, login); err == nil {
		return nil, datchuan.Errorf(datchuan.ECONFLICT, "Tên đăng nhập %q đã có (login taken)", login)
	}
	p := &datchuan.Person{Name: name, Email: email}
	if err := agencies.CreatePerson(ctx, p); err != nil {
		return nil, err
	}
	u := &datchuan.User{Login: login, Name: name, Email: email, PersonID: p.ID, PasswordHash: hash, Lang: lang}
	if err := users.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

type adminUserPage struct {
	base
	U        *userRow
	Kinds    []datchuan.RoleKind
	Agencies []*datchuan.Agency
	RoleForm roleForm
	Errors   map[string]string
	Done     string
}

type roleForm struct {
	Kind, Unit, Agency string
}

func (s *Server) userParam(r *http.Request) (*datchuan.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có người dùng này (no such user)")
	}
	return s.deps.Users.User(r.Context(), id)
}

func (s *Server) adminUser(w http.ResponseWriter, r *http.Request) error {
	return s.renderUser(w, r, http.StatusOK, roleForm{}, nil)
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, rf roleForm, errs map[string]string) error {
	u, err := s.userParam(r)
	if err != nil {
		return err
	}
	p := adminUserPage{base: s.base(r, u.Name), Kinds: datchuan.RoleKinds, RoleForm: rf, Errors: errs, Done: r.URL.Query().Get("ok")}
	if p.U, err = s.userRow(r.Context(), u, p.En()); err != nil {
		return err
	}
	if p.Agencies, err = s.deps.Agencies.FindAgencies(r.Context(), datchuan.AgencyFilter{Kind: datchuan.AgencyDepartment}); err != nil {
		return err
	}
	s.pages.render(w, status, "admin_user", p)
	return nil
}

func (s *Server) adminUpdateUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userParam(r)
	if err != nil {
		return err
	}
	if name := strings.TrimSpace(r.PostFormValue("name")); name != "" {
		u.Name = name
	}
	u.Email = strings.TrimSpace(r.PostFormValue("email"))
	disable := r.PostFormValue("disabled") == "1"
	if disable && u.ID == viewerOf(r).user.ID {
		return datchuan.Errorf(datchuan.EINVALID, "Không thể tự khóa tài khoản của mình (you cannot disable your own account)")
	}
	u.Disabled = disable
	if err := s.deps.Users.UpdateUser(r.Context(), u); err != nil {
		return err
	}
	if u.Disabled {
		if err := s.deps.Sessions.DeleteUserSessions(r.Context(), u.ID); err != nil {
			return err
		}
	}
	http.Redirect(w, r, r.URL.Path+"?ok=saved", http.StatusSeeOther)
	return nil
}

// adminAddRole gives a role: a unit by its code for unit-scoped kinds, a
// department for department officers.
func (s *Server) adminAddRole(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := s.userParam(r)
	if err != nil {
		return err
	}
	rf := roleForm{Kind: r.PostFormValue("kind"), Unit: strings.TrimSpace(r.PostFormValue("unit")), Agency: r.PostFormValue("agency")}
	kind := datchuan.RoleKind(rf.Kind)
	role := &datchuan.Role{UserID: u.ID, Kind: kind}
	errs := map[string]string{}
	switch {
	case !kind.Valid():
		errs["kind"] = "Chọn một vai trò (choose a role)"
	case kind == datchuan.RoleDepartment:
		id, err := strconv.ParseInt(rf.Agency, 10, 64)
		if err != nil || id == 0 {
			errs["agency"] = "Chọn sở, ngành (choose a department)"
			break
		}
		role.AgencyID = id
		// A department role reads a province: its agency must be provincial.
		if a, err := s.deps.Agencies.Agency(ctx, id); err != nil {
			errs["agency"] = "Không có cơ quan này (no such agency)"
		} else if u, err := s.deps.Units.Unit(ctx, a.UnitID); err != nil || u.Level != datchuan.LevelProvince {
			errs["agency"] = "Cơ quan này không thuộc cấp tỉnh (not a provincial agency)"
		}
	case kind.ScopeLevel() != "":
		unit, _, err := s.rollup.Resolve(ctx, kind.ScopeLevel(), rf.Unit, datchuan.Date{})
		if err != nil {
			errs["unit"] = "Không có đơn vị cấp " + kind.ScopeLevel().LabelVi() + " mã " + rf.Unit + " (no unit of that level with this code)"
		} else {
			role.UnitID = unit.ID
		}
	}
	if len(errs) == 0 {
		err := s.deps.Users.AddRole(ctx, role)
		switch datchuan.ErrorCode(err) {
		case "":
			s.deps.Log.Info("role added", "by", viewerOf(r).user.Login, "user", u.Login, "kind", kind)
			http.Redirect(w, r, "/quan-tri/nguoi-dung/"+r.PathValue("id")+"?ok=role", http.StatusSeeOther)
			return nil
		case datchuan.EINVALID, datchuan.ECONFLICT, datchuan.ENOTFOUND:
			errs["kind"] = datchuan.ErrorMessage(err)
		default:
			return err
		}
	}
	return s.renderUser(w, r, http.StatusUnprocessableEntity, rf, errs)
}

func (s *Server) adminRemoveRole(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userParam(r)
	if err != nil {
		return err
	}
	rid, err := strconv.ParseInt(r.PathValue("role"), 10, 64)
	if err != nil {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Không có vai trò này (no such role)")
	}
	if u.ID == viewerOf(r).user.ID {
		for _, ro := range u.Roles {
			if ro.ID == rid && ro.Kind == datchuan.RoleAdmin {
				return datchuan.Errorf(datchuan.EINVALID, "Không thể tự bỏ quyền quản trị của mình; nhờ một quản trị viên khác (you cannot remove your own admin role)")
			}
		}
	}
	if err := s.deps.Users.RemoveRole(r.Context(), u.ID, rid); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+r.PathValue("id")+"?ok=removed", http.StatusSeeOther)
	return nil
}

// adminSetPassword sets a new password and signs the user out everywhere.
func (s *Server) adminSetPassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userParam(r)
	if err != nil {
		return err
	}
	pw := r.PostFormValue("password")
	if err := auth.CheckPasswordPolicy(pw); err != nil {
		return s.renderUser(w, r, http.StatusUnprocessableEntity, roleForm{}, map[string]string{"password": datchuan.ErrorMessage(err)})
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := s.deps.Users.SetPassword(r.Context(), u.ID, hash); err != nil {
		return err
	}
	if err := s.deps.Sessions.DeleteUserSessions(r.Context(), u.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+r.PathValue("id")+"?ok=password", http.StatusSeeOther)
	return nil
}

type agencyForm struct {
	Code, Name, Short, Kind, Unit, Parent string
}

type adminAgenciesPage struct {
	base
	Agencies []*agencyRow
	Kinds    []datchuan.AgencyKind
	Form     agencyForm
	Errors   map[string]string
}

type agencyRow struct {
	*datchuan.Agency
	Unit *datchuan.Unit
}

var agencyKinds = []datchuan.AgencyKind{datchuan.AgencyDepartment, datchuan.AgencyCoordination, datchuan.AgencySteering,
	datchuan.AgencyPeoplesCommittee, datchuan.AgencyDistrictCommittee, datchuan.AgencyCommuneCommittee}

func (s *Server) adminAgencies(w http.ResponseWriter, r *http.Request) error {
	return s.renderAgencies(w, r, http.StatusOK, agencyForm{Kind: string(datchuan.AgencyDepartment)}, nil)
}

func (s *Server) renderAgencies(w http.ResponseWriter, r *http.Request, status int, f agencyForm, errs map[string]string) error {
	ctx := r.Context()
	all, err := s.deps.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{})
	if err != nil {
		return err
	}
	p := adminAgenciesPage{base: s.base(r, "Cơ quan"), Kinds: agencyKinds, Form: f, Errors: errs}
	units := map[int64]*datchuan.Unit{}
	for _, a := range all {
		if units[a.UnitID] == nil {
			if units[a.UnitID], err = s.deps.Units.Unit(ctx, a.UnitID); err != nil {
				return err
			}
		}
		p.Agencies = append(p.Agencies, &agencyRow{Agency: a, Unit: units[a.UnitID]})
	}
	s.pages.render(w, status, "admin_agencies", p)
	return nil
}

func (s *Server) adminCreateAgency(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := agencyForm{Code: strings.TrimSpace(r.PostFormValue("code")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Short: strings.TrimSpace(r.PostFormValue("short")), Kind: r.PostFormValue("kind"),
		Unit: strings.TrimSpace(r.PostFormValue("unit")), Parent: strings.TrimSpace(r.PostFormValue("parent"))}
	errs := map[string]string{}
	a := &datchuan.Agency{Code: f.Code, Name: f.Name, ShortName: f.Short, Kind: datchuan.AgencyKind(f.Kind)}
	if f.Code == "" {
		errs["code"] = "Cần mã cơ quan, ví dụ 84-STNMT (code required)"
	}
	if f.Name == "" {
		errs["name"] = "Cần tên cơ quan (name required)"
	}
	if !a.Kind.Valid() {
		errs["kind"] = "Chọn loại cơ quan (choose a kind)"
	}
	if u, _, err := s.unitByCode(ctx, f.Unit, datchuan.Date{}); err != nil {
		errs["unit"] = "Không có đơn vị mã " + f.Unit + " (no such unit)"
	} else {
		a.UnitID = u.ID
	}
	if f.Parent != "" {
		ps, err := s.deps.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{Code: f.Parent})
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			errs["parent"] = "Không có cơ quan mã " + f.Parent + " (no such agency)"
		} else {
			a.ParentID = ps[0].ID
		}
	}
	if len(errs) == 0 {
		err := s.deps.Agencies.CreateAgency(ctx, a)
		switch datchuan.ErrorCode(err) {
		case "":
			http.Redirect(w, r, "/quan-tri/co-quan", http.StatusSeeOther)
			return nil
		case datchuan.EINVALID, datchuan.ECONFLICT:
			errs["code"] = datchuan.ErrorMessage(err)
		default:
			return err
		}
	}
	return s.renderAgencies(w, r, http.StatusUnprocessableEntity, f, errs)
}

type adminSetsPage struct {
	base
	Sets []*datchuan.CriteriaSet
}

func (s *Server) adminSets(w http.ResponseWriter, r *http.Request) error {
	s.pages.render(w, http.StatusOK, "admin_sets", adminSetsPage{base: s.base(r, "Bộ tiêu chí"), Sets: s.deps.Sets.Sets()})
	return nil
}
