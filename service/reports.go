package service

import (
	"context"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/weekly"
)

// Weekly reports (datchuan.Report): each expected reporter writes one per
// round, prefilled from the data; a draft is saved as often as wanted,
// each submission is a revision, and the coordination office may return a
// submitted report with a reason.

// ReportForm is what a reporter's report page shows: the round, the
// report as stored (or a new draft), and one line per criterion the
// reporter leads or covers, measured now and at the previous round.
type ReportForm struct {
	Round    *datchuan.Round
	Plan     *datchuan.Plan
	Province *datchuan.Unit
	Agency   *datchuan.Agency
	Report   *datchuan.Report // ID 0: not saved yet
	Lines    []weekly.Line    // Items[i] is written about Lines[i]
	Previous *datchuan.Round  // nil: the first round of the plan
	Writes   bool             // the caller writes this report
	Returns  bool             // the caller may return it
}

// ReportFormFor prepares an agency's report of a round, for a caller who
// writes it or reads the province's reports.
func (s *Service) ReportFormFor(ctx context.Context, c Caller, roundID, agencyID int64) (*ReportForm, error) {
	r, pl, prov, err := s.RoundFor(ctx, c, roundID)
	if err != nil {
		return nil, err
	}
	if !r.Expects(agencyID) {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Cơ quan này không phải báo cáo trong đợt này (the agency does not report in this round)")
	}
	ag, err := s.cfg.Stores.Agencies.Agency(ctx, agencyID)
	if err != nil {
		return nil, err
	}
	p, err := s.agencyPath(ctx, c, ag)
	if err != nil {
		return nil, err
	}
	f := &ReportForm{Round: r, Plan: pl, Province: prov, Agency: ag, Writes: c.SpeaksFor(ag, p), Returns: c.CanRunRounds(prov.Code)}
	if !f.Writes && !c.CanSeeRounds(prov.Code) {
		return nil, c.CheckSpeaksFor(ag, p)
	}
	if f.Report, err = s.reportOf(ctx, r, ag.ID); err != nil {
		return nil, err
	}
	if f.Lines, f.Previous, err = s.reportLines(ctx, c, r, pl, ag); err != nil {
		return nil, err
	}
	f.Report.Items = alignItems(f.Report.Items, f.Lines)
	return f, nil
}

// agencyPath places an agency's unit in the hierarchy.
func (s *Service) agencyPath(ctx context.Context, c Caller, ag *datchuan.Agency) (datchuan.UnitPath, error) {
	u, err := c.Tree.Unit(ctx, ag.UnitID)
	if err != nil {
		return datchuan.UnitPath{}, err
	}
	return c.Tree.Path(ctx, u)
}

// reportOf is the agency's report of the round with its revisions, or a
// new draft.
func (s *Service) reportOf(ctx context.Context, r *datchuan.Round, agencyID int64) (*datchuan.Report, error) {
	reps, err := s.cfg.Stores.Rounds.Reports(ctx, datchuan.ReportFilter{RoundIDs: []int64{r.ID}, AgencyIDs: []int64{agencyID}})
	if err != nil {
		return nil, err
	}
	if len(reps) == 0 {
		return &datchuan.Report{RoundID: r.ID, AgencyID: agencyID, State: datchuan.ReportDraft}, nil
	}
	return s.cfg.Stores.Rounds.Report(ctx, reps[0].ID)
}

// alignItems orders what was written by the lines: one item per line, an
// empty one where nothing was written yet. An item of a criterion that is
// no longer the reporter's is kept at the end, so that nothing written is
// lost.
func alignItems(items []datchuan.ReportItem, lines []weekly.Line) []datchuan.ReportItem {
	out := make([]datchuan.ReportItem, len(lines))
	used := make([]bool, len(items))
	for i, l := range lines {
		out[i] = datchuan.ReportItem{SetID: l.SetID, CriterionCode: l.Criterion}
		for j, it := range items {
			if !used[j] && it.SetID == l.SetID && it.CriterionCode == l.Criterion {
				out[i], used[j] = it, true
				break
			}
		}
	}
	for j, it := range items {
		if !used[j] && !it.Empty() {
			out = append(out, it)
		}
	}
	return out
}

// reportLines measures what the agency leads (a department: the criteria
// of its assignments in the plan) or covers (a district committee: its
// district and communes) now and at the previous round.
func (s *Service) reportLines(ctx context.Context, c Caller, r *datchuan.Round, pl *datchuan.Plan, ag *datchuan.Agency) ([]weekly.Line, *datchuan.Round, error) {
	now, err := s.statusIndex(ctx, c, pl, s.cfg.Now())
	if err != nil {
		return nil, nil, err
	}
	prev, before, err := s.previous(ctx, c, r, pl)
	if err != nil {
		return nil, nil, err
	}
	scopes, err := s.agencyScopes(ctx, c, pl, ag)
	if err != nil {
		return nil, nil, err
	}
	return weekly.Measure(scopes, now, before), prev, nil
}

// previous is the round before r — the last closed round of the plan due
// before r — and the statuses it kept. Without one, the statuses a week
// before r's deadline stand in.
func (s *Service) previous(ctx context.Context, c Caller, r *datchuan.Round, pl *datchuan.Plan) (*datchuan.Round, weekly.Index, error) {
	rounds, err := s.cfg.Stores.Rounds.Rounds(ctx, datchuan.RoundFilter{PlanIDs: []int64{pl.ID}, Closed: true})
	if err != nil {
		return nil, nil, err
	}
	for _, o := range rounds { // latest first
		if o.ID != r.ID && o.Deadline.Before(r.Deadline) {
			rows, err := s.cfg.Stores.Snapshots.Snapshots(ctx, datchuan.SnapshotFilter{RoundIDs: []int64{o.ID}})
			if err != nil {
				return nil, nil, err
			}
			return o, weekly.FromSnapshots(rows), nil
		}
	}
	x, err := s.statusIndex(ctx, c, pl, r.Deadline.AddDate(0, 0, -7))
	return nil, x, err
}

// agencyScopes are the scopes an agency answers for in a plan.
func (s *Service) agencyScopes(ctx context.Context, c Caller, pl *datchuan.Plan, ag *datchuan.Agency) ([]weekly.Scope, error) {
	if ag.Kind == datchuan.AgencyDistrictCommittee {
		u, err := c.Tree.Unit(ctx, ag.UnitID)
		if err != nil {
			return nil, err
		}
		ds, err := s.rollup(c, s.Today()).District(ctx, u.Code, s.Today())
		if err != nil {
			return nil, err
		}
		return weekly.DistrictScopes(ds, s.cfg.Sets), nil
	}
	as, err := s.cfg.Stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{PlanID: pl.ID, AgencyIDs: []int64{ag.ID}})
	if err != nil {
		return nil, err
	}
	units := map[int64]*datchuan.Unit{}
	for _, a := range as {
		if units[a.UnitID] == nil {
			u, err := c.Tree.Unit(ctx, a.UnitID)
			if err != nil {
				return nil, err
			}
			units[a.UnitID] = u
		}
	}
	return weekly.AssignedScopes(as, ag.ID, units, s.cfg.Sets), nil
}

// ReportInput is the report form as typed: the version it was opened at,
// the items in the order of the form's lines, and whether it is sent.
type ReportInput struct {
	Version int
	Summary string
	Items   []datchuan.ReportItem
	Files   []string // attachment IDs kept and uploaded
	Refused datchuan.Text
	Submit  bool
}

// SaveReport saves the agency's report of the round as a draft or, with
// Submit, sends it: the first sending sets the time timeliness is judged
// by, every sending keeps a revision. A report of a closed round can no
// longer be changed.
func (s *Service) SaveReport(ctx context.Context, c Caller, roundID, agencyID int64, in ReportInput) (*datchuan.Report, error) {
	f, err := s.ReportFormFor(ctx, c, roundID, agencyID)
	if err != nil {
		return nil, err
	}
	p, err := s.agencyPath(ctx, c, f.Agency)
	if err != nil {
		return nil, err
	}
	if err := c.CheckSpeaksFor(f.Agency, p); err != nil {
		return nil, err
	}
	if !f.Round.Open() {
		return nil, datchuan.Errorf(datchuan.ECONFLICT, "Đợt báo cáo đã đóng, không sửa được báo cáo (the round is closed)")
	}
	rep := f.Report
	if err := sameVersion(rep.Version, in.Version, "Báo cáo", "the report"); err != nil {
		return nil, err
	}
	before := *rep
	now := s.cfg.Now()
	rep.Summary, rep.Items = strings.TrimSpace(in.Summary), trimItems(in.Items, f.Lines)
	if rep.Files, err = s.Citable(ctx, c, in.Files); err != nil {
		return nil, err
	}
	rep.UpdatedBy, rep.UpdatedAt = c.Actor.UserID, now
	var rev *datchuan.Revision
	action, summary := datchuan.ActReportSave, "Lưu nháp báo cáo"
	if in.Submit {
		rep.State, rep.SentAt, rep.SentBy, rep.Revision = datchuan.ReportSubmitted, now, c.Actor.UserID, rep.Revision+1
		if rep.FirstSentAt.IsZero() {
			rep.FirstSentAt = now
		}
		rep.ReturnReason, rep.ReturnedBy = "", 0
		rev = &datchuan.Revision{Number: rep.Revision, SentAt: now, SentBy: c.Actor.UserID, Summary: rep.Summary, Items: rep.Items, Files: rep.Files}
		action, summary = datchuan.ActReportSubmit, "Gửi báo cáo"
	} else if rep.State == datchuan.ReportSubmitted {
		// An edit of a sent report stays a draft of its next revision; the
		// report as sent is in its revisions.
		rep.State = datchuan.ReportDraft
	}
	pr := datchuan.Problems{}
	refused(pr, datchuan.FieldFiles, in.Refused)
	if err := pr.Check(rep.Validate()); err != nil {
		return nil, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Rounds.SaveReport(ctx, rep, rev); err != nil {
			return outcome{}, err
		}
		var notices []datchuan.Notice
		if in.Submit {
			ps, err := coordinators(ctx, tx, c, f.Province.Code, c.Actor.PersonID)
			if err != nil {
				return outcome{}, err
			}
			for _, person := range ps {
				notices = append(notices, datchuan.ReportSentNotice(person, f.Round, rep, agencyLabel(f.Agency)))
			}
		}
		ch, err := place(ctx, c, datchuan.NewChange(c.Actor, action, "report", rep.ID,
			summary+" "+f.Round.Label()+" — "+agencyLabel(f.Agency), nilIfNew(&before), rep), f.Province)
		return outcome{change: ch, notices: notices}, err
	})
	return rep, err
}

// nilIfNew is nil for a report not stored before (a change log's "before"
// of a creation).
func nilIfNew(r *datchuan.Report) any {
	if r.ID == 0 {
		return nil
	}
	return r
}

// trimItems keeps the items written about the form's lines (and those
// kept from criteria no longer the reporter's), trimmed, dropping empty
// ones: a report stores what was written.
func trimItems(items []datchuan.ReportItem, lines []weekly.Line) []datchuan.ReportItem {
	var out []datchuan.ReportItem
	for i, it := range items {
		if i < len(lines) {
			it.SetID, it.CriterionCode = lines[i].SetID, lines[i].Criterion
		}
		it.Work, it.Difficulties = strings.TrimSpace(it.Work), strings.TrimSpace(it.Difficulties)
		it.Causes, it.Proposals = strings.TrimSpace(it.Causes), strings.TrimSpace(it.Proposals)
		if !it.Empty() {
			out = append(out, it)
		}
	}
	return out
}

// ReturnReport sends a submitted report back to its reporter with a
// reason. It keeps its first sending time: a report returned and sent
// again is judged on time or late by its first sending.
func (s *Service) ReturnReport(ctx context.Context, c Caller, roundID, agencyID int64, version int, reason string) (*datchuan.Report, error) {
	f, err := s.ReportFormFor(ctx, c, roundID, agencyID)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRunRounds(f.Province.Code); err != nil {
		return nil, err
	}
	rep := f.Report
	if rep.State != datchuan.ReportSubmitted {
		return nil, datchuan.Errorf(datchuan.ECONFLICT, "Chỉ trả lại được báo cáo đã gửi (only a submitted report can be returned)")
	}
	if err := sameVersion(rep.Version, version, "Báo cáo", "the report"); err != nil {
		return nil, err
	}
	before := *rep
	rep.State, rep.ReturnReason, rep.ReturnedBy = datchuan.ReportReturned, strings.TrimSpace(reason), c.Actor.UserID
	rep.UpdatedBy, rep.UpdatedAt = c.Actor.UserID, s.cfg.Now()
	rep.Items = trimItems(rep.Items, f.Lines)
	if err := rep.Validate(); err != nil {
		return nil, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Rounds.SaveReport(ctx, rep, nil); err != nil {
			return outcome{}, err
		}
		people, err := s.speakers(ctx, tx, c, f.Agency)
		if err != nil {
			return outcome{}, err
		}
		var notices []datchuan.Notice
		for _, person := range people {
			notices = append(notices, datchuan.ReportReturnedNotice(person, f.Round, rep))
		}
		ch, err := place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActReportReturn, "report", rep.ID,
			"Trả lại báo cáo "+f.Round.Label()+" — "+agencyLabel(f.Agency)+": "+rep.ReturnReason, &before, rep), f.Province)
		return outcome{change: ch, notices: notices}, err
	})
	return rep, err
}

// speakers are the people who write an agency's weekly report: the
// officers of a department, the members of a district committee.
func (s *Service) speakers(ctx context.Context, tx datchuan.Stores, c Caller, ag *datchuan.Agency) ([]int64, error) {
	if ag.Kind == datchuan.AgencyDepartment {
		return departmentOfficers(ctx, tx, ag.ID, c.Actor.PersonID)
	}
	district, err := c.Tree.Unit(ctx, ag.UnitID)
	if err != nil {
		return nil, err
	}
	return officers(ctx, tx, datchuan.RoleDistrict, func(r datchuan.Role) (bool, error) {
		u, err := c.Tree.Unit(ctx, r.UnitID)
		if err != nil {
			return false, err
		}
		return u.Code == district.Code, nil
	}, c.Actor.PersonID)
}

// openedNotices tells the people of each reporter of a new round.
func (s *Service) openedNotices(ctx context.Context, tx datchuan.Stores, c Caller, r *datchuan.Round, pl *datchuan.Plan) ([]datchuan.Notice, error) {
	var out []datchuan.Notice
	for _, id := range r.Reporters {
		ag, err := tx.Agencies.Agency(ctx, id)
		if err != nil {
			return nil, err
		}
		people, err := s.speakers(ctx, tx, c, ag)
		if err != nil {
			return nil, err
		}
		for _, person := range people {
			out = append(out, datchuan.RoundOpenedNotice(person, r, pl, ag.ID, agencyLabel(ag)))
		}
	}
	return out, nil
}
