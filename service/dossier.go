package service

import (
	"context"
	"sort"

	"github.com/datchuan/datchuan"
)

// The recognition dossier of a target (datchuan.Dossier): made by the
// coordination office from its province's template, its papers worked on
// by the agencies that prepare them, its readiness counted from them.

// DossierPlace is a target with what its dossier needs: its unit (the
// district) and its place, its province, its criteria set.
type DossierPlace struct {
	Target   *datchuan.Target
	Unit     *datchuan.Unit
	Path     datchuan.UnitPath
	Province *datchuan.Unit
	Set      *datchuan.CriteriaSet
	On       datchuan.Date // the day the data is read: today, within the unit's life
}

// dossierPlace loads target id for a caller who reads its unit.
func (s *Service) dossierPlace(ctx context.Context, c Caller, id int64) (*DossierPlace, error) {
	t, err := s.cfg.Stores.Targets.Target(ctx, id)
	if err != nil {
		return nil, err
	}
	u, path, err := c.Tree.Place(ctx, t.UnitID)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRead(path); err != nil {
		return nil, err
	}
	set, err := s.cfg.Sets.Set(t.SetID)
	if err != nil {
		return nil, err
	}
	prov, err := s.Province(ctx, c, path.Province)
	if err != nil {
		return nil, err
	}
	return &DossierPlace{Target: t, Unit: u, Path: path, Province: prov, Set: set, On: u.ViewDay(s.Today())}, nil
}

// dossierOf returns the target's dossier, nil when none is made yet.
func (s *Service) dossierOf(ctx context.Context, st datchuan.Stores, targetID int64) (*datchuan.Dossier, error) {
	ds, err := st.Dossiers.Dossiers(ctx, datchuan.DossierFilter{TargetIDs: []int64{targetID}})
	if err != nil || len(ds) == 0 {
		return nil, err
	}
	return ds[0], nil
}

// templateFor returns the template of the target's dossier: the one it was
// made from, else the province's template (stored or shipped) covering
// the target's set and year; nil when there is none.
func (s *Service) templateFor(ctx context.Context, pl *DossierPlace, d *datchuan.Dossier) (*datchuan.DossierTemplate, error) {
	if d != nil {
		return s.cfg.Stores.Dossiers.DossierTemplate(ctx, d.TemplateID)
	}
	ts, err := s.provinceTemplates(ctx, s.cfg.Stores, pl.Province)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Covers(pl.Set, pl.Target.Year) {
			return t, nil
		}
	}
	return nil, nil
}

// CreateDossier makes the target's dossier from its province's template:
// one paper per item, each prepared by the agency its party names for the
// district and province. The coordination office does it, once.
func (s *Service) CreateDossier(ctx context.Context, c Caller, targetID int64) (*datchuan.Dossier, error) {
	pl, err := s.dossierPlace(ctx, c, targetID)
	if err != nil {
		return nil, err
	}
	if err := c.CheckKeepDossiers(pl.Province.Code); err != nil {
		return nil, err
	}
	t, err := s.templateFor(ctx, pl, nil)
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Chưa có mẫu hồ sơ cho loại mục tiêu này (%s năm %d) (no dossier template for this kind of target)",
			pl.Set.NameVi, pl.Target.Year)
	}
	d := &datchuan.Dossier{TargetID: pl.Target.ID, ProvinceID: pl.Province.ID, UnitID: pl.Unit.ID, CreatedBy: c.Actor.UserID, CreatedAt: s.cfg.Now()}
	var items []*datchuan.DossierItem
	err = s.save(ctx, c, func(tx datchuan.Stores) error {
		stored, err := s.storedTemplate(ctx, c, tx, pl.Province, t.Key)
		if err != nil {
			return err
		}
		d.TemplateID = stored.ID
		for _, it := range stored.Active() {
			owner, err := s.partyAgency(ctx, c, tx, it.Party, pl.Unit.ID, pl.Province)
			if err != nil {
				return err
			}
			items = append(items, &datchuan.DossierItem{TemplateItemID: it.ID, ResponsibleID: owner, UpdatedBy: c.Actor.UserID, UpdatedAt: d.CreatedAt})
		}
		return tx.Dossiers.CreateDossier(ctx, d, items)
	}, func() (*datchuan.Change, error) {
		return at(datchuan.NewChange(c.Actor, datchuan.ActDossierCreate, "dossier", d.ID,
			"Lập hồ sơ đề nghị công nhận của "+pl.Unit.Name+" ("+t.NameVi+")", nil, map[string]any{"dossier": d, "items": items}),
			pl.Unit.ID, pl.Province.Code)
	})
	return d, err
}

// partyAgency is the agency a party names for the district districtID of
// province prov: the district's committee of the kind, or the province's
// office, committee or steering committee; 0 for the centre or when the
// province has none.
func (s *Service) partyAgency(ctx context.Context, c Caller, st datchuan.Stores, party datchuan.DossierParty, districtID int64, prov *datchuan.Unit) (int64, error) {
	kind, district, ok := party.Agency()
	if !ok {
		return 0, nil
	}
	var list []*datchuan.Agency
	if district {
		as, err := st.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{UnitID: districtID, Kind: kind})
		if err != nil {
			return 0, err
		}
		list = as
	} else {
		all, err := s.Agencies(ctx, c, prov.Code)
		if err != nil {
			return 0, err
		}
		list = SortedAgencies(all, func(a *datchuan.Agency) bool { return a.Kind == kind })
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Code < list[j].Code })
	if len(list) == 0 {
		return 0, nil
	}
	return list[0].ID, nil
}

// DossierOwners are the agencies a paper of the district's dossier may be
// given to: the province's own and the district's.
func (s *Service) DossierOwners(ctx context.Context, c Caller, pl *DossierPlace) ([]*datchuan.Agency, error) {
	all, err := s.Agencies(ctx, c, pl.Province.Code)
	if err != nil {
		return nil, err
	}
	local, err := s.cfg.Stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{UnitID: pl.Unit.ID})
	if err != nil {
		return nil, err
	}
	for _, a := range local {
		all[a.ID] = a
	}
	return SortedAgencies(all, func(a *datchuan.Agency) bool { return a.Kind != datchuan.AgencyCommuneCommittee }), nil
}

// DossierItemChoice is a paper of a dossier as a select list offers it.
type DossierItemChoice struct {
	ID    int64  `json:"id"`
	Code  string `json:"code"`
	Title string `json:"title"`
	Step  string `json:"step"`
}

// DossierItemChoices lists the papers of a dossier (those its template
// still holds) for a select list: what another record — an approval item
// — may name a paper by. The caller reads the dossier's district.
func (s *Service) DossierItemChoices(ctx context.Context, c Caller, dossierID int64) ([]DossierItemChoice, error) {
	d, err := s.cfg.Stores.Dossiers.Dossier(ctx, dossierID)
	if err != nil {
		return nil, err
	}
	if _, path, err := c.Tree.Place(ctx, d.UnitID); err != nil {
		return nil, err
	} else if err := c.CheckRead(path); err != nil {
		return nil, err
	}
	t, err := s.cfg.Stores.Dossiers.DossierTemplate(ctx, d.TemplateID)
	if err != nil {
		return nil, err
	}
	rows, err := s.cfg.Stores.Dossiers.DossierItems(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	byItem := map[int64]*datchuan.DossierItem{}
	for _, r := range rows {
		byItem[r.TemplateItemID] = r
	}
	var out []DossierItemChoice
	for _, it := range t.Active() {
		if r := byItem[it.ID]; r != nil {
			out = append(out, DossierItemChoice{ID: r.ID, Code: it.Code, Title: it.Title, Step: it.Step})
		}
	}
	return out, nil
}
