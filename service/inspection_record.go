package service

import (
	"cmp"
	"context"
	"strconv"

	"github.com/datchuan/datchuan"
)

// InspectionRecord is an inspection as its page and its report show it:
// the agency, units and set named, its findings with what they became,
// its photos, and what the caller may do.
type InspectionRecord struct {
	*datchuan.Inspection
	Province *datchuan.Unit
	Agency   *datchuan.Agency
	Units    []*datchuan.Unit
	Set      *datchuan.CriteriaSet // nil when the catalogue lacks it
	Findings []FindingRow
	Photos   []PhotoRow
	Edits    bool // the caller records and edits it
}

// FindingRow is a finding with what a page names: its unit, its criterion
// or indicator, and the obstacle or task it became.
type FindingRow struct {
	*datchuan.Finding
	Unit     *datchuan.Unit
	Label    string // "17. Môi trường …" or "17.2 Tỷ lệ …"
	Obstacle *datchuan.Obstacle
	Task     *datchuan.Task
	Link     string // the page of the obstacle or task
}

// PhotoRow is a photo with its file's name.
type PhotoRow struct {
	*datchuan.InspectionPhoto
	Name string
}

// InspectionRecordFor loads an inspection for a caller who may read it.
func (s *Service) InspectionRecordFor(ctx context.Context, c Caller, id int64) (*InspectionRecord, error) {
	x, prov, err := s.inspectionOf(ctx, c, id)
	if err != nil {
		return nil, err
	}
	rec := &InspectionRecord{Inspection: x, Province: prov, Edits: c.CanInspect(prov.Code, x.AgencyID)}
	if rec.Agency, err = s.cfg.Stores.Agencies.Agency(ctx, x.AgencyID); err != nil {
		return nil, err
	}
	rec.Set, _ = s.cfg.Sets.Set(x.SetID)
	units := map[int64]*datchuan.Unit{}
	for _, uid := range x.UnitIDs {
		if units[uid], err = c.Tree.Unit(ctx, uid); err != nil {
			return nil, err
		}
		rec.Units = append(rec.Units, units[uid])
	}
	findings, err := s.cfg.Stores.Inspections.Findings(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range findings {
		row, err := s.findingRow(ctx, rec, f, units)
		if err != nil {
			return nil, err
		}
		rec.Findings = append(rec.Findings, row)
	}
	photos, err := s.cfg.Stores.Inspections.Photos(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, ph := range photos {
		ids = append(ids, ph.AttachmentID)
	}
	infos, err := s.Attachments(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, ph := range photos {
		row := PhotoRow{InspectionPhoto: ph, Name: ph.AttachmentID}
		if a := infos[ph.AttachmentID]; a != nil {
			row.Name = a.Name
		}
		rec.Photos = append(rec.Photos, row)
	}
	return rec, nil
}

// findingRow names a finding and loads what it became.
func (s *Service) findingRow(ctx context.Context, rec *InspectionRecord, f *datchuan.Finding, units map[int64]*datchuan.Unit) (FindingRow, error) {
	row := FindingRow{Finding: f, Unit: units[f.UnitID], Label: findingLabel(rec.Set, f)}
	var err error
	if row.Unit == nil { // a unit no longer visited: the edit refuses it, but say which
		if row.Unit, err = s.cfg.Stores.Units.Unit(ctx, f.UnitID); err != nil {
			return row, err
		}
	}
	switch {
	case f.ObstacleID != 0:
		if row.Obstacle, err = s.cfg.Stores.Obstacles.Obstacle(ctx, f.ObstacleID); err != nil {
			return row, err
		}
		row.Link = "/tinh/" + rec.Province.Code + "/vuong-mac?tat-ca=1#o-" + strconv.FormatInt(f.ObstacleID, 10)
	case f.TaskID != 0:
		if row.Task, err = s.cfg.Stores.Tasks.Task(ctx, f.TaskID); err != nil {
			return row, err
		}
		row.Link = "/don-vi/" + row.Unit.Code + "/nhiem-vu#t-" + strconv.FormatInt(f.TaskID, 10)
	}
	return row, nil
}

// findingLabel names the criterion or indicator of a finding for people.
func findingLabel(set *datchuan.CriteriaSet, f *datchuan.Finding) string {
	if set == nil {
		return findingCode(f)
	}
	if f.IndicatorCode != "" {
		if ind, _ := set.Indicator(f.IndicatorCode); ind != nil {
			return ind.Code + " " + ind.NameVi
		}
		return f.IndicatorCode
	}
	if crit := set.Criterion(f.CriterionCode); crit != nil {
		return crit.Code + ". " + cmp.Or(crit.NameVi, crit.NameEn)
	}
	return f.CriterionCode
}
