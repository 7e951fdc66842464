package service

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// GuidanceInput is the publish form as typed.
type GuidanceInput struct {
	Number, Date, Title string
	Criterion           string // "17" or "17.2"
	Agency              string // the publishing agency's ID, chosen by the coordination office
	File                string // attachment ID of the document
	// Refused names the files the form could not take (StoreUploads): one
	// more problem, so the form shows it with all the others.
	Refused datchuan.Text
}

// PublishGuidance stores a guidance document of a province with its file.
// A department publishes only for what it leads; the coordination office
// for anything, in the name of any agency of the province.
func (s *Service) PublishGuidance(ctx context.Context, c Caller, provCode string, in GuidanceInput) (*datchuan.Guidance, error) {
	prov, err := s.CallerProvince(ctx, c, provCode)
	if err != nil {
		return nil, err
	}
	if err := c.CheckPublishes(prov.Code); err != nil {
		return nil, err
	}
	set, err := s.ProvinceCommuneSet(ctx, prov)
	if err != nil {
		return nil, err
	}
	book, err := s.LeadBook(ctx, prov)
	if err != nil {
		return nil, err
	}
	ags, err := s.Agencies(ctx, c, prov.Code)
	if err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	g := &datchuan.Guidance{Number: strings.TrimSpace(in.Number), Title: strings.TrimSpace(in.Title), CreatedBy: c.Actor.UserID,
		Date: p.ParseDate(datchuan.FieldDate, in.Date, true)}
	if crit, ind, ok := set.Link(in.Criterion); ok {
		lead := book.Lead(set.ID, crit, ind)
		if err := c.CheckPublish(prov.Code, lead, in.Criterion); err != nil {
			return nil, err
		}
		g.SetID, g.CriterionCode, g.IndicatorCode, g.AgencyID = set.ID, crit, ind, lead
	}
	if c.ChoosesPublisher(prov.Code) && in.Agency != "" {
		id, err := strconv.ParseInt(in.Agency, 10, 64)
		if err != nil || ags[id] == nil {
			p.Add(datchuan.FieldAgency, "Chọn cơ quan ban hành trong tỉnh (choose an agency of the province)")
		} else {
			g.AgencyID = id
		}
	}
	if g.AgencyID == 0 && g.CriterionCode != "" {
		p.Add(datchuan.FieldAgency, "Tiêu chí này chưa có sở chủ trì: chọn cơ quan ban hành (no lead department: choose the agency)")
	}
	refused(p, datchuan.FieldFile, in.Refused)
	if files, err := s.Citable(ctx, c, []string{in.File}); err != nil {
		return nil, err
	} else if len(files) == 1 {
		g.File = files[0]
	}
	if err := p.Check(g.Validate(s.Today())); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Guidance.PublishGuidance(ctx, g) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActGuidancePublish, "guidance", g.ID,
				fmt.Sprintf("Ban hành hướng dẫn %s (tiêu chí %s): %s", g.Number, cmp.Or(g.IndicatorCode, g.CriterionCode), g.Title), nil, g), prov.ID, prov.Code)
		})
	if err == nil {
		s.cfg.Log.Info("guidance published", "user", c.Actor.Name, "number", g.Number, "criterion", g.CriterionCode, "indicator", g.IndicatorCode)
	}
	return g, err
}

// GuidanceFor loads a guidance document for a caller who works in its
// agency's province.
func (s *Service) GuidanceFor(ctx context.Context, c Caller, id int64) (*datchuan.Guidance, error) {
	g, err := s.cfg.Stores.Guidance.GuidanceByID(ctx, id)
	if err != nil {
		return nil, err
	}
	code, err := s.AgencyProvince(ctx, c, g.AgencyID)
	if err != nil {
		return nil, err
	}
	return g, c.CheckInProvince(code)
}

// GuidanceOfProvince lists the guidance of a province's agencies (ags),
// newest first; of the given sets (and any set when setIDs is nil).
func (s *Service) GuidanceOfProvince(ctx context.Context, ags map[int64]*datchuan.Agency, setIDs []string) ([]*datchuan.Guidance, error) {
	ids := make([]int64, 0, len(ags))
	for id := range ags {
		ids = append(ids, id)
	}
	return s.cfg.Stores.Guidance.Guidance(ctx, datchuan.GuidanceFilter{AgencyIDs: ids, SetIDs: setIDs})
}
