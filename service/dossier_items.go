package service

import (
	"context"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// DossierPaper is one paper of a target's dossier with its place: the
// item, its template item, who prepares it and where that agency is.
type DossierPaper struct {
	*DossierPlace
	Dossier   *datchuan.Dossier
	Item      *datchuan.DossierItem
	Def       *datchuan.DossierTemplateItem
	Owner     *datchuan.Agency
	OwnerPath datchuan.UnitPath
}

// CheckWork refuses a caller who may not update the paper.
func (p *DossierPaper) CheckWork(c Caller) error {
	return c.CheckWorkDossierItem(p.Path, p.Owner, p.OwnerPath)
}

// DossierPaper loads paper itemID of target targetID's dossier for a
// caller who reads the target's unit; ENOTFOUND when the dossier has no
// such paper.
func (s *Service) DossierPaper(ctx context.Context, c Caller, targetID, itemID int64) (*DossierPaper, error) {
	pl, err := s.dossierPlace(ctx, c, targetID)
	if err != nil {
		return nil, err
	}
	it, err := s.cfg.Stores.Dossiers.DossierItem(ctx, itemID)
	if err != nil {
		return nil, err
	}
	d, err := s.cfg.Stores.Dossiers.Dossier(ctx, it.DossierID)
	if err != nil {
		return nil, err
	}
	if d.TargetID != targetID {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Hồ sơ này không có giấy tờ %d (no such paper in this dossier)", itemID)
	}
	t, err := s.cfg.Stores.Dossiers.DossierTemplate(ctx, d.TemplateID)
	if err != nil {
		return nil, err
	}
	p := &DossierPaper{DossierPlace: pl, Dossier: d, Item: it}
	for _, ti := range t.Items {
		if ti.ID == it.TemplateItemID {
			p.Def = ti
		}
	}
	if p.Def == nil {
		return nil, datchuan.Errorf(datchuan.EINTERNAL, "giấy tờ %d không thuộc mẫu %d (item outside its template)", itemID, t.ID)
	}
	if it.ResponsibleID != 0 {
		if p.Owner, err = s.cfg.Stores.Agencies.Agency(ctx, it.ResponsibleID); err != nil {
			return nil, err
		}
	}
	p.OwnerPath, err = s.ownerPath(ctx, c, p.Owner, pl)
	return p, err
}

// DossierItemEdit is a paper's form as typed. Responsible and Due are the
// coordination office's to set; from anyone else they are not read.
type DossierItemEdit struct {
	Version                int
	State, Notes, PostedOn string
	Responsible, Due       string
}

// UpdateDossierItem changes a paper of a target's dossier as of the
// version its form showed: its state (not for a paper made from the
// data), notes and posting date by whoever prepares it; who prepares it
// and by when, by the coordination office.
func (s *Service) UpdateDossierItem(ctx context.Context, c Caller, targetID, itemID int64, in DossierItemEdit) (*datchuan.DossierItem, error) {
	p, err := s.DossierPaper(ctx, c, targetID, itemID)
	if err != nil {
		return nil, err
	}
	if err := p.CheckWork(c); err != nil {
		return nil, err
	}
	if err := sameVersion(p.Item.Version, in.Version, "Giấy tờ của hồ sơ", "the paper"); err != nil {
		return nil, err
	}
	before := *p.Item
	it := *p.Item
	pr := datchuan.Problems{}
	if !p.Def.Kind.Generated() {
		it.State = datchuan.DossierItemState(strings.TrimSpace(in.State))
	}
	it.Notes = strings.TrimSpace(in.Notes)
	it.PostedOn = pr.ParseDate(datchuan.FieldDossierPosted, in.PostedOn, false)
	if c.CanKeepDossiers(p.Province.Code) {
		it.Due = pr.ParseDate(datchuan.FieldDue, in.Due, false)
		if err := s.setResponsible(ctx, c, p, &it, in.Responsible, pr); err != nil {
			return nil, err
		}
	}
	if err := pr.Check(it.Validate(p.Def.Kind)); err != nil {
		return nil, err
	}
	it.UpdatedBy, it.UpdatedAt = c.Actor.UserID, s.cfg.Now()
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Dossiers.UpdateDossierItem(ctx, &it) },
		func() (*datchuan.Change, error) {
			summary := "Cập nhật " + p.Def.Code + " (" + p.Def.Title + ") của hồ sơ " + p.Unit.Name
			if before.State != it.State {
				summary += ": " + before.State.LabelVi() + " → " + it.State.LabelVi()
			}
			return at(datchuan.NewChange(c.Actor, datchuan.ActDossierItemUpdate, "dossier_item", it.ID, summary, &before, &it),
				p.Unit.ID, p.Province.Code)
		})
	return &it, err
}

// setResponsible reads the agency chosen to prepare a paper: one of
// DossierOwners, or none.
func (s *Service) setResponsible(ctx context.Context, c Caller, p *DossierPaper, it *datchuan.DossierItem, typed string, pr datchuan.Problems) error {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		it.ResponsibleID = 0
		return nil
	}
	owners, err := s.DossierOwners(ctx, c, p.DossierPlace)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(typed, 10, 64)
	for _, a := range owners {
		if a.ID == id {
			it.ResponsibleID = id
			return nil
		}
	}
	pr.Add(datchuan.FieldAgency, "Chọn cơ quan trong danh sách (choose an agency from the list)")
	return nil
}

// AddDossierFile adds an uploaded file (an attachment the caller may cite)
// as the next version of a paper's file. A paper not started moves to
// drafting with its first file.
func (s *Service) AddDossierFile(ctx context.Context, c Caller, targetID, itemID int64, attachment string) (*datchuan.DossierFile, error) {
	p, err := s.DossierPaper(ctx, c, targetID, itemID)
	if err != nil {
		return nil, err
	}
	if err := p.CheckWork(c); err != nil {
		return nil, err
	}
	if p.Def.Kind.Generated() {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Giấy tờ này được tạo từ số liệu, không tải lên (this paper is made from the data)")
	}
	ok, err := s.Citable(ctx, c, []string{attachment})
	if err != nil {
		return nil, err
	}
	if len(ok) != 1 {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Chọn tệp để tải lên (choose a file)")
	}
	f := &datchuan.DossierFile{Attachment: attachment, UploadedBy: c.Actor.UserID, UploadedAt: s.cfg.Now()}
	err = s.save(ctx, c, func(tx datchuan.Stores) error {
		if err := tx.Dossiers.AddDossierFile(ctx, itemID, f); err != nil {
			return err
		}
		if p.Item.State != datchuan.DossierNotStarted {
			return nil
		}
		moved := *p.Item
		moved.State, moved.UpdatedBy, moved.UpdatedAt = datchuan.DossierDrafting, c.Actor.UserID, f.UploadedAt
		// Someone who changed the paper meanwhile has said where it stands:
		// the file is still added, the state left as they set it. (A stale
		// update changes no row, which leaves the transaction usable.)
		if err := tx.Dossiers.UpdateDossierItem(ctx, &moved); datchuan.ErrorCode(err) != datchuan.ECONFLICT {
			return err
		}
		return nil
	}, func() (*datchuan.Change, error) {
		return at(datchuan.NewChange(c.Actor, datchuan.ActDossierFileAdd, "dossier_item", itemID,
			"Tải lên "+f.Name+" (phiên bản "+strconv.Itoa(f.Version)+") cho "+p.Def.Code+" của hồ sơ "+p.Unit.Name, nil, f),
			p.Unit.ID, p.Province.Code)
	})
	return f, err
}

// DossierFile returns version v of a paper's file (with its content) for
// a caller who reads the target's unit.
func (s *Service) DossierFile(ctx context.Context, c Caller, targetID, itemID int64, v int) (*datchuan.Attachment, error) {
	p, err := s.DossierPaper(ctx, c, targetID, itemID)
	if err != nil {
		return nil, err
	}
	f := p.Item.File(v)
	if f == nil {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Giấy tờ không có phiên bản %d (no such version)", v)
	}
	return s.cfg.Stores.Files.Attachment(ctx, f.Attachment)
}
