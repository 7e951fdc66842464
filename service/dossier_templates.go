package service

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
)

// The templates of recognition dossiers (datchuan.DossierTemplate): each
// province works on its own copy of a shipped template, made in the
// database the first time it is needed (a dossier made, an item edited)
// in the same transaction as that change. Until then pages show the
// shipped file as it is. A copy is never replaced by the shipped file: a
// province's edits stay.

// provinceTemplates returns the province's templates: those stored, and
// the shipped ones it has no copy of yet (ID 0), by key.
func (s *Service) provinceTemplates(ctx context.Context, st datchuan.Stores, prov *datchuan.Unit) ([]*datchuan.DossierTemplate, error) {
	stored, err := st.Dossiers.DossierTemplates(ctx, prov.ID)
	if err != nil {
		return nil, err
	}
	shipped, err := catalog.DossierTemplates()
	if err != nil {
		return nil, fmt.Errorf("shipped dossier templates: %w", err)
	}
	out := stored
	for _, t := range shipped {
		if !slicesHasKey(stored, t.Key) {
			t.ProvinceID = prov.ID
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func slicesHasKey(ts []*datchuan.DossierTemplate, key string) bool {
	for _, t := range ts {
		if t.Key == key {
			return true
		}
	}
	return false
}

// templateOf returns the province's template of the key, stored or
// shipped, or ENOTFOUND.
func (s *Service) templateOf(ctx context.Context, st datchuan.Stores, prov *datchuan.Unit, key string) (*datchuan.DossierTemplate, error) {
	ts, err := s.provinceTemplates(ctx, st, prov)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Key == key {
			return t, nil
		}
	}
	return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có mẫu hồ sơ %q (no such dossier template)", key)
}

// storedTemplate returns the province's stored template of the key,
// copying the shipped one into tx first when the province has none yet,
// with its own change-log entry.
func (s *Service) storedTemplate(ctx context.Context, c Caller, tx datchuan.Stores, prov *datchuan.Unit, key string) (*datchuan.DossierTemplate, error) {
	t, err := s.templateOf(ctx, tx, prov, key)
	if err != nil || t.ID != 0 {
		return t, err
	}
	t.CreatedAt = s.cfg.Now()
	if err := tx.Dossiers.CreateDossierTemplate(ctx, t); err != nil {
		return nil, err
	}
	ch := datchuan.NewChange(c.Actor, datchuan.ActDossierTemplateLoad, "dossier_template", t.ID,
		"Nạp mẫu hồ sơ "+t.NameVi+" cho "+prov.Name+" từ tệp "+t.Source, nil, t)
	ch.UnitID, ch.Province = prov.ID, prov.Code
	return t, tx.Changes.Record(ctx, ch)
}

// DossierTemplates lists the province's dossier templates for a caller
// who works in it.
func (s *Service) DossierTemplates(ctx context.Context, c Caller, provCode string) (*datchuan.Unit, []*datchuan.DossierTemplate, error) {
	prov, err := s.CallerProvince(ctx, c, provCode)
	if err != nil {
		return nil, nil, err
	}
	ts, err := s.provinceTemplates(ctx, s.cfg.Stores, prov)
	return prov, ts, err
}

// DossierTemplate returns the province's template of the key for a caller
// who works in the province.
func (s *Service) DossierTemplate(ctx context.Context, c Caller, provCode, key string) (*datchuan.Unit, *datchuan.DossierTemplate, error) {
	prov, err := s.Province(ctx, c, provCode)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.templateOf(ctx, s.cfg.Stores, prov, key)
	return prov, t, err
}

// TemplateItemInput is an item of a template as its form was typed. Code,
// Step and Kind are read only when the item is added: the papers of the
// dossiers made from it depend on them.
type TemplateItemInput struct {
	Version                 int
	Code, Step, Kind        string
	Title, TitleEn          string
	Required                bool
	PostingDays             string
	Party                   string
	Document, Article, Note string
	Verified                bool
}

// apply writes the editable fields of in over it, noting what cannot be
// read in p.
func (in TemplateItemInput) apply(it *datchuan.DossierTemplateItem, p datchuan.Problems) {
	it.Title, it.TitleEn, it.Required = strings.TrimSpace(in.Title), strings.TrimSpace(in.TitleEn), in.Required
	it.Party = datchuan.DossierParty(strings.TrimSpace(in.Party))
	it.Provenance = datchuan.DossierProvenance{Document: strings.TrimSpace(in.Document), Article: strings.TrimSpace(in.Article),
		Verified: in.Verified, Note: strings.TrimSpace(in.Note)}
	it.PostingDays = 0
	if days := strings.TrimSpace(in.PostingDays); days != "" {
		n, err := strconv.Atoi(days)
		if err != nil {
			p.Add(datchuan.FieldDossierDays, "Số ngày là một số nguyên (days must be a whole number)")
		}
		it.PostingDays = n
	}
}

// AddTemplateItem adds a paper to the province's template of the key (a
// copy of the shipped one is made first when there is none), and to every
// dossier already made from it, prepared by the agency its party names
// there.
func (s *Service) AddTemplateItem(ctx context.Context, c Caller, provCode, key string, in TemplateItemInput) (*datchuan.DossierTemplateItem, error) {
	prov, t, err := s.keptTemplate(ctx, c, provCode, key)
	if err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	it := &datchuan.DossierTemplateItem{Code: datchuan.CleanCode(in.Code), Step: strings.TrimSpace(in.Step),
		Kind: datchuan.DossierKind(strings.TrimSpace(in.Kind)), UpdatedAt: s.cfg.Now()}
	in.apply(it, p)
	if t.Item(it.Code) != nil {
		p.Add(datchuan.FieldDossierCode, "Mẫu đã có mục mã %s (the template has an item %s)", it.Code, it.Code)
	}
	if err := p.Check(it.Validate(t.Steps)); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error {
		stored, err := s.storedTemplate(ctx, c, tx, prov, key)
		if err != nil {
			return err
		}
		it.TemplateID = stored.ID
		if err := tx.Dossiers.AddDossierTemplateItem(ctx, it); err != nil {
			return err
		}
		return s.addToDossiers(ctx, c, tx, prov, stored.ID, it)
	}, func() (*datchuan.Change, error) {
		return at(datchuan.NewChange(c.Actor, datchuan.ActDossierTemplateItem, "dossier_template_item", it.ID,
			"Thêm mục "+it.Code+" vào mẫu hồ sơ "+t.NameVi+": "+it.Title, nil, it), prov.ID, prov.Code)
	})
	return it, err
}

// addToDossiers adds a new item of template tplID to every dossier made
// from it.
func (s *Service) addToDossiers(ctx context.Context, c Caller, tx datchuan.Stores, prov *datchuan.Unit, tplID int64, it *datchuan.DossierTemplateItem) error {
	ds, err := tx.Dossiers.Dossiers(ctx, datchuan.DossierFilter{TemplateID: tplID})
	if err != nil {
		return err
	}
	for _, d := range ds {
		owner, err := s.partyAgency(ctx, c, tx, it.Party, d.UnitID, prov)
		if err != nil {
			return err
		}
		row := &datchuan.DossierItem{TemplateItemID: it.ID, ResponsibleID: owner, UpdatedBy: c.Actor.UserID, UpdatedAt: it.UpdatedAt}
		if err := tx.Dossiers.AddDossierItems(ctx, d.ID, []*datchuan.DossierItem{row}); err != nil {
			return err
		}
	}
	return nil
}

// EditTemplateItem changes a paper of the province's template, as of the
// version the form showed.
func (s *Service) EditTemplateItem(ctx context.Context, c Caller, provCode, key, code string, in TemplateItemInput) (*datchuan.DossierTemplateItem, error) {
	return s.changeTemplateItem(ctx, c, provCode, key, code, in.Version, func(it *datchuan.DossierTemplateItem, p datchuan.Problems) string {
		in.apply(it, p)
		return "Sửa mục " + it.Code + " của mẫu hồ sơ: " + it.Title
	})
}

// RemoveTemplateItem takes a paper out of the province's template (or,
// removed false, puts it back), as of the version the page showed. The
// papers of dossiers made with it keep their files but no longer count.
func (s *Service) RemoveTemplateItem(ctx context.Context, c Caller, provCode, key, code string, version int, removed bool) (*datchuan.DossierTemplateItem, error) {
	return s.changeTemplateItem(ctx, c, provCode, key, code, version, func(it *datchuan.DossierTemplateItem, p datchuan.Problems) string {
		it.Removed = removed
		if removed {
			return "Bỏ mục " + it.Code + " khỏi mẫu hồ sơ: " + it.Title
		}
		return "Khôi phục mục " + it.Code + " của mẫu hồ sơ: " + it.Title
	})
}

// changeTemplateItem applies change to the item of the code as of version
// and stores it, with its change-log entry saying what change says.
func (s *Service) changeTemplateItem(ctx context.Context, c Caller, provCode, key, code string, version int,
	change func(it *datchuan.DossierTemplateItem, p datchuan.Problems) string) (*datchuan.DossierTemplateItem, error) {
	prov, t, err := s.keptTemplate(ctx, c, provCode, key)
	if err != nil {
		return nil, err
	}
	cur := t.Item(code)
	if cur == nil {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Mẫu hồ sơ không có mục %s (no such item)", code)
	}
	if err := sameVersion(cur.Version, version, "Mục của mẫu hồ sơ", "the template item"); err != nil {
		return nil, err
	}
	before := *cur
	it := *cur
	p := datchuan.Problems{}
	summary := change(&it, p)
	if err := p.Check(it.Validate(t.Steps)); err != nil {
		return nil, err
	}
	it.UpdatedAt = s.cfg.Now()
	err = s.save(ctx, c, func(tx datchuan.Stores) error {
		stored, err := s.storedTemplate(ctx, c, tx, prov, key)
		if err != nil {
			return err
		}
		// A copy made just now gives the item its ID; the version the
		// form named is checked by the store against the stored one.
		it.ID, it.TemplateID = stored.Item(code).ID, stored.ID
		return tx.Dossiers.UpdateDossierTemplateItem(ctx, &it)
	}, func() (*datchuan.Change, error) {
		before.ID = it.ID
		return at(datchuan.NewChange(c.Actor, datchuan.ActDossierTemplateItem, "dossier_template_item", it.ID, summary, &before, &it),
			prov.ID, prov.Code)
	})
	return &it, err
}

// keptTemplate returns the province and its template of the key for a
// caller who keeps the province's dossiers.
func (s *Service) keptTemplate(ctx context.Context, c Caller, provCode, key string) (*datchuan.Unit, *datchuan.DossierTemplate, error) {
	prov, err := s.Province(ctx, c, provCode)
	if err != nil {
		return nil, nil, err
	}
	if err := c.CheckKeepDossiers(prov.Code); err != nil {
		return nil, nil, err
	}
	t, err := s.templateOf(ctx, s.cfg.Stores, prov, key)
	return prov, t, err
}
