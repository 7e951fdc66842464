package rollup

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

// TargetBlockers is what still blocks a target, each blocker with who must
// lift it and by when.
type TargetBlockers struct {
	Target  *datchuan.Target `json:"target"`
	Unit    *datchuan.Unit   `json:"unit"`
	On      datchuan.Date    `json:"on"`
	SetID   string           `json:"set_id"`
	SetName string           `json:"set_name"`
	SetEn   string           `json:"-"`
	Meets   bool             `json:"meets"`
	// Evaluated is false when the target could not be measured on the date
	// (a district with another NTM target, a unit out of its set's period).
	Evaluated bool      `json:"evaluated"`
	Count     int       `json:"count"`
	Blockers  []Blocker `json:"blockers"`
}

// Blocker is one thing that keeps a target from being met, named for
// people, with its lead department and its owner.
type Blocker struct {
	Unit          *datchuan.Unit `json:"unit"`
	SetID         string         `json:"set_id,omitempty"`
	Tier          datchuan.Tier  `json:"tier"`
	CriterionCode string         `json:"criterion_code,omitempty"`
	CriterionVi   string         `json:"criterion_name,omitempty"`
	CriterionEn   string         `json:"-"`
	IndicatorCode string         `json:"indicator_code,omitempty"`
	IndicatorVi   string         `json:"indicator_name,omitempty"`
	IndicatorEn   string         `json:"-"`
	ConditionCode string         `json:"condition_code,omitempty"`
	ConditionVi   string         `json:"condition_text,omitempty"`
	ConditionEn   string         `json:"-"`
	// Progress of a share condition: "4/13 (30,77%)".
	Progress   string              `json:"progress,omitempty"`
	Status     status.Status       `json:"status"`
	State      datchuan.ValueState `json:"value_state,omitempty"` // "" when no value
	Value      *datchuan.Value     `json:"value,omitempty"`
	Lead       *AgencyRef          `json:"lead,omitempty"`
	Supporting []AgencyRef         `json:"supporting"`
	// Owner is who must lift the blocker: the lead of the unit's assignment
	// (an indicator's beats its criterion's), else the standing lead
	// (OwnerGeneral, "phân công chung"). Deadline is the assignment's.
	Owner         *AgencyRef    `json:"owner,omitempty"`
	OwnerGeneral  bool          `json:"owner_general"`
	OwnerSupports []AgencyRef   `json:"owner_supporting,omitempty"`
	AssignmentID  int64         `json:"assignment_id,omitempty"`
	Deadline      datchuan.Date `json:"deadline,omitzero"`
	Overdue       bool          `json:"overdue"`
}

// Who is the owner of a blocker for pages: the assignment's lead, else the
// standing lead.
func (b Blocker) Who() *AgencyRef {
	if b.Owner != nil {
		return b.Owner
	}
	return b.Lead
}

// Supports are the supporting agencies beside Who.
func (b Blocker) Supports() []AgencyRef {
	if b.AssignmentID != 0 {
		return b.OwnerSupports
	}
	return b.Supporting
}

// AgencyRef names an agency for pages.
type AgencyRef struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	ShortName string `json:"short_name"`
	Name      string `json:"name"`
}

// Blockers lists what blocks target t (of unit u) on the asked date (zero:
// the day u's page shows), grouped by unit: the target's own unit first,
// then the others in Vietnamese order. The caller has checked that the
// viewer reads u.
func (s *Service) Blockers(ctx context.Context, t *datchuan.Target, u *datchuan.Unit, on datchuan.Date) (*TargetBlockers, error) {
	set, err := s.Sets.Set(t.SetID)
	if err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = u.ViewDay(s.Today) // the target's own unit version: a later unit may reuse its code
	}
	if !u.ValidOn(on) {
		return nil, datchuan.Errorf(datchuan.EINVALID, "%s không tồn tại vào ngày %s (the unit did not exist on that date)", u.Name, on.VN())
	}
	out := &TargetBlockers{Target: t, Unit: u, On: on, SetID: set.ID, SetName: set.NameVi, SetEn: cmp.Or(set.NameEn, set.NameVi)}
	found, err := s.targetResult(ctx, t, u, set, on, out)
	if err != nil {
		return nil, err
	}
	names, err := s.names(ctx, u, on)
	if err != nil {
		return nil, err
	}
	for _, b := range found.blockers {
		row, err := s.blocker(ctx, b, found.units, set, names)
		if err != nil {
			return nil, err
		}
		if b.UnitID == u.ID {
			row.Progress = found.progress[b.ConditionCode]
		}
		out.Blockers = append(out.Blockers, row)
	}
	if err := s.addOwners(ctx, out.Blockers, names); err != nil {
		return nil, err
	}
	out.Count = len(out.Blockers)
	sortBlockers(out.Blockers, u.ID)
	if out.Blockers == nil {
		out.Blockers = []Blocker{}
	}
	return out, nil
}

// found is a target's result: its blockers, the units they name, and the
// progress of the district's share conditions.
type found struct {
	blockers []status.Blocker
	units    map[int64]*datchuan.Unit
	progress map[string]string
}

// targetResult measures the target: a district NTM target through the
// district rollup, any other target on the unit's own criteria.
func (s *Service) targetResult(ctx context.Context, t *datchuan.Target, u *datchuan.Unit, set *datchuan.CriteriaSet, on datchuan.Date, out *TargetBlockers) (found, error) {
	f := found{units: map[int64]*datchuan.Unit{u.ID: u}, progress: map[string]string{}}
	if set.Tier == datchuan.TierDistrictNTM && u.Level == datchuan.LevelDistrict {
		d, err := s.district(ctx, u, on)
		if err != nil {
			return f, err
		}
		if d.Result != nil && d.Target != nil && d.Target.ID == t.ID {
			f.blockers, out.Meets, out.Evaluated = d.Result.Blockers(), d.Result.Meets, true
			for _, c := range d.Communes {
				f.units[c.Unit.ID] = c.Unit
			}
			for _, c := range d.Result.Conditions {
				if c.Kind != datchuan.CondBoolean {
					f.progress[c.Code] = strconv.Itoa(c.Met) + "/" + strconv.Itoa(c.Total) + " (" + datchuan.FormatNumber(c.Percent) + "%)"
				}
			}
			return f, nil
		}
	}
	// Any other target, or a district target the district rollup does not
	// take (another NTM district target): the unit's own criteria.
	sts, err := s.UnitOn(ctx, u, on)
	if err != nil {
		return f, err
	}
	for _, st := range sts {
		if st.Target != nil && st.Target.ID == t.ID && st.Result != nil {
			f.blockers, out.Meets, out.Evaluated = st.Result.Blockers(), st.Result.Meets, true
		}
	}
	return f, nil
}

// sortBlockers keeps the engine's order within a unit and puts the units
// in order: the target's own unit, then the others by Vietnamese name.
func sortBlockers(rows []Blocker, first int64) {
	names := datchuan.CompareNames()
	slices.SortStableFunc(rows, func(x, y Blocker) int {
		a, b := x.Unit, y.Unit
		switch {
		case a.ID == b.ID:
			return 0
		case a.ID == first:
			return -1
		case b.ID == first:
			return 1
		}
		if k := names(a.Name, b.Name); k != 0 {
			return k
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

func (s *Service) blocker(ctx context.Context, b status.Blocker, units map[int64]*datchuan.Unit, target *datchuan.CriteriaSet, names *agencyNames) (Blocker, error) {
	u := units[b.UnitID]
	if u == nil {
		var err error
		if u, err = s.Tree.Unit(ctx, b.UnitID); err != nil {
			return Blocker{}, err
		}
		units[u.ID] = u
	}
	row := Blocker{
		Unit: u, SetID: b.SetID, Tier: b.Tier, CriterionCode: b.CriterionCode, IndicatorCode: b.IndicatorCode,
		ConditionCode: b.ConditionCode, Status: b.Status, Value: b.Value, Supporting: []AgencyRef{},
	}
	set := target
	if b.SetID != "" && b.SetID != target.ID {
		if s2, err := s.Sets.Set(b.SetID); err == nil {
			set = s2
		}
	}
	if b.IndicatorCode != "" {
		if ind, c := set.Indicator(b.IndicatorCode); ind != nil {
			row.IndicatorVi, row.IndicatorEn = ind.NameVi, cmp.Or(ind.NameEn, ind.NameVi)
			row.CriterionVi, row.CriterionEn = c.NameVi, cmp.Or(c.NameEn, c.NameVi)
		}
	}
	for _, c := range set.Conditions {
		if b.ConditionCode != "" && c.Code == b.ConditionCode {
			row.ConditionVi, row.ConditionEn = c.TextVi, cmp.Or(c.TextEn, c.TextVi)
		}
	}
	if b.Value != nil {
		row.State = b.Value.State
	}
	if b.SetID != "" && b.CriterionCode != "" {
		if lead := names.book.Lead(b.SetID, b.CriterionCode, b.IndicatorCode); lead != 0 {
			ref, err := names.ref(ctx, lead)
			if err != nil {
				return row, err
			}
			row.Lead = &ref
		}
		var err error
		if row.Supporting, err = names.refs(ctx, names.book.Supports(b.SetID, b.CriterionCode, b.IndicatorCode)); err != nil {
			return row, err
		}
	}
	return row, nil
}

// agencyNames names the agencies of one province's blockers, each looked
// up once, beside the province's lead book.
type agencyNames struct {
	s     *Service
	book  *datchuan.LeadBook
	known map[int64]*datchuan.Agency
}

func (s *Service) names(ctx context.Context, u *datchuan.Unit, on datchuan.Date) (*agencyNames, error) {
	p, err := s.Tree.Path(ctx, u)
	if err != nil {
		return nil, err
	}
	prov, _, err := s.Tree.Resolve(ctx, datchuan.LevelProvince, p.Province, on)
	if err != nil {
		return nil, err
	}
	leads, err := s.Agencies.Leads(ctx, prov.ID, "")
	if err != nil {
		return nil, err
	}
	n := &agencyNames{s: s, book: datchuan.NewLeadBook(leads), known: map[int64]*datchuan.Agency{}}
	if ids := n.book.Agencies(); len(ids) > 0 {
		as, err := s.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{IDs: ids})
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			n.known[a.ID] = a
		}
	}
	return n, nil
}

// ref names an agency; one that cannot be found shows as its number.
func (n *agencyNames) ref(ctx context.Context, id int64) (AgencyRef, error) {
	a, ok := n.known[id]
	if !ok {
		var err error
		a, err = n.s.Agencies.Agency(ctx, id)
		if err != nil && datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
			return AgencyRef{}, err
		}
		n.known[id] = a
	}
	if a == nil {
		return AgencyRef{ID: id, ShortName: "#" + strconv.FormatInt(id, 10)}, nil
	}
	return AgencyRef{ID: a.ID, Code: a.Code, ShortName: cmp.Or(a.ShortName, a.Name), Name: a.Name}, nil
}

func (n *agencyNames) refs(ctx context.Context, ids []int64) ([]AgencyRef, error) {
	out := []AgencyRef{}
	for _, id := range ids {
		r, err := n.ref(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// addOwners gives each blocker of a criterion its owner and deadline: the
// unit's assignment for the indicator, else for the criterion, else the
// standing lead with no deadline.
func (s *Service) addOwners(ctx context.Context, rows []Blocker, names *agencyNames) error {
	type key struct {
		unit           int64
		set, crit, ind string
	}
	bySet := map[string][]int64{}
	for _, row := range rows {
		if row.SetID != "" && row.CriterionCode != "" {
			bySet[row.SetID] = append(bySet[row.SetID], row.Unit.ID)
		}
	}
	assigned := map[key]*datchuan.Assignment{}
	for setID, ids := range bySet {
		if s.Plans == nil {
			break
		}
		as, err := s.Plans.Assignments(ctx, datchuan.AssignmentFilter{UnitIDs: ids, SetID: setID})
		if err != nil {
			return err
		}
		for _, a := range as {
			assigned[key{a.UnitID, a.SetID, a.CriterionCode, a.IndicatorCode}] = a
		}
	}
	for i := range rows {
		row := &rows[i]
		if row.SetID == "" || row.CriterionCode == "" {
			continue
		}
		a := assigned[key{row.Unit.ID, row.SetID, row.CriterionCode, row.IndicatorCode}]
		if a == nil {
			a = assigned[key{row.Unit.ID, row.SetID, row.CriterionCode, ""}]
		}
		if a == nil {
			row.Owner, row.OwnerGeneral, row.OwnerSupports = row.Lead, row.Lead != nil, row.Supporting
			continue
		}
		owner, err := names.ref(ctx, a.LeadID)
		if err != nil {
			return err
		}
		row.Owner, row.AssignmentID, row.Deadline, row.Overdue = &owner, a.ID, a.Deadline, a.Overdue(s.Today)
		if row.OwnerSupports, err = names.refs(ctx, a.SupportIDs); err != nil {
			return err
		}
	}
	return nil
}
