package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/auth"
)

// AccountInput is a new account as typed. The password is never sent
// back to a page.
type AccountInput struct {
	Login, Name, Email, Lang, Password string
}

// CreateAccount creates a person and an account for them with a password,
// in one transaction: reports and reviews are signed by persons. The admin
// pages and the command line both come here.
func (s *Service) CreateAccount(ctx context.Context, c Caller, in AccountInput) (*datchuan.User, error) {
	if err := c.CheckAdmin(); err != nil {
		return nil, err
	}
	u := &datchuan.User{Login: strings.TrimSpace(in.Login), Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email), Lang: in.Lang}
	if u.Lang == "" {
		u.Lang = "vi"
	}
	p := datchuan.Problems{}
	if err := p.Merge("", u.Validate()); err != nil {
		return nil, err
	}
	if err := auth.CheckPasswordPolicy(in.Password); err != nil {
		if err := p.Merge("password", err); err != nil {
			return nil, err
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if _, err := s.cfg.Stores.Users.UserByLogin(ctx, u.Login); err == nil {
		return nil, loginTaken(u.Login)
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u.PasswordHash = hash
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		person := &datchuan.Person{Name: u.Name, Email: u.Email}
		if err := tx.Agencies.CreatePerson(ctx, person); err != nil {
			return outcome{}, err
		}
		u.PersonID = person.ID
		if err := tx.Users.CreateUser(ctx, u); err != nil {
			if datchuan.ErrorCode(err) == datchuan.ECONFLICT {
				return outcome{}, loginTaken(u.Login)
			}
			return outcome{}, err
		}
		return outcome{change: datchuan.NewChange(c.Actor, datchuan.ActUserCreate, "user", u.ID,
			fmt.Sprintf("Tạo tài khoản %s (%s)", u.Login, u.Name), nil, u)}, nil
	})
	if err != nil {
		return nil, err
	}
	s.cfg.Log.Info("user created", "by", c.Actor.Name, "login", u.Login)
	return u, nil
}

// loginTaken is the conflict of a login someone has (compared without
// case), shown beside the login field.
func loginTaken(login string) error {
	t := datchuan.Textf("Tên đăng nhập %q đã có (The login %q is taken)", login, login)
	e := datchuan.NewError(datchuan.ECONFLICT, t)
	e.Fields, e.FieldsEn = map[string]string{datchuan.FieldLogin: t.Vi}, map[string]string{datchuan.FieldLogin: t.En}
	return e
}

// UserEdit is the account form as typed, with the version it started from.
type UserEdit struct {
	Version  int
	Name     string
	Email    string
	Disabled bool
}

// UpdateUser changes the name, e-mail and disabled flag of an account. A
// disabled account is signed out everywhere, in the same transaction.
func (s *Service) UpdateUser(ctx context.Context, c Caller, id int64, in UserEdit) (*datchuan.User, error) {
	if err := c.CheckAdmin(); err != nil {
		return nil, err
	}
	u, err := s.cfg.Stores.Users.User(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := sameVersion(u.Version, in.Version, "Tài khoản", "the account"); err != nil {
		return nil, err
	}
	before := *u
	if name := strings.TrimSpace(in.Name); name != "" {
		u.Name = name
	}
	u.Email, u.Disabled = strings.TrimSpace(in.Email), in.Disabled
	if u.Disabled && u.ID == c.Actor.UserID {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Không thể tự khóa tài khoản của mình (you cannot disable your own account)")
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	return u, s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Users.UpdateUser(ctx, u); err != nil {
			return outcome{}, err
		}
		if u.Disabled {
			if err := tx.Sessions.DeleteUserSessions(ctx, u.ID); err != nil {
				return outcome{}, err
			}
		}
		return outcome{change: datchuan.NewChange(c.Actor, datchuan.ActUserUpdate, "user", u.ID,
			fmt.Sprintf("Sửa tài khoản %s", u.Login), &before, u)}, nil
	})
}

// SetLang remembers the language a user picked, on their account.
func (s *Service) SetLang(ctx context.Context, c Caller, lang string) error {
	if lang != "vi" && lang != "en" {
		return datchuan.Errorf(datchuan.EINVALID, "Ngôn ngữ %q không hỗ trợ (unsupported language)", lang)
	}
	if c.Actor.UserID == 0 {
		return nil // nobody signed in: the cookie is enough
	}
	u, err := s.cfg.Stores.Users.User(ctx, c.Actor.UserID)
	if err != nil || u.Lang == lang {
		return err // the account has it already: nothing changes
	}
	return s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Users.SetLang(ctx, c.Actor.UserID, lang) },
		func() (*datchuan.Change, error) {
			return datchuan.NewChange(c.Actor, datchuan.ActUserUpdate, "user", c.Actor.UserID,
				"Chọn ngôn ngữ "+lang, map[string]string{"lang": u.Lang}, map[string]string{"lang": lang}), nil
		})
}

// SetPassword sets a new password of an account and signs it out
// everywhere.
func (s *Service) SetPassword(ctx context.Context, c Caller, id int64, password string) error {
	if err := c.CheckAdmin(); err != nil {
		return err
	}
	u, err := s.cfg.Stores.Users.User(ctx, id)
	if err != nil {
		return err
	}
	if err := auth.CheckPasswordPolicy(password); err != nil {
		return (datchuan.Problems{"password": datchuan.ErrorText(err)}).Err()
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Users.SetPassword(ctx, u.ID, hash); err != nil {
			return outcome{}, err
		}
		if err := tx.Sessions.DeleteUserSessions(ctx, u.ID); err != nil {
			return outcome{}, err
		}
		return outcome{change: datchuan.NewChange(c.Actor, datchuan.ActUserPassword, "user", u.ID,
			"Đặt mật khẩu mới cho "+u.Login, nil, nil)}, nil
	})
}

// ClearSignInThrottle lets an account try to sign in again at once from
// every address: its failed sign-ins stop counting. An address that
// failed for many logins stays throttled (that is about the address).
func (s *Service) ClearSignInThrottle(ctx context.Context, c Caller, id int64) error {
	if err := c.CheckAdmin(); err != nil {
		return err
	}
	u, err := s.cfg.Stores.Users.User(ctx, id)
	if err != nil {
		return err
	}
	return s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		n, err := tx.Throttle.ClearLoginFailuresFrom(ctx, loginKeyPrefix(datchuan.NormalLogin(u.Login)))
		if err != nil {
			return outcome{}, err
		}
		return outcome{change: datchuan.NewChange(c.Actor, datchuan.ActUserUnthrottle, "user", u.ID,
			fmt.Sprintf("Cho %s đăng nhập lại ngay (bỏ %d lần đăng nhập sai)", u.Login, n), nil, map[string]int{"failures_cleared": n})}, nil
	})
}

// RoleInput is the add-role form as typed: a kind and its scope — a unit
// code for unit-scoped kinds, an agency (ID, or code) for a department.
type RoleInput struct {
	Kind, Unit, Agency string
}

// ParseRole turns a role as typed into a role of user userID: the unit of
// a code in force today, or a provincial department. Problems come back by
// field (kind, unit, agency).
func (s *Service) ParseRole(ctx context.Context, c Caller, userID int64, in RoleInput) (*datchuan.Role, error) {
	kind := datchuan.RoleKind(strings.TrimSpace(in.Kind))
	r := &datchuan.Role{UserID: userID, Kind: kind}
	p := datchuan.Problems{}
	switch {
	case !kind.Valid():
		p.Add(datchuan.FieldKind, "Chọn một vai trò: %s (choose a role)", roleKinds())
	case kind == datchuan.RoleDepartment:
		a, err := s.agencyByRef(ctx, strings.TrimSpace(in.Agency))
		if err != nil {
			p.Add(datchuan.FieldAgency, "Không có cơ quan %q (no such agency)", in.Agency)
			break
		}
		// A department role reads a province: its agency must be provincial.
		if u, err := c.Tree.Unit(ctx, a.UnitID); err != nil || u.Level != datchuan.LevelProvince {
			p.Add(datchuan.FieldAgency, "Cơ quan này không thuộc cấp tỉnh (not a provincial agency)")
		}
		r.AgencyID = a.ID
	case kind.ScopeLevel() != "":
		// The version in force today: codes are reused.
		u, _, err := c.Tree.Resolve(ctx, kind.ScopeLevel(), strings.TrimSpace(in.Unit), datchuan.Date{})
		if err != nil {
			p.Add("unit", "Không có đơn vị cấp %s mã %q (no unit of that level with this code)", kind.ScopeLevel().LabelVi(), in.Unit)
			break
		}
		r.UnitID = u.ID
	}
	return r, p.Err()
}

func roleKinds() string {
	var names []string
	for _, k := range datchuan.RoleKinds {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// agencyByRef finds an agency by ID or by code.
func (s *Service) agencyByRef(ctx context.Context, ref string) (*datchuan.Agency, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return s.cfg.Stores.Agencies.Agency(ctx, id)
	}
	as, err := s.cfg.Stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{Code: ref})
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có cơ quan mã %q (no such agency)", ref)
	}
	return as[0], nil
}

// AddRole gives a role to an account.
func (s *Service) AddRole(ctx context.Context, c Caller, r *datchuan.Role) error {
	if err := c.CheckAdmin(); err != nil {
		return err
	}
	return s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Users.AddRole(ctx, r) },
		func() (*datchuan.Change, error) {
			return datchuan.NewChange(c.Actor, datchuan.ActRoleAdd, "user", r.UserID,
				fmt.Sprintf("Thêm vai trò %s cho tài khoản %d", r.Kind.LabelVi(), r.UserID), nil, r), nil
		})
}

// RemoveRole takes a role from an account; nobody takes away their own
// administrator role (another administrator must).
func (s *Service) RemoveRole(ctx context.Context, c Caller, userID, roleID int64) error {
	if err := c.CheckAdmin(); err != nil {
		return err
	}
	u, err := s.cfg.Stores.Users.User(ctx, userID)
	if err != nil {
		return err
	}
	var role *datchuan.Role
	for i := range u.Roles {
		if u.Roles[i].ID == roleID {
			role = &u.Roles[i]
		}
	}
	if role == nil {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Không có vai trò này (no such role)")
	}
	if u.ID == c.Actor.UserID && role.Kind == datchuan.RoleAdmin {
		return datchuan.Errorf(datchuan.EINVALID, "Không thể tự bỏ quyền quản trị của mình; nhờ một quản trị viên khác (you cannot remove your own admin role)")
	}
	return s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Users.RemoveRole(ctx, u.ID, roleID) },
		func() (*datchuan.Change, error) {
			return datchuan.NewChange(c.Actor, datchuan.ActRoleRemove, "user", u.ID,
				fmt.Sprintf("Bỏ vai trò %s của %s", role.Kind.LabelVi(), u.Login), role, nil), nil
		})
}

// AgencyInput is the new-agency form as typed.
type AgencyInput struct {
	Code, Name, Short, Kind, Unit, Parent string
}

// CreateAgency stores an agency attached to the unit of a code.
func (s *Service) CreateAgency(ctx context.Context, c Caller, in AgencyInput) (*datchuan.Agency, error) {
	if err := c.CheckAdmin(); err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	a := &datchuan.Agency{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name), ShortName: strings.TrimSpace(in.Short),
		Kind: datchuan.AgencyKind(in.Kind)}
	unit := strings.TrimSpace(in.Unit)
	u, _, err := c.Tree.Resolve(ctx, datchuan.LevelOfCode(unit), unit, datchuan.Date{})
	if err == nil {
		a.UnitID = u.ID
	} else {
		p.Add("unit", "Không có đơn vị mã %s (no such unit)", unit)
	}
	if parent := strings.TrimSpace(in.Parent); parent != "" {
		if pa, err := s.agencyByRef(ctx, parent); err == nil {
			a.ParentID = pa.ID
		} else {
			p.Add("parent", "Không có cơ quan mã %s (no such agency)", parent)
		}
	}
	if err := p.Check(a.Validate()); err != nil {
		return nil, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Agencies.CreateAgency(ctx, a); err != nil {
			if code := datchuan.ErrorCode(err); code == datchuan.ECONFLICT || code == datchuan.EINVALID {
				return outcome{}, (datchuan.Problems{datchuan.FieldCode: datchuan.ErrorText(err)}).Err()
			}
			return outcome{}, err
		}
		ch, err := place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActAgencyCreate, "agency", a.ID, fmt.Sprintf("Thêm cơ quan %s (%s)", a.Name, a.Code), nil, a), u)
		return outcome{change: ch}, err
	})
	return a, err
}

// principal is a user and what the user may do, as kept by the memo.
type principal struct {
	user   *datchuan.User
	access *datchuan.Access
}

// Principal loads the user with the given ID and resolves the user's
// roles into an Access, kept until the next write (a change of account,
// role, agency or lead is a write): a signed-in request does not read
// them again. Each call gets copies, for the request to add its client
// address to.
func (s *Service) Principal(ctx context.Context, tree datchuan.Hierarchy, userID int64) (*datchuan.User, *datchuan.Access, error) {
	p, err := memo(s, fmt.Sprintf("principal/%d", userID), func() (principal, error) {
		u, err := s.cfg.Stores.Users.User(ctx, userID)
		if err != nil {
			return principal{}, err
		}
		acc, err := datchuan.LoadAccess(ctx, u, tree, s.cfg.Stores.Agencies)
		return principal{u, acc}, err
	})
	if err != nil {
		return nil, nil, err
	}
	u, acc := *p.user, *p.access
	return &u, &acc, nil
}
