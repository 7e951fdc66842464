package datchuan

import (
	"context"
	"fmt"
)

// UnitPath places a unit in the hierarchy by codes: "84", "848", "29416".
// District is "" for a province, and for communes directly under a province
// (after 01/07/2025); Commune is "" above the commune level.
type UnitPath struct {
	Province string `json:"province"`
	District string `json:"district,omitempty"`
	Commune  string `json:"commune,omitempty"`
}

// Within reports whether p lies inside scope (or is scope itself).
func (p UnitPath) Within(scope UnitPath) bool {
	if scope.Province == "" || p.Province != scope.Province {
		return false
	}
	if scope.District != "" && p.District != scope.District {
		return false
	}
	return scope.Commune == "" || p.Commune == scope.Commune
}

// PathOf returns the path of u, looking its ancestors up as they were while
// u was in force.
func PathOf(ctx context.Context, units UnitService, u *Unit) (UnitPath, error) {
	var p UnitPath
	on := u.ValidFrom
	if on.IsZero() {
		on = u.LastDay()
	}
	cur := u
	for range 3 {
		switch cur.Level {
		case LevelProvince:
			p.Province = cur.Code
			return p, nil
		case LevelDistrict:
			p.District = cur.Code
		case LevelCommune:
			p.Commune = cur.Code
		}
		if cur.ParentCode == "" {
			return p, Errorf(EINTERNAL, "đơn vị %s không có đơn vị cấp trên (unit has no parent)", cur.Code)
		}
		parents, err := units.FindUnits(ctx, UnitFilter{Code: cur.ParentCode, On: on})
		if err != nil {
			return p, fmt.Errorf("path of unit %s: %w", u.Code, err)
		}
		var next *Unit
		for _, x := range parents {
			if x.Level != LevelCommune {
				next = x // the latest version in force on `on` above the commune level
			}
		}
		if next == nil {
			return p, Errorf(EINTERNAL, "không tìm thấy đơn vị cấp trên %s của %s (parent not found)", cur.ParentCode, cur.Code)
		}
		cur = next
	}
	return p, Errorf(EINTERNAL, "đơn vị %s: cây hành chính quá sâu (hierarchy too deep)", u.Code)
}

// Access is what a signed-in user may do: the one place where roles turn
// into permissions. The web layer asks it before every read and write.
type Access struct {
	UserID int64
	grants []grant
	admin  bool
}

type grant struct {
	kind   RoleKind
	scope  UnitPath
	agency int64 // the department of a department role
	// For a department: the indicators it leads, by set.
	ledCriteria   map[[2]string]bool // (set, criterion) led as a whole
	ledIndicators map[[2]string]bool // (set, indicator) led by name
	// Indicators that have their own lead somewhere: a criterion-level lead
	// does not cover them.
	ownLead map[[2]string]bool
}

// LoadAccess resolves the roles of u into an Access: each role's unit into a
// path and, for department roles, the province's leads. A role that cannot
// be resolved grants nothing; only a storage failure is an error.
func LoadAccess(ctx context.Context, u *User, units UnitService, agencies AgencyService) (*Access, error) {
	a := &Access{UserID: u.ID}
	if u.Disabled {
		return a, nil
	}
	for _, r := range u.Roles {
		g, err := loadGrant(ctx, r, units, agencies)
		switch ErrorCode(err) {
		case "":
		case EINVALID, ENOTFOUND:
			// A role that no longer makes sense (its unit gone, its agency
			// not provincial) grants nothing; the others still work.
			continue
		default:
			return nil, fmt.Errorf("role %d of user %s: %w", r.ID, u.Login, err)
		}
		if r.Kind == RoleAdmin {
			a.admin = true
			continue
		}
		a.grants = append(a.grants, g)
	}
	return a, nil
}

func loadGrant(ctx context.Context, r Role, units UnitService, agencies AgencyService) (grant, error) {
	g := grant{kind: r.Kind}
	unitID := r.UnitID
	var ag *Agency
	switch {
	case r.Kind == RoleAdmin:
		return g, nil
	case r.Kind == RoleDepartment:
		var err error
		if ag, err = agencies.Agency(ctx, r.AgencyID); err != nil {
			return g, err
		}
		unitID = ag.UnitID
	}
	u, err := units.Unit(ctx, unitID)
	if err != nil {
		return g, err
	}
	if g.scope, err = PathOf(ctx, units, u); err != nil {
		return g, err
	}
	if ag == nil {
		return g, nil
	}
	g.agency = ag.ID
	if u.Level != LevelProvince {
		return g, Errorf(EINVALID, "cơ quan %s không thuộc cấp tỉnh (a department role needs a provincial agency)", ag.Code)
	}
	leads, err := agencies.Leads(ctx, u.ID, "")
	if err != nil {
		return g, err
	}
	g.ledCriteria, g.ledIndicators, g.ownLead = map[[2]string]bool{}, map[[2]string]bool{}, map[[2]string]bool{}
	for _, l := range leads {
		if l.Supporting {
			continue
		}
		if l.IndicatorCode != "" {
			g.ownLead[[2]string{l.SetID, l.IndicatorCode}] = true
		}
		if l.AgencyID != ag.ID {
			continue
		}
		if l.IndicatorCode != "" {
			g.ledIndicators[[2]string{l.SetID, l.IndicatorCode}] = true
		} else {
			g.ledCriteria[[2]string{l.SetID, l.CriterionCode}] = true
		}
	}
	return g, nil
}

// Admin reports whether the user manages people, agencies, roles and the
// catalogue.
func (a *Access) Admin() bool { return a != nil && a.admin }

// Kinds lists the role kinds the user holds, admin included.
func (a *Access) Kinds() []RoleKind {
	if a == nil {
		return nil
	}
	var out []RoleKind
	seen := map[RoleKind]bool{}
	for _, g := range a.grants {
		if !seen[g.kind] {
			seen[g.kind] = true
			out = append(out, g.kind)
		}
	}
	if a.admin {
		out = append(out, RoleAdmin)
	}
	return out
}

// Scopes returns the unit paths the user reads, one per role, in role order.
func (a *Access) Scopes() []UnitPath {
	if a == nil {
		return nil
	}
	var out []UnitPath
	for _, g := range a.grants {
		out = append(out, g.scope)
	}
	return out
}

// Agencies returns the departments of the user's department roles.
func (a *Access) Agencies() []int64 {
	if a == nil {
		return nil
	}
	var out []int64
	for _, g := range a.grants {
		if g.agency != 0 {
			out = append(out, g.agency)
		}
	}
	return out
}

// CanRead reports whether the user may see the unit at p and its data.
func (a *Access) CanRead(p UnitPath) bool {
	if a == nil {
		return false
	}
	for _, g := range a.grants {
		if p.Within(g.scope) {
			return true
		}
	}
	return false
}

// CanReport reports whether the user may report values for the unit at p.
func (a *Access) CanReport(p UnitPath) bool {
	if a == nil {
		return false
	}
	for _, g := range a.grants {
		switch g.kind {
		case RoleCoordination, RoleDistrict, RoleCommune:
			if p.Within(g.scope) {
				return true
			}
		}
	}
	return false
}

// CanReview reports whether the user may confirm or return a value of the
// indicator (of criterion crit in set) for the unit at p: the coordination
// office for its province, a department for the indicators it leads there.
func (a *Access) CanReview(p UnitPath, set, crit, ind string) bool {
	if a == nil {
		return false
	}
	for _, g := range a.grants {
		if !p.Within(g.scope) {
			continue
		}
		switch g.kind {
		case RoleCoordination:
			return true
		case RoleDepartment:
			if g.ledIndicators[[2]string{set, ind}] ||
				(g.ledCriteria[[2]string{set, crit}] && !g.ownLead[[2]string{set, ind}]) {
				return true
			}
		}
	}
	return false
}

// CanPlan reports whether the user may write plans and assignments for the
// unit at p: the coordination office of its province.
func (a *Access) CanPlan(p UnitPath) bool {
	if a == nil {
		return false
	}
	for _, g := range a.grants {
		if g.kind == RoleCoordination && p.Within(g.scope) {
			return true
		}
	}
	return false
}

// InProvince reports whether any of the user's scopes lies in the province:
// such a user may open the province's plans (and sees the rows of the units
// they read).
func (a *Access) InProvince(code string) bool {
	if a == nil {
		return false
	}
	for _, g := range a.grants {
		if g.scope.Province == code {
			return true
		}
	}
	return false
}

// Reviews reports whether the user reviews anything at all (and so has a
// review queue).
func (a *Access) Reviews() bool {
	if a == nil {
		return false
	}
	for _, g := range a.grants {
		if g.kind == RoleCoordination || (g.kind == RoleDepartment && (len(g.ledCriteria) > 0 || len(g.ledIndicators) > 0)) {
			return true
		}
	}
	return false
}

// Reports reports whether the user reports values anywhere.
func (a *Access) Reports() bool {
	if a == nil {
		return false
	}
	for _, g := range a.grants {
		switch g.kind {
		case RoleCoordination, RoleDistrict, RoleCommune:
			return true
		}
	}
	return false
}
