package service

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
)

// The obstacles and recommendations register (datchuan.Obstacle): raised
// by whoever reports for a unit, a department or the coordination office;
// moved by its owner or the office.

// ObstacleInput is the raise form as typed.
type ObstacleInput struct {
	Unit                      string // a unit code
	SetID, Criterion          string
	Indicator                 string // of the criterion, or ""
	Title, Detail, Owner, Due string
	Source                    datchuan.ObstacleSource
	SourceID                  int64
}

// RaiseObstacle writes an obstacle of a unit of the province into the
// register, open.
func (s *Service) RaiseObstacle(ctx context.Context, c Caller, provCode string, in ObstacleInput) (*datchuan.Obstacle, error) {
	prov, err := s.CallerProvince(ctx, c, provCode)
	if err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	o := &datchuan.Obstacle{ProvinceID: prov.ID, Title: strings.TrimSpace(in.Title), Detail: strings.TrimSpace(in.Detail),
		State: datchuan.ObstacleOpen, Source: in.Source, SourceID: in.SourceID, RaisedBy: c.Actor.UserID, RaisedAt: s.cfg.Now()}
	if o.Source == "" {
		o.Source = datchuan.FromDirect
	}
	u, path, err := s.obstacleUnit(ctx, c, prov, in.Unit)
	if err != nil {
		p.Add(datchuan.FieldUnits, "Không có đơn vị mã %q trong tỉnh (no such unit in the province)", in.Unit)
	} else {
		if err := c.CheckRaiseObstacle(path); err != nil {
			return nil, err
		}
		o.UnitID = u.ID
	}
	if in.Criterion != "" {
		if cs, err := s.cfg.Sets.Set(in.SetID); err == nil && cs.Criterion(in.Criterion) != nil {
			o.SetID, o.CriterionCode = cs.ID, in.Criterion
			if crit, ind, ok := cs.Link(in.Indicator); ok && ind != "" && crit == in.Criterion {
				o.IndicatorCode = ind
			}
		} else {
			p.Add(datchuan.FieldCriteria, "Chọn tiêu chí trong danh sách (choose a criterion)")
		}
	}
	ags, err := s.Owners(ctx, c, prov)
	if err != nil {
		return nil, err
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(in.Owner), 10, 64); err == nil && ags[id] != nil {
		o.OwnerID = id
	}
	o.Due = p.ParseDate(datchuan.FieldDue, in.Due, false)
	if err := p.Check(o.Validate()); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Obstacles.RaiseObstacle(ctx, o) },
		func() (*datchuan.Change, error) {
			return place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActObstacleRaise, "obstacle", o.ID,
				"Ghi vướng mắc của "+u.Name+": "+o.Title, nil, o), u)
		})
	return o, err
}

// Owners are the agencies an obstacle of the province may be given to:
// the province's own (departments, the coordination office) and its
// districts' steering committees.
func (s *Service) Owners(ctx context.Context, c Caller, prov *datchuan.Unit) (map[int64]*datchuan.Agency, error) {
	out, err := s.Agencies(ctx, c, prov.Code)
	if err != nil {
		return nil, err
	}
	districts, err := c.Tree.Children(ctx, prov, s.Today())
	if err != nil {
		return nil, err
	}
	for _, d := range districts {
		as, err := s.cfg.Stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{UnitID: d.ID, Kind: datchuan.AgencyDistrictCommittee})
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			out[a.ID] = a
		}
	}
	return out, nil
}

// obstacleUnit resolves a unit code of the province, as of today.
func (s *Service) obstacleUnit(ctx context.Context, c Caller, prov *datchuan.Unit, code string) (*datchuan.Unit, datchuan.UnitPath, error) {
	code = strings.TrimSpace(code)
	for _, level := range []datchuan.Level{datchuan.LevelCommune, datchuan.LevelDistrict, datchuan.LevelProvince} {
		u, _, err := c.Tree.Resolve(ctx, level, code, s.Today())
		if err != nil {
			continue
		}
		path, err := c.Tree.Path(ctx, u)
		if err != nil || path.Province != prov.Code {
			break
		}
		return u, path, nil
	}
	return nil, datchuan.UnitPath{}, datchuan.Errorf(datchuan.ENOTFOUND, "no such unit")
}

// MoveObstacle moves an obstacle to state to, as of the version the page
// showed; resolving it needs a note of how.
func (s *Service) MoveObstacle(ctx context.Context, c Caller, id int64, version int, to datchuan.ObstacleState, resolution string) (*datchuan.Obstacle, error) {
	o, err := s.cfg.Stores.Obstacles.Obstacle(ctx, id)
	if err != nil {
		return nil, err
	}
	u, path, err := c.Tree.Place(ctx, o.UnitID)
	if err != nil {
		return nil, err
	}
	owner, err := s.cfg.Stores.Agencies.Agency(ctx, o.OwnerID)
	if err != nil {
		return nil, err
	}
	if err := c.CheckWorkObstacle(path, owner); err != nil {
		return nil, err
	}
	if err := sameVersion(o.Version, version, "Vướng mắc", "the obstacle"); err != nil {
		return nil, err
	}
	if !o.State.CanMoveTo(to) {
		return nil, datchuan.Errorf(datchuan.ECONFLICT, "Vướng mắc đang ở trạng thái %s, không chuyển sang %s được (cannot move from %s to %s)",
			o.State.LabelVi(), to.LabelVi(), o.State.LabelEn(), to.LabelEn())
	}
	before := *o
	o.State, o.UpdatedAt = to, s.cfg.Now()
	switch to {
	case datchuan.ObstacleResolved:
		o.Resolution, o.ResolvedAt = strings.TrimSpace(resolution), o.UpdatedAt
	case datchuan.ObstacleOpen: // reopened: the old resolution stays in the change log
		o.Resolution, o.ResolvedAt = "", time.Time{}
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Obstacles.UpdateObstacle(ctx, o) },
		func() (*datchuan.Change, error) {
			return place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActObstacleMove, "obstacle", o.ID,
				"Vướng mắc của "+u.Name+": "+before.State.LabelVi()+" → "+to.LabelVi(), &before, o), u)
		})
	return o, err
}

// ObstacleRow is an obstacle with what a page names.
type ObstacleRow struct {
	*datchuan.Obstacle
	Unit      *datchuan.Unit
	Owner     *datchuan.Agency
	Criterion string // its name
	Works     bool   // the caller may move it
	Link      string // its row in the province's register
	// SourceLink is the page of the meeting, inspection or unit it was
	// raised from; "" when there is none to show.
	SourceLink string
}

// Register lists the province's obstacles the caller reads (those of the
// units in their scopes; every one for the province's offices), the open
// ones first, with states to keep (nil: all).
func (s *Service) Register(ctx context.Context, c Caller, provCode string, states []datchuan.ObstacleState) (*datchuan.Unit, []ObstacleRow, error) {
	prov, err := s.CallerProvince(ctx, c, provCode)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.cfg.Stores.Obstacles.Obstacles(ctx, datchuan.ObstacleFilter{ProvinceID: prov.ID, States: states})
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.obstacleRows(ctx, c, list)
	return prov, rows, err
}

// obstacleRows names the obstacles the caller may read.
func (s *Service) obstacleRows(ctx context.Context, c Caller, list []*datchuan.Obstacle) ([]ObstacleRow, error) {
	owners := map[int64]*datchuan.Agency{}
	var out []ObstacleRow
	for _, o := range list {
		u, path, err := c.Tree.Place(ctx, o.UnitID)
		if err != nil {
			return nil, err
		}
		if !c.CanRead(path) && !c.CanRaiseObstacle(path) {
			continue
		}
		if owners[o.OwnerID] == nil {
			if owners[o.OwnerID], err = s.cfg.Stores.Agencies.Agency(ctx, o.OwnerID); err != nil {
				return nil, err
			}
		}
		row := ObstacleRow{Obstacle: o, Unit: u, Owner: owners[o.OwnerID], Works: c.CanWorkObstacle(path, owners[o.OwnerID]),
			Link: "/tinh/" + path.Province + "/vuong-mac#o-" + strconv.FormatInt(o.ID, 10)}
		if o.CriterionCode != "" {
			row.Criterion = datchuan.CriterionName(s.cfg.Sets, o.SetID, o.CriterionCode)
		}
		row.SourceLink = sourceLink(o, u)
		out = append(out, row)
	}
	return out, nil
}

// sourceLink is the page an obstacle of unit u was raised from.
func sourceLink(o *datchuan.Obstacle, u *datchuan.Unit) string {
	id := strconv.FormatInt(o.SourceID, 10)
	switch {
	case o.SourceID == 0:
		return ""
	case o.Source == datchuan.FromInspection:
		return "/kiem-tra/" + id
	case o.Source == datchuan.FromMeeting:
		return "/hop/" + id
	case o.Source == datchuan.FromValue:
		return "/don-vi/" + u.Code
	}
	return ""
}

// OpenObstaclesOf lists the open obstacles of units the caller reads:
// what the blockers page shows beside each unmet item.
func (s *Service) OpenObstaclesOf(ctx context.Context, c Caller, unitIDs []int64) ([]ObstacleRow, error) {
	list, err := s.cfg.Stores.Obstacles.Obstacles(ctx, datchuan.ObstacleFilter{UnitIDs: unitIDs,
		States: []datchuan.ObstacleState{datchuan.ObstacleOpen, datchuan.ObstacleInProgress, datchuan.ObstacleEscalated}})
	if err != nil {
		return nil, err
	}
	return s.obstacleRows(ctx, c, list)
}

// RaiseFromReport writes the difficulty the agency's sent report gives
// criterion item i into the register, in one action: its first line the
// title, the rest with the causes and proposals the detail, owned by the
// agency that reported it, about the agency's district (a district
// committee) or the province (a department, whose criteria span units).
// The report's writers and the coordination office may; a difficulty
// already in the register is ECONFLICT.
func (s *Service) RaiseFromReport(ctx context.Context, c Caller, roundID, agencyID int64, i int) (*datchuan.Obstacle, error) {
	f, err := s.ReportFormFor(ctx, c, roundID, agencyID)
	if err != nil {
		return nil, err
	}
	path, err := s.agencyPath(ctx, c, f.Agency)
	if err != nil {
		return nil, err
	}
	if !c.SpeaksFor(f.Agency, path) && !c.CanRunRounds(f.Province.Code) {
		return nil, c.CheckSpeaksFor(f.Agency, path)
	}
	rep := f.Report
	if !rep.Submitted() || i < 0 || i >= len(rep.Items) || strings.TrimSpace(rep.Items[i].Difficulties) == "" {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Báo cáo chưa gửi hoặc tiêu chí này không có khó khăn để ghi (nothing sent to raise)")
	}
	it := rep.Items[i]
	dup, err := s.cfg.Stores.Obstacles.Obstacles(ctx, datchuan.ObstacleFilter{ProvinceID: f.Province.ID, SetID: it.SetID, Criterion: it.CriterionCode})
	if err != nil {
		return nil, err
	}
	for _, o := range dup {
		if o.Source == datchuan.FromReport && o.SourceID == rep.ID {
			return nil, datchuan.Errorf(datchuan.ECONFLICT, "Khó khăn này đã được ghi vào danh sách vướng mắc (already in the register)")
		}
	}
	title, rest, _ := strings.Cut(strings.TrimSpace(it.Difficulties), "\n")
	if r := []rune(title); len(r) > datchuan.MaxTitle {
		title, rest = string(r[:datchuan.MaxTitle-1])+"…", it.Difficulties
	}
	detail := strings.TrimSpace(strings.TrimSpace(rest) + "\n" + datchuan.Explained(it.Causes, it.Proposals))
	unit := f.Province.Code
	if f.Agency.Kind == datchuan.AgencyDistrictCommittee {
		unit = path.District
	}
	return s.RaiseObstacle(ctx, c, f.Province.Code, ObstacleInput{Unit: unit, SetID: it.SetID, Criterion: it.CriterionCode,
		Title: title, Detail: detail, Owner: strconv.FormatInt(f.Agency.ID, 10), Source: datchuan.FromReport, SourceID: rep.ID})
}

// Escalated lists the obstacles sent up to the province that the caller
// carries: the coordination office of each of its provinces.
func (s *Service) Escalated(ctx context.Context, c Caller) ([]ObstacleRow, error) {
	var out []ObstacleRow
	seen := map[string]bool{}
	for _, scope := range c.Scopes() {
		if seen[scope.Province] || !c.CanRunRounds(scope.Province) {
			continue
		}
		seen[scope.Province] = true
		prov, err := s.CallerProvince(ctx, c, scope.Province)
		if err != nil {
			return nil, err
		}
		list, err := s.cfg.Stores.Obstacles.Obstacles(ctx, datchuan.ObstacleFilter{ProvinceID: prov.ID, States: []datchuan.ObstacleState{datchuan.ObstacleEscalated}})
		if err != nil {
			return nil, err
		}
		rows, err := s.obstacleRows(ctx, c, list)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}
