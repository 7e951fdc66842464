package datchuan

import "slices"

// The permissions of the plan's follow-up: weekly reports, the obstacles
// register, site inspections, recognition dossiers and steering-committee
// meetings. They are methods of Access like the others (access.go); this
// file only keeps access.go short.

// SpeaksFor reports whether the user writes the weekly report of the
// agency attached to the unit at p: an officer of a department for it, a
// member of a district committee for its district's committee.
func (a *Access) SpeaksFor(ag *Agency, p UnitPath) bool {
	if ag == nil {
		return false
	}
	switch ag.Kind {
	case AgencyDepartment:
		return a.department(ag.ID, p.Province)
	case AgencyDistrictCommittee:
		return a.any(func(g grant) bool { return g.kind == RoleDistrict && g.scope == p })
	}
	return false
}

// CanRunRounds reports whether the user opens and closes the province's
// rounds of weekly reports, returns reports and issues the synthesis: the
// coordination office.
func (a *Access) CanRunRounds(province string) bool { return a.coordinates(province) }

// CanSeeRounds reports whether the user sees every report of the
// province's rounds and their synthesis: the coordination office and the
// province's leaders. A reporter sees its own reports (SpeaksFor).
func (a *Access) CanSeeRounds(province string) bool {
	if a.CanReadNational() {
		return true
	}
	return a.any(func(g grant) bool {
		return (g.kind == RoleCoordination || g.kind == RoleLeader) && g.scope.Province == province
	})
}

// CanRaiseObstacle reports whether the user may write an obstacle of the
// unit at p into the register: whoever reports for it, a department of its
// province, the coordination office.
func (a *Access) CanRaiseObstacle(p UnitPath) bool {
	return a.CanReport(p) || a.any(func(g grant) bool {
		return g.kind == RoleDepartment && g.scope.Province == p.Province
	})
}

// CanWorkObstacle reports whether the user may move an obstacle of the
// unit at p owned by the agency owner: its owner's officers, the district
// committee of the unit's district for what it owns, the coordination
// office.
func (a *Access) CanWorkObstacle(p UnitPath, owner *Agency) bool {
	if a.coordinates(p.Province) {
		return true
	}
	if owner == nil {
		return false
	}
	if owner.Kind == AgencyDistrictCommittee {
		return a.any(func(g grant) bool { return g.kind == RoleDistrict && p.Within(g.scope) })
	}
	return a.department(owner.ID, p.Province)
}

// InspectsIn reports whether the user plans site inspections in the
// province at all: its coordination office, and the officers of its
// departments (for the inspections their department carries out).
func (a *Access) InspectsIn(province string) bool {
	return a.coordinates(province) || a.any(func(g grant) bool {
		return g.kind == RoleDepartment && g.scope.Province == province
	})
}

// CanInspect reports whether the user plans, records and edits an
// inspection of the province carried out by the agency: the coordination
// office for any, a department for its own.
func (a *Access) CanInspect(province string, agency int64) bool {
	return a.coordinates(province) || agency != 0 && a.department(agency, province)
}

// ChoosesInspector reports whether the user may name any agency of the
// province as the inspecting one (the coordination office does; a
// department plans only its own inspections).
func (a *Access) ChoosesInspector(province string) bool { return a.coordinates(province) }

// CanSeeInspection reports whether the user reads an inspection of the
// province visiting the units at visited: whoever reads the whole
// province, and the committees and officers of a unit visited (or of a
// commune within a district visited).
func (a *Access) CanSeeInspection(province string, visited []UnitPath) bool {
	if a.CanRead(UnitPath{Province: province}) {
		return true
	}
	return a.any(func(g grant) bool {
		return slices.ContainsFunc(visited, func(p UnitPath) bool { return p.Within(g.scope) || g.scope.Within(p) })
	})
}

// CanKeepDossiers reports whether the user keeps the province's
// recognition dossiers: edits their templates, makes a target's dossier,
// sets who prepares each paper and by when, and records the communes'
// recognition decisions. The coordination office of the province does.
func (a *Access) CanKeepDossiers(province string) bool { return a.coordinates(province) }

// CanWorkDossierItem reports whether the user may update a paper (its
// state, files, notes, posting date) of the dossier of the district at p,
// which the agency owner (nil: nobody yet), an agency of the unit at
// ownerPath, prepares: the coordination office of the province; the
// district's own users for a paper of one of the district's agencies (its
// people's committee, its steering committee); a department's officers
// for the papers it prepares.
func (a *Access) CanWorkDossierItem(p UnitPath, owner *Agency, ownerPath UnitPath) bool {
	if a.coordinates(p.Province) {
		return true
	}
	if owner == nil {
		return false
	}
	if ownerPath == p && p.District != "" {
		return a.any(func(g grant) bool { return g.kind == RoleDistrict && p.Within(g.scope) })
	}
	return owner.Kind == AgencyDepartment && a.department(owner.ID, p.Province)
}

// CanRunMeetings reports whether the user runs the weekly steering-
// committee meetings of the unit at p (a district, or a province): plans
// them, records them, turns their decisions into work. A district's
// committee runs its own; the coordination office runs the province's and
// any district's of its province.
func (a *Access) CanRunMeetings(p UnitPath) bool {
	if a.coordinates(p.Province) {
		return true
	}
	return p.District != "" && p.Commune == "" && a.any(func(g grant) bool { return g.kind == RoleDistrict && g.scope == p })
}

// CanSeeMeetings reports whether the user reads the meetings of the unit
// at p: who runs them, and the province's own officers (the coordination
// office, the departments, the leaders). Another district's committee and
// the communes do not.
func (a *Access) CanSeeMeetings(p UnitPath) bool {
	if a.CanReadNational() {
		return true
	}
	return a.CanRunMeetings(p) || a.any(func(g grant) bool {
		return g.scope.Province == p.Province && g.scope.District == "" && g.scope.Commune == ""
	})
}

// CanReadNational reports whether the user reads the national page (every
// province's figures) and, read-only, every unit of the country: the
// central coordination office, and the program itself.
func (a *Access) CanReadNational() bool { return a != nil && (a.national || a.system) }
