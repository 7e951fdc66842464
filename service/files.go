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
// stores it, content-addressed; it returns the stored file (its hash, and
// its metadata).
func (s *Service) StoreUpload(ctx context.Context, c Caller, up Upload) (*datchuan.File, error) {
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
	f := &datchuan.File{Name: cleanName(up.Name, kind.Ext), ContentType: kind.ContentType, Data: data, UploadedBy: c.Actor.UserID}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Files.PutFile(ctx, f) },
		func() (*datchuan.Change, error) {
			info := *f
			info.Data = nil
			return datchuan.NewChange(c.Actor, datchuan.ActFileUpload, "file", 0,
				fmt.Sprintf("Tải lên tệp %s (%d byte)", f.Name, len(data)), nil, info), nil
		})
	f.Data = nil
	if err == nil && c.fresh != nil {
		c.fresh[f.Hash] = true
	}
	return f, err
}

// StoreUploads stores the files of one form field, at most max of them:
// it returns the hashes stored and, for the files refused, a message
// naming each (the others are still stored, so they need not be chosen
// again).
func (s *Service) StoreUploads(ctx context.Context, c Caller, ups []Upload, max int) ([]string, string, error) {
	if len(ups) > max {
		return nil, fmt.Sprintf("Quá số tệp cho phép: tối đa %d tệp, đã chọn %d (too many files)", max, len(ups)), nil
	}
	var hashes, problems []string
	for _, up := range ups {
		f, err := s.StoreUpload(ctx, c, up)
		switch datchuan.ErrorCode(err) {
		case "":
			hashes = append(hashes, f.Hash)
		case datchuan.EINVALID:
			problems = append(problems, datchuan.ErrorMessage(err))
		default:
			return nil, "", err
		}
	}
	return hashes, strings.Join(problems, " "), nil
}

// refused records, as the problem of a form's file field, the files the
// form could not take.
func refused(p datchuan.Problems, field, msg string) {
	if msg != "" {
		p.Add(field, "%s", msg)
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

// FileFor returns a stored file (with its content) for a caller who may
// read it: its uploader, or whoever reads a unit whose values cite it.
func (s *Service) FileFor(ctx context.Context, c Caller, hash string) (*datchuan.File, error) {
	if !datchuan.IsFileHash(hash) {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có tệp này (no such file)")
	}
	f, err := s.cfg.Stores.Files.File(ctx, hash)
	if err != nil {
		return nil, err
	}
	citing, err := s.citingPaths(ctx, c, f)
	if err != nil {
		return nil, err
	}
	return f, c.CheckReadFile(f, citing)
}

// citingPaths returns the places of the units whose values cite f; none
// are needed for its uploader.
func (s *Service) citingPaths(ctx context.Context, c Caller, f *datchuan.File) ([]datchuan.UnitPath, error) {
	if f.UploadedBy != 0 && f.UploadedBy == c.Actor.UserID {
		return nil, nil
	}
	ids, err := s.cfg.Stores.Files.FileUnits(ctx, f.Hash)
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

// Citable keeps, of the hashes a form or a client cites, the stored files
// the caller may cite, each once: those they uploaded and those they can
// already read. Citing a hash must never be a way to read someone else's
// file. Entries that are not file hashes are dropped.
func (s *Service) Citable(ctx context.Context, c Caller, refs []string) ([]string, error) {
	var hashes []string
	for _, r := range refs {
		if datchuan.IsFileHash(r) && !slices.Contains(hashes, r) {
			hashes = append(hashes, r)
		}
	}
	if len(hashes) == 0 {
		return nil, nil
	}
	infos, err := s.cfg.Stores.Files.FileInfos(ctx, hashes)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, h := range hashes {
		f := infos[h]
		if f == nil {
			continue
		}
		if c.fresh[h] {
			out = append(out, h)
			continue
		}
		citing, err := s.citingPaths(ctx, c, f)
		if err != nil {
			return nil, err
		}
		if c.CanReadFile(f, citing) {
			out = append(out, h)
		}
	}
	return out, nil
}

// FileInfos returns the metadata of the stored files among hashes.
func (s *Service) FileInfos(ctx context.Context, hashes []string) (map[string]*datchuan.File, error) {
	var fs []string
	for _, h := range hashes {
		if datchuan.IsFileHash(h) {
			fs = append(fs, h)
		}
	}
	if len(fs) == 0 {
		return map[string]*datchuan.File{}, nil
	}
	return s.cfg.Stores.Files.FileInfos(ctx, fs)
}
