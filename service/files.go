package service

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
)

// Upload is a file sent with a form: its name as the browser gave it, its
// announced size and a way to read it.
type Upload struct {
	Name string
	Size int64
	Open func() (io.ReadCloser, error)
}

// StoreUpload checks one uploaded file (size, then type by content) and
// stores it as a new attachment of the caller, under the name they gave
// it; the content is stored once whoever uploads it. It returns the
// attachment (its ID, and its metadata).
func (s *Service) StoreUpload(ctx context.Context, c Caller, up Upload) (*datchuan.Attachment, error) {
	max := s.cfg.MaxUpload
	if err := evidence.CheckSize(up.Name, up.Size, max); err != nil {
		return nil, err
	}
	r, err := up.Open()
	if err != nil {
		return nil, fmt.Errorf("open upload %q: %w", up.Name, err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("read upload %q: %w", up.Name, err)
	}
	if err := evidence.CheckSize(up.Name, int64(len(data)), max); err != nil {
		return nil, err
	}
	kind, err := evidence.DetectNamed(up.Name, data)
	if err != nil {
		return nil, err
	}
	a := &datchuan.Attachment{Name: cleanName(up.Name, kind.Ext), ContentType: kind.ContentType, Data: data, UploadedBy: c.Actor.UserID}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Files.PutAttachment(ctx, a) },
		func() (*datchuan.Change, error) {
			info := *a
			info.Data = nil
			return datchuan.NewChange(c.Actor, datchuan.ActFileUpload, "file", 0,
				fmt.Sprintf("Tải lên tệp %s (%d byte)", a.Name, len(data)), nil, info), nil
		})
	a.Data = nil
	return a, err
}

// StoreUploads stores the files of one form field, at most max of them:
// it returns the IDs of the attachments stored and, for the files refused,
// a message naming each (the others are still stored, so they need not be
// chosen again).
func (s *Service) StoreUploads(ctx context.Context, c Caller, ups []Upload, max int) ([]string, datchuan.Text, error) {
	if len(ups) > max {
		return nil, datchuan.Textf("Quá số tệp cho phép: tối đa %d tệp, đã chọn %d (Too many files: at most %d, %d chosen)", max, len(ups), max, len(ups)), nil
	}
	var ids []string
	var problems, problemsEn []string
	for _, up := range ups {
		a, err := s.StoreUpload(ctx, c, up)
		switch datchuan.ErrorCode(err) {
		case "":
			ids = append(ids, a.ID)
		case datchuan.EINVALID:
			t := datchuan.ErrorText(err)
			problems, problemsEn = append(problems, t.Vi), append(problemsEn, t.In("en"))
		default:
			return nil, datchuan.Text{}, err
		}
	}
	return ids, datchuan.Text{Vi: strings.Join(problems, " "), En: strings.Join(problemsEn, " ")}, nil
}

// refused records, as the problem of a form's file field, the files the
// form could not take.
func refused(p datchuan.Problems, field string, msg datchuan.Text) {
	if msg.Vi != "" {
		p.Add(field, "%s (%s)", msg.Vi, msg.In("en"))
	}
}

// cleanName keeps the base name a browser sent, with the extension the
// content has.
func cleanName(name, ext string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "minh-chung"
	}
	if i := strings.LastIndexByte(name, '.'); i < 0 || !strings.EqualFold(name[i:], ext) {
		name += ext
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	return name
}

// AttachmentFor returns an attachment (with its content) for a caller who
// may read it: its uploader, or whoever reads a unit whose values cite it.
func (s *Service) AttachmentFor(ctx context.Context, c Caller, id string) (*datchuan.Attachment, error) {
	if !datchuan.IsAttachmentID(id) {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có tệp này (no such file)")
	}
	a, err := s.cfg.Stores.Files.Attachment(ctx, id)
	if err != nil {
		return nil, err
	}
	citing, err := s.citingPaths(ctx, c, a)
	if err != nil {
		return nil, err
	}
	return a, c.CheckReadAttachment(a, citing)
}

// citingPaths returns the places of the units whose values cite a; none
// are needed for its uploader.
func (s *Service) citingPaths(ctx context.Context, c Caller, a *datchuan.Attachment) ([]datchuan.UnitPath, error) {
	if a.UploadedBy != 0 && a.UploadedBy == c.Actor.UserID {
		return nil, nil
	}
	ids, err := s.cfg.Stores.Files.AttachmentUnits(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	var out []datchuan.UnitPath
	for _, id := range ids {
		_, p, err := c.Tree.Place(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Citable keeps, of the attachment IDs a form or a client cites, those the
// caller may cite, each once: their own uploads and attachments they can
// already read. Citing an ID must never be a way to read someone else's
// file; and since every upload is an attachment of its own, nobody is
// refused their own upload because someone else uploaded the same bytes.
// Entries that are not attachment IDs are dropped.
func (s *Service) Citable(ctx context.Context, c Caller, refs []string) ([]string, error) {
	var ids []string
	for _, r := range refs {
		if datchuan.IsAttachmentID(r) && !slices.Contains(ids, r) {
			ids = append(ids, r)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	infos, err := s.cfg.Stores.Files.Attachments(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		a := infos[id]
		if a == nil {
			continue
		}
		citing, err := s.citingPaths(ctx, c, a)
		if err != nil {
			return nil, err
		}
		if c.CanReadAttachment(a, citing) {
			out = append(out, id)
		}
	}
	return out, nil
}

// Attachments returns the metadata of the attachments among refs (which
// may hold references written as text), by ID.
func (s *Service) Attachments(ctx context.Context, refs []string) (map[string]*datchuan.Attachment, error) {
	var ids []string
	for _, r := range refs {
		if datchuan.IsAttachmentID(r) {
			ids = append(ids, r)
		}
	}
	if len(ids) == 0 {
		return map[string]*datchuan.Attachment{}, nil
	}
	return s.cfg.Stores.Files.Attachments(ctx, ids)
}
