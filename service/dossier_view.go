package service

import (
	"context"
	"fmt"

	"github.com/datchuan/datchuan"
)

// DossierView is a target's dossier as its page, its papers and its ZIP
// show it: the template's papers by step, each with where it stands, and
// the readiness of the whole and of each step.
type DossierView struct {
	*DossierPlace
	Template *datchuan.DossierTemplate // nil: no template covers the target
	Dossier  *datchuan.Dossier         // nil: not made yet (the lines show the template)
	Steps    []DossierStepView
	Overall  datchuan.Readiness
	Data     *DossierData
	Owners   []*datchuan.Agency // whom a paper may be given to (for the office's form)
	Keeps    bool               // the caller keeps the province's dossiers
}

// DossierStepView is one step of a dossier with its papers.
type DossierStepView struct {
	Step      datchuan.DossierStep
	Lines     []DossierLine
	Readiness datchuan.Readiness
}

// DossierLine is one paper of a dossier, as it stands.
type DossierLine struct {
	Item  *datchuan.DossierTemplateItem
	Row   *datchuan.DossierItem // nil before the dossier is made
	Owner *datchuan.Agency      // who prepares it; nil: nobody yet
	State datchuan.DossierItemState
	Done  bool // ready or submitted: counts for readiness
	// Progress says how far the data of a generated paper is: "7/9 tiêu
	// chí đạt".
	ProgressVi, ProgressEn string
	// A posting's last day (its posting date + the template's days) and
	// how many days are left until it (negative: since).
	Deadline datchuan.Date
	DaysLeft int
	Overdue  bool // its due date passed before it was ready
	Works    bool // the caller may update it
	// Approvals are the approval items serving the paper (a decision of
	// the people's committee it must hold), as the caller may see them.
	Approvals []*datchuan.Approval
}

// Generated reports whether the paper is made from the data.
func (l DossierLine) Generated() bool { return l.Item.Kind.Generated() }

// Dossier returns the target's dossier for a caller who reads its unit: as
// made, or, before it is made, the papers its template would give it.
func (s *Service) Dossier(ctx context.Context, c Caller, targetID int64) (*DossierView, error) {
	pl, err := s.dossierPlace(ctx, c, targetID)
	if err != nil {
		return nil, err
	}
	v := &DossierView{DossierPlace: pl, Keeps: c.CanKeepDossiers(pl.Province.Code)}
	if v.Dossier, err = s.dossierOf(ctx, s.cfg.Stores, targetID); err != nil {
		return nil, err
	}
	if v.Template, err = s.templateFor(ctx, pl, v.Dossier); err != nil || v.Template == nil {
		return v, err
	}
	if v.Data, err = s.dossierData(ctx, c, pl); err != nil {
		return nil, err
	}
	if v.Owners, err = s.DossierOwners(ctx, c, pl); err != nil {
		return nil, err
	}
	rows := map[int64]*datchuan.DossierItem{}
	if v.Dossier != nil {
		list, err := s.cfg.Stores.Dossiers.DossierItems(ctx, v.Dossier.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			rows[r.TemplateItemID] = r
		}
	}
	return v, s.lines(ctx, c, v, rows)
}

// lines lays out the template's active papers by step.
func (s *Service) lines(ctx context.Context, c Caller, v *DossierView, rows map[int64]*datchuan.DossierItem) error {
	owners := map[int64]*datchuan.Agency{}
	for _, a := range v.Owners {
		owners[a.ID] = a
	}
	served, err := s.servingApprovals(ctx, c, v.Province.Code, rows)
	if err != nil {
		return err
	}
	active := v.Template.Active()
	for _, st := range v.Template.Steps {
		sv := DossierStepView{Step: st}
		for _, it := range active {
			if it.Step != st.Code {
				continue
			}
			l, err := s.line(ctx, c, v, it, rows[it.ID], owners)
			if err != nil {
				return err
			}
			if row := rows[it.ID]; row != nil {
				l.Approvals = served[row.ID]
			}
			sv.Readiness.Count(it.Required, l.Done)
			v.Overall.Count(it.Required, l.Done)
			sv.Lines = append(sv.Lines, l)
		}
		v.Steps = append(v.Steps, sv)
	}
	return nil
}

// line is one paper as it stands on the view's day.
func (s *Service) line(ctx context.Context, c Caller, v *DossierView, it *datchuan.DossierTemplateItem, row *datchuan.DossierItem,
	owners map[int64]*datchuan.Agency) (DossierLine, error) {
	l := DossierLine{Item: it, Row: row, State: datchuan.DossierNotStarted}
	if row != nil {
		l.State = row.State
		if row.ResponsibleID != 0 {
			if l.Owner = owners[row.ResponsibleID]; l.Owner == nil {
				a, err := s.cfg.Stores.Agencies.Agency(ctx, row.ResponsibleID)
				if err != nil {
					return l, err
				}
				l.Owner = a
			}
		}
		ownerPath, err := s.ownerPath(ctx, c, l.Owner, v.DossierPlace)
		if err != nil {
			return l, err
		}
		l.Works = c.CanWorkDossierItem(v.Path, l.Owner, ownerPath)
		if it.Kind == datchuan.DossierPosting && !row.PostedOn.IsZero() {
			l.Deadline = datchuan.PostingDeadline(row.PostedOn, it.PostingDays)
			l.DaysLeft = datchuan.DaysBetween(v.On, l.Deadline)
		}
	}
	if it.Kind.Generated() {
		l.State, l.ProgressVi, l.ProgressEn = generatedState(it.Kind, v.Data)
	}
	l.Done = l.State.Done()
	l.Overdue = row != nil && !row.Due.IsZero() && row.Due.Before(v.On) && !l.Done
	return l, nil
}

// ownerPath places an agency that prepares a paper: the district's own
// agencies at the district, others where their unit is.
func (s *Service) ownerPath(ctx context.Context, c Caller, owner *datchuan.Agency, pl *DossierPlace) (datchuan.UnitPath, error) {
	switch {
	case owner == nil:
		return datchuan.UnitPath{}, nil
	case owner.UnitID == pl.Unit.ID:
		return pl.Path, nil
	}
	_, p, err := c.Tree.Place(ctx, owner.UnitID)
	return p, err
}

// generatedState is where a paper made from the data stands: ready when
// its data is complete (see DossierData), drafting when some of it is
// there, with how far it has come in words.
func generatedState(kind datchuan.DossierKind, d *DossierData) (st datchuan.DossierItemState, vi, en string) {
	var done, some bool
	switch kind {
	case datchuan.DossierCriteriaTable:
		done, some = d.CriteriaReady, d.Own.Met > 0
		vi = fmt.Sprintf("%d/%d tiêu chí đạt", d.Own.Met, d.Own.Total)
		en = fmt.Sprintf("%d/%d criteria met", d.Own.Met, d.Own.Total)
	case datchuan.DossierCommunes:
		done, some = d.CommunesReady, d.Covered > 0
		vi = fmt.Sprintf("%d/%d xã, thị trấn có quyết định công nhận", d.Covered, len(d.Communes))
		en = fmt.Sprintf("%d/%d communes and towns with a recognition decision", d.Covered, len(d.Communes))
	case datchuan.DossierConfirmations:
		n := d.ConfirmationsDone()
		done, some = d.ConfirmationsReady, n > 0
		vi = fmt.Sprintf("%d/%d sở đã xác nhận đủ số liệu", n, len(d.Confirmations))
		en = fmt.Sprintf("%d/%d departments have confirmed all their values", n, len(d.Confirmations))
		if len(d.Unled) > 0 {
			vi += fmt.Sprintf("; %d chỉ tiêu chưa có sở chủ trì", len(d.Unled))
			en += fmt.Sprintf("; %d indicators with no lead department", len(d.Unled))
		}
	}
	switch {
	case done:
		return datchuan.DossierReady, vi, en
	case some:
		return datchuan.DossierDrafting, vi, en
	}
	return datchuan.DossierNotStarted, vi, en
}

// Line returns the line of a dossier item, nil when the view has none.
func (v *DossierView) Line(itemID int64) *DossierLine {
	for i := range v.Steps {
		for j := range v.Steps[i].Lines {
			if r := v.Steps[i].Lines[j].Row; r != nil && r.ID == itemID {
				return &v.Steps[i].Lines[j]
			}
		}
	}
	return nil
}
