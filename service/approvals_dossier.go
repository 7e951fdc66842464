package service

import (
	"context"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// An approval item may serve a paper of a recognition dossier: the
// committee's decision that the district's or the province's dossier must
// hold. The item names the paper; the dossier's page lists, under each
// paper, the items that serve it.

// DossierPapers is the papers of one dossier of the province, for the
// approval form's select list.
type DossierPapers struct {
	Unit   *datchuan.Unit // the dossier's district
	Papers []DossierItemChoice
}

// ProvinceDossierPapers lists the papers of every dossier of the province
// whose district the caller reads, by district in Vietnamese order.
func (s *Service) ProvinceDossierPapers(ctx context.Context, c Caller, prov *datchuan.Unit) ([]DossierPapers, error) {
	ds, err := s.cfg.Stores.Dossiers.Dossiers(ctx, datchuan.DossierFilter{ProvinceID: prov.ID})
	if err != nil {
		return nil, err
	}
	var out []DossierPapers
	for _, d := range ds {
		u, path, err := c.Tree.Place(ctx, d.UnitID)
		if err != nil {
			return nil, err
		}
		if !c.CanRead(path) {
			continue
		}
		papers, err := s.DossierItemChoices(ctx, c, d.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, DossierPapers{Unit: u, Papers: papers})
	}
	datchuan.SortByName(out, func(p DossierPapers) string { return p.Unit.Name })
	return out, nil
}

// approvalPaper sets the paper a serves from the form's choice (a dossier
// item ID), when it is a paper of a dossier of the province; false when
// it is not.
func (s *Service) approvalPaper(ctx context.Context, prov *datchuan.Unit, a *datchuan.Approval, choice string) (bool, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(choice), 10, 64)
	if err != nil || id <= 0 {
		return false, nil
	}
	it, err := s.cfg.Stores.Dossiers.DossierItem(ctx, id)
	if datchuan.ErrorCode(err) == datchuan.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	d, err := s.cfg.Stores.Dossiers.Dossier(ctx, it.DossierID)
	if err != nil {
		return false, err
	}
	if d.ProvinceID != prov.ID {
		return false, nil
	}
	a.DossierItemID = it.ID
	return true, nil
}

// ServedPaper is the dossier paper an approval item serves, for its page.
type ServedPaper struct {
	Code, Title string
	Unit        *datchuan.Unit // the dossier's district
	Link        string         // the paper on the dossier's page
}

// PaperOf returns the paper item a serves, nil when none (or when the
// caller does not read its district).
func (s *Service) PaperOf(ctx context.Context, c Caller, a *datchuan.Approval) (*ServedPaper, error) {
	if a.DossierItemID == 0 {
		return nil, nil
	}
	it, err := s.cfg.Stores.Dossiers.DossierItem(ctx, a.DossierItemID)
	if err != nil {
		return nil, err
	}
	d, err := s.cfg.Stores.Dossiers.Dossier(ctx, it.DossierID)
	if err != nil {
		return nil, err
	}
	u, path, err := c.Tree.Place(ctx, d.UnitID)
	if err != nil || !c.CanRead(path) {
		return nil, err
	}
	t, err := s.cfg.Stores.Dossiers.DossierTemplate(ctx, d.TemplateID)
	if err != nil {
		return nil, err
	}
	out := &ServedPaper{Unit: u, Link: "/muc-tieu/" + strconv.FormatInt(d.TargetID, 10) + "/ho-so#p-" + strconv.FormatInt(it.ID, 10)}
	for _, ti := range t.Items {
		if ti.ID == it.TemplateItemID {
			out.Code, out.Title = ti.Code, ti.Title
		}
	}
	return out, nil
}

// servingApprovals returns, by dossier paper, the approval items of the
// province serving the papers rows that the caller may see.
func (s *Service) servingApprovals(ctx context.Context, c Caller, prov string, rows map[int64]*datchuan.DossierItem) (map[int64][]*datchuan.Approval, error) {
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	list, err := s.cfg.Stores.Approvals.ApprovalsServing(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64][]*datchuan.Approval{}
	for _, a := range list {
		if c.CanSeeApproval(a, prov) {
			out[a.DossierItemID] = append(out[a.DossierItemID], a)
		}
	}
	return out, nil
}
