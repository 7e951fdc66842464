package datchuan

import (
	"context"
	"fmt"
	"slices"
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

// Unit names the unit of the scope: its level and code.
func (p UnitPath) Unit() (Level, string) {
	switch {
	case p.Commune != "":
		return LevelCommune, p.Commune
	case p.District != "":
		return LevelDistrict, p.District
	}
	return LevelProvince, p.Province
}

// Access is what a signed-in user may do: the one place where roles turn
// into permissions. Handlers and use cases ask it before every read and
// write; every "may this person do this" is a method here.
type Access struct {
	// Actor is who the user is in the change log; the web layer adds the
	// client address.
	Actor  Actor
	grants []grant
	admin  bool
	system bool // the program itself: a command, a job, the demo seeding
	// national: the central coordination office, which reads every unit
	// of the country and writes nothing (RoleNational). Not a grant: it
	// has no scope that a province-wide write could match.
	national bool
}

type grant struct {
	kind   RoleKind
	scope  UnitPath
	agency int64     // the department of a department role
	leads  *LeadBook // the department's province's leads
}

// SystemAccess is the access of the program acting on its own (a command
// line verb, a job, the demo seeding): it may do everything, and its
// changes are logged as "system:<command>". No role grants it.
func SystemAccess(command string) *Access {
	return &Access{Actor: SystemActor(command), admin: true, system: true}
}

// LoadAccess resolves the roles of u into an Access: each role's unit into a
// path and, for department roles, the province's leads. A role that cannot
// be resolved grants nothing; only a storage failure is an error.
func LoadAccess(ctx context.Context, u *User, tree Hierarchy, agencies AgencyService) (*Access, error) {
	a := &Access{Actor: Actor{UserID: u.ID, PersonID: u.PersonID, Name: u.Name}}
	if u.Disabled {
		return a, nil
	}
	for _, r := range u.Roles {
		g, err := loadGrant(ctx, r, tree, agencies)
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
		if r.Kind == RoleNational {
			a.national = true
			continue
		}
		a.grants = append(a.grants, g)
	}
	return a, nil
}

func loadGrant(ctx context.Context, r Role, tree Hierarchy, agencies AgencyService) (grant, error) {
	g := grant{kind: r.Kind}
	unitID := r.UnitID
	var ag *Agency
	switch {
	case r.Kind == RoleAdmin:
		return g, nil
	case r.Kind == RoleNational:
		return g, nil
	case r.Kind == RoleDepartment:
		var err error
		if ag, err = agencies.Agency(ctx, r.AgencyID); err != nil {
			return g, err
		}
		unitID = ag.UnitID
	}
	u, err := tree.Unit(ctx, unitID)
	if err != nil {
		return g, err
	}
	if g.scope, err = tree.Path(ctx, u); err != nil {
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
	g.leads = NewLeadBook(leads)
	return g, nil
}

// any reports whether one of the user's grants satisfies ok; the program
// itself satisfies everything.
func (a *Access) any(ok func(g grant) bool) bool {
	if a == nil {
		return false
	}
	if a.system {
		return true
	}
	return slices.ContainsFunc(a.grants, ok)
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
	for _, g := range a.grants {
		if !slices.Contains(out, g.kind) {
			out = append(out, g.kind)
		}
	}
	if a.admin {
		out = append(out, RoleAdmin)
	}
	if a.national {
		out = append(out, RoleNational)
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
	if a.CanReadNational() {
		return true
	}
	return a.any(func(g grant) bool { return p.Within(g.scope) })
}

// ListsAllUnits reports whether the user may look up any unit of the
// country: an administrator, who gives roles anywhere.
// The central coordination office too: it reads every unit.
func (a *Access) ListsAllUnits() bool { return a.Admin() || a.CanReadNational() }

// reporter reports whether a grant reports values.
func (g grant) reporter() bool {
	return g.kind == RoleCoordination || g.kind == RoleDistrict || g.kind == RoleCommune
}

// CanReport reports whether the user may report values for the unit at p.
// Who reports for a commune also manages its member tasks.
func (a *Access) CanReport(p UnitPath) bool {
	return a.any(func(g grant) bool { return g.reporter() && p.Within(g.scope) })
}

// OnCommittee reports whether the user sits on the steering committee of
// the commune at p or of its district (a commune or district role whose
// scope holds p): the people a commune gives its member tasks to.
func (a *Access) OnCommittee(p UnitPath) bool {
	return a != nil && slices.ContainsFunc(a.grants, func(g grant) bool {
		return (g.kind == RoleCommune || g.kind == RoleDistrict) && p.Within(g.scope)
	})
}

// Reports reports whether the user reports values anywhere.
func (a *Access) Reports() bool { return a.any(grant.reporter) }

// coordinates reports whether the user is the coordination office of the
// province.
func (a *Access) coordinates(province string) bool {
	return a.any(func(g grant) bool { return g.kind == RoleCoordination && g.scope.Province == province })
}

// CanReview reports whether the user may confirm or return a value of the
// indicator (of criterion crit in set) for the unit at p: the coordination
// office for its province, a department for the indicators it leads there.
func (a *Access) CanReview(p UnitPath, set, crit, ind string) bool {
	return a.any(func(g grant) bool {
		if !p.Within(g.scope) {
			return false
		}
		return g.kind == RoleCoordination || g.kind == RoleDepartment && g.leads.Leads(g.agency, set, crit, ind)
	})
}

// OwnReport reports whether the user reported v: nobody confirms or
// returns their own report.
func (a *Access) OwnReport(v *Value) bool {
	return a != nil && a.Actor.PersonID != 0 && v.ReportedBy == a.Actor.PersonID
}

// Corrects reports whether v, a value of the unit at p sent back to be
// reported again, is the user's to correct: they reported it, or they
// report for that very unit as its own office (a commune account for its
// commune, a district account for the district's own criteria, the
// coordination office for the province's), not merely for a unit above it.
// The coordination office may report for every commune of its province,
// but what a commune reported and got back is the commune's turn.
func (a *Access) Corrects(p UnitPath, v *Value) bool {
	if !a.CanReport(p) {
		return false
	}
	return a.OwnReport(v) || a.any(func(g grant) bool { return g.reporter() && g.scope == p })
}

// CanDecide reports whether the user may confirm or return v, a value of
// criterion crit for the unit at p: a reviewer of the indicator who did not
// report it.
func (a *Access) CanDecide(p UnitPath, crit string, v *Value) bool {
	return a.CanReview(p, v.SetID, crit, v.IndicatorCode) && !a.OwnReport(v)
}

// Reviews reports whether the user reviews anything at all (and so has a
// review queue).
func (a *Access) Reviews() bool {
	return a.any(func(g grant) bool {
		return g.kind == RoleCoordination || g.kind == RoleDepartment && g.leads.LeadsAny(g.agency)
	})
}

// CanPlan reports whether the user may write plans and assignments for the
// unit at p: the coordination office of its province.
func (a *Access) CanPlan(p UnitPath) bool { return a.coordinates(p.Province) }

// CanMarkDone reports whether the user may mark an assignment of the unit
// at p, led by the agency lead, done or open it again: the coordination
// office of its province, and the lead department itself, which knows
// when its own work is finished. Supporting agencies may not.
func (a *Access) CanMarkDone(p UnitPath, lead int64) bool {
	return a.coordinates(p.Province) || lead != 0 && a.department(lead, p.Province)
}

// InProvince reports whether any of the user's scopes lies in the province:
// such a user may open the province's plans, guidance and approvals (and
// sees the rows of the units they read).
func (a *Access) InProvince(code string) bool {
	if a.CanReadNational() {
		return true // reads what a province's leaders read, everywhere
	}
	return a.any(func(g grant) bool { return g.scope.Province == code })
}

// department reports whether the user is an officer of agency in province.
func (a *Access) department(agency int64, province string) bool {
	return a.any(func(g grant) bool {
		return g.kind == RoleDepartment && g.agency == agency && g.scope.Province == province
	})
}

// CanDraftFor reports whether the user may draft and submit approval items
// prepared by agency, an agency of province: its own officers, and the
// coordination office for any agency of its province.
func (a *Access) CanDraftFor(agency int64, province string) bool {
	return a.coordinates(province) || a.department(agency, province)
}

// CanDraftApprovals reports whether the user drafts approval items in the
// province at all.
func (a *Access) CanDraftApprovals(province string) bool {
	return a.coordinates(province) || a.any(func(g grant) bool {
		return g.kind == RoleDepartment && g.scope.Province == province
	})
}

// CanSeeApproval reports whether the user sees item x, prepared by an
// agency of province: a draft stays with its agency and the coordination
// office until it is submitted; then everyone working in the province
// sees it.
func (a *Access) CanSeeApproval(x *Approval, province string) bool {
	if x.State == ApprovalDraft {
		return a.CanDraftFor(x.AgencyID, province)
	}
	return a.InProvince(province)
}

// CanDecideApproval reports whether the user records the Provincial
// People's Committee's decision on items of the province: its
// coordination office.
func (a *Access) CanDecideApproval(province string) bool { return a.coordinates(province) }

// CanMoveApproval reports whether the user may move item x of province to
// state to: submit it (its agency and the coordination office), or record
// the decision (the coordination office).
func (a *Access) CanMoveApproval(x *Approval, province string, to ApprovalState) bool {
	if to == ApprovalSubmitted {
		return a.CanDraftFor(x.AgencyID, province)
	}
	return a.CanDecideApproval(province)
}

// Publishes reports whether the user publishes guidance in the province at
// all: its coordination office, or an officer of a department that leads a
// criterion there.
func (a *Access) Publishes(province string) bool {
	return a.coordinates(province) || a.any(func(g grant) bool {
		return g.kind == RoleDepartment && g.scope.Province == province && g.leads.LeadsAny(g.agency)
	})
}

// ChoosesPublisher reports whether the user may publish guidance in the
// name of any agency of the province (the coordination office does).
func (a *Access) ChoosesPublisher(province string) bool { return a.coordinates(province) }

// CanPublish reports whether the user may publish guidance of a criterion
// or indicator whose lead is the agency lead (0: none), in the province:
// the coordination office for anything, a department for what it leads.
func (a *Access) CanPublish(province string, lead int64) bool {
	return a.coordinates(province) || lead != 0 && a.department(lead, province)
}

// CanReadAttachment reports whether the user may read attachment f, which
// values of the units at citing cite as evidence: its uploader, and
// whoever reads one of those units. (What else cites an attachment — a
// plan, a task, an approval item, a guidance document — serves it on its
// own route to whoever reads that thing.)
func (a *Access) CanReadAttachment(f *Attachment, citing []UnitPath) bool {
	if a == nil {
		return false
	}
	if a.system || (f.UploadedBy != 0 && f.UploadedBy == a.Actor.UserID) {
		return true
	}
	return slices.ContainsFunc(citing, a.CanRead)
}

// CanAudit reports whether the user reads the change log of the province:
// its coordination office, and administrators.
func (a *Access) CanAudit(province string) bool { return a.Admin() || a.coordinates(province) }

// AuditProvinces returns the provinces whose change log the user reads;
// all is true for an administrator, who reads every entry.
func (a *Access) AuditProvinces() (all bool, provinces []string) {
	if a.Admin() {
		return true, nil
	}
	for _, g := range a.grants {
		if g.kind == RoleCoordination && !slices.Contains(provinces, g.scope.Province) {
			provinces = append(provinces, g.scope.Province)
		}
	}
	return false, provinces
}
