package service

import (
	"context"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// The decisions recognising a district's communes (datchuan.
// RecognitionDecision): recorded by the coordination office, listed per
// district, and made into the communes paper of its dossier.

// RecognitionsView is a district's communes with their decisions.
type RecognitionsView struct {
	District *datchuan.Unit
	Path     datchuan.UnitPath
	Province *datchuan.Unit
	On       datchuan.Date
	Rows     []CommuneRecognition
	Covered  int
	Keeps    bool // the caller records decisions
	Target   *datchuan.Target
}

// Recognitions lists the communes of a district (by code) with their
// recognition decisions, for a caller who reads the district.
func (s *Service) Recognitions(ctx context.Context, c Caller, districtCode string) (*RecognitionsView, error) {
	d, on, err := c.Tree.Resolve(ctx, datchuan.LevelDistrict, districtCode, datchuan.Date{})
	if err != nil {
		return nil, err
	}
	path, err := c.Tree.Path(ctx, d)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRead(path); err != nil {
		return nil, err
	}
	prov, err := s.Province(ctx, c, path.Province)
	if err != nil {
		return nil, err
	}
	pl := &DossierPlace{Unit: d, Path: path, Province: prov, On: on}
	data := &DossierData{}
	if err := s.communeRecognitions(ctx, c, pl, data); err != nil {
		return nil, err
	}
	v := &RecognitionsView{District: d, Path: path, Province: prov, On: on, Rows: data.Communes, Covered: data.Covered,
		Keeps: c.CanKeepDossiers(prov.Code)}
	ts, err := s.cfg.Stores.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: []int64{d.ID}})
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if set, err := s.cfg.Sets.Set(t.SetID); err == nil && set.Tier == datchuan.TierDistrictNTM {
			v.Target = t
		}
	}
	return v, nil
}

// RecognitionInput is a recognition decision's form as typed. File is an
// attachment just uploaded (empty: none, or keep the one there).
type RecognitionInput struct {
	Version                                       int
	Unit, Title, Year, Number, Date, Issuer, Note string
	File                                          string
	Refused                                       datchuan.Text // the upload the form could not take
}

// RecordRecognition records the decision recognising a commune of the
// district (by code).
func (s *Service) RecordRecognition(ctx context.Context, c Caller, districtCode string, in RecognitionInput) (*datchuan.RecognitionDecision, error) {
	v, err := s.keptRecognitions(ctx, c, districtCode)
	if err != nil {
		return nil, err
	}
	d := &datchuan.RecognitionDecision{ProvinceID: v.Province.ID, CreatedBy: c.Actor.UserID, CreatedAt: s.cfg.Now()}
	u, err := s.readRecognition(ctx, c, v, d, in)
	if err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Decisions.CreateRecognition(ctx, d) },
		func() (*datchuan.Change, error) {
			return place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActRecognitionCreate, "recognition", d.ID,
				"Ghi quyết định "+d.Number+" công nhận "+u.Name+" "+strings.ToLower(d.Title.LabelVi()), nil, d), u)
		})
	return d, err
}

// EditRecognition changes a recognition decision as of the version its
// form showed; a new file takes the place of the old one.
func (s *Service) EditRecognition(ctx context.Context, c Caller, id int64, in RecognitionInput) (*datchuan.RecognitionDecision, error) {
	cur, district, err := s.RecognitionFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	v, err := s.keptRecognitions(ctx, c, district.Code)
	if err != nil {
		return nil, err
	}
	if err := sameVersion(cur.Version, in.Version, "Quyết định công nhận", "the recognition decision"); err != nil {
		return nil, err
	}
	before := *cur
	d := *cur
	d.UpdatedAt = s.cfg.Now()
	u, err := s.readRecognition(ctx, c, v, &d, in)
	if err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Decisions.UpdateRecognition(ctx, &d) },
		func() (*datchuan.Change, error) {
			return place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActRecognitionUpdate, "recognition", d.ID,
				"Sửa quyết định "+d.Number+" công nhận "+u.Name, &before, &d), u)
		})
	return &d, err
}

// keptRecognitions is the district's list for a caller who records its
// decisions.
func (s *Service) keptRecognitions(ctx context.Context, c Caller, districtCode string) (*RecognitionsView, error) {
	v, err := s.Recognitions(ctx, c, districtCode)
	if err != nil {
		return nil, err
	}
	return v, c.CheckKeepDossiers(v.Province.Code)
}

// readRecognition reads the form into d: a commune of the district, a
// title, a number, a date, an issuer, a year, a note, a file the caller
// may cite; and validates it.
func (s *Service) readRecognition(ctx context.Context, c Caller, v *RecognitionsView, d *datchuan.RecognitionDecision, in RecognitionInput) (*datchuan.Unit, error) {
	p := datchuan.Problems{}
	var unit *datchuan.Unit
	for _, row := range v.Rows {
		if row.Unit.Code == strings.TrimSpace(in.Unit) {
			unit = row.Unit
		}
	}
	d.UnitID = 0
	if unit != nil {
		d.UnitID = unit.ID
	}
	d.Title = datchuan.RecognitionTitle(strings.TrimSpace(in.Title))
	d.Number, d.Issuer, d.Note = strings.TrimSpace(in.Number), strings.TrimSpace(in.Issuer), strings.TrimSpace(in.Note)
	d.Date = p.ParseDate(datchuan.FieldDate, in.Date, true)
	d.Year = 0
	if y := strings.TrimSpace(in.Year); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			p.Add(datchuan.FieldDecisionYear, "Năm là một số, ví dụ 2021 (the year is a number)")
		}
		d.Year = n
	}
	if in.File != "" {
		ok, err := s.Citable(ctx, c, []string{in.File})
		if err != nil {
			return nil, err
		}
		if len(ok) == 1 {
			d.File = in.File
		}
	}
	refused(p, datchuan.FieldFile, in.Refused)
	if err := p.Check(d.Validate(s.Today())); err != nil {
		return nil, err
	}
	return unit, nil
}

// RecognitionFor returns a decision with the district of its commune, for
// a caller who reads the commune.
func (s *Service) RecognitionFor(ctx context.Context, c Caller, id int64) (*datchuan.RecognitionDecision, *datchuan.Unit, error) {
	d, err := s.cfg.Stores.Decisions.Recognition(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	u, path, err := c.Tree.Place(ctx, d.UnitID)
	if err != nil {
		return nil, nil, err
	}
	if err := c.CheckRead(path); err != nil {
		return nil, nil, err
	}
	district, err := c.Tree.Parent(ctx, u, u.ViewDay(s.Today()))
	if err != nil {
		return nil, nil, err
	}
	return d, district, nil
}

// RecognitionFile returns the scanned decision of a decision, for a
// caller who reads its commune.
func (s *Service) RecognitionFile(ctx context.Context, c Caller, id int64) (*datchuan.Attachment, error) {
	d, _, err := s.RecognitionFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if d.File == "" {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Quyết định chưa có tệp (the decision has no file)")
	}
	return s.cfg.Stores.Files.Attachment(ctx, d.File)
}
