package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
)

// The photos of an inspection: uploads of images, each with the time it
// was taken, read from the photo's EXIF data when it has one, else the
// time typed with the upload, else the time of the upload.

// PhotoInput is the photo form as typed: the attachments uploaded (IDs),
// the time they were taken as typed (dd/mm/yyyy HH:MM, or a day), a
// caption, and the files the form could not take.
type PhotoInput struct {
	Files          []string
	Taken, Caption string
	Refused        datchuan.Text
}

// AddPhotos adds photos to an inspection: those the caller may cite, at
// most MaxInspectionPhotos in all, images only.
func (s *Service) AddPhotos(ctx context.Context, c Caller, inspID int64, in PhotoInput) ([]*datchuan.InspectionPhoto, error) {
	x, prov, err := s.recordable(ctx, c, inspID)
	if err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	typed := parseTaken(p, in.Taken)
	ids, err := s.Citable(ctx, c, in.Files)
	if err != nil {
		return nil, err
	}
	had, err := s.cfg.Stores.Inspections.Photos(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	switch {
	case len(ids) == 0 && in.Refused.Vi == "":
		p.Add(datchuan.FieldPhotos, "Chọn ít nhất một ảnh (choose at least one photo)")
	case len(had)+len(ids) > datchuan.MaxInspectionPhotos:
		p.Add(datchuan.FieldPhotos, "Mỗi đợt kiểm tra tối đa %d ảnh; đã có %d (at most %d photos per inspection)",
			datchuan.MaxInspectionPhotos, len(had), datchuan.MaxInspectionPhotos)
	}
	refused(p, datchuan.FieldPhotos, in.Refused)
	var photos []*datchuan.InspectionPhoto
	for _, id := range ids {
		ph, err := s.photoOf(ctx, c, x, id, typed, strings.TrimSpace(in.Caption), p)
		if err != nil {
			return nil, err
		}
		if ph != nil {
			photos = append(photos, ph)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Inspections.AddPhotos(ctx, photos) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActInspectionPhotos, "inspection", x.ID,
				fmt.Sprintf("Thêm %d ảnh kiểm tra thực tế \"%s\"", len(photos), x.Title), nil, photos), prov.ID, prov.Code)
		})
	return photos, err
}

// photoOf makes the photo of attachment id: the time it was taken from its
// EXIF data, else typed, else its upload. What is no image, or not a
// valid photo, is a problem in p (and no photo).
func (s *Service) photoOf(ctx context.Context, c Caller, x *datchuan.Inspection, id string, typed time.Time, caption string,
	p datchuan.Problems) (*datchuan.InspectionPhoto, error) {
	a, err := s.cfg.Stores.Files.Attachment(ctx, id)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(a.ContentType, "image/") {
		p.Add(datchuan.FieldPhotos, "Tệp %s không phải ảnh; chỉ nhận ảnh JPG, PNG (%s is not a photo)", a.Name, a.Name)
		return nil, nil
	}
	ph := &datchuan.InspectionPhoto{InspectionID: x.ID, AttachmentID: a.ID, Caption: caption, AddedBy: c.Actor.UserID,
		AddedAt: s.cfg.Now(), TakenAt: a.UploadedAt, TakenFrom: datchuan.PhotoTimeUpload}
	if t, ok := evidence.TakenAt(a.Data, datchuan.Vietnam()); ok {
		ph.TakenAt, ph.TakenFrom = t, datchuan.PhotoTimeEXIF
	} else if !typed.IsZero() {
		ph.TakenAt, ph.TakenFrom = typed, datchuan.PhotoTimeTyped
	}
	if err := p.Merge(datchuan.FieldPhotos, ph.Validate(s.cfg.Now())); err != nil {
		return nil, err
	}
	return ph, nil
}

// parseTaken reads a time typed dd/mm/yyyy HH:MM (or only the day, taken
// at noon), in Vietnam; zero for nothing typed, a problem for what is no
// time.
func parseTaken(p datchuan.Problems, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	day, clock, _ := strings.Cut(s, " ")
	d := p.ParseDate(datchuan.FieldTaken, day, true)
	if d.IsZero() {
		return time.Time{}
	}
	t := d.Time(datchuan.Vietnam()).Add(12 * time.Hour)
	if clock = strings.TrimSpace(clock); clock != "" {
		hm, err := time.Parse("15:04", clock)
		if err != nil {
			p.Add(datchuan.FieldTaken, "Giờ chụp viết dạng dd/mm/yyyy HH:MM, ví dụ 25/08/2022 09:30 (write the time as dd/mm/yyyy HH:MM)")
			return time.Time{}
		}
		t = d.Time(datchuan.Vietnam()).Add(time.Duration(hm.Hour())*time.Hour + time.Duration(hm.Minute())*time.Minute)
	}
	return t
}

// InspectionPhoto returns a photo of an inspection, with its content, for
// a caller who may read the inspection.
func (s *Service) InspectionPhoto(ctx context.Context, c Caller, inspID int64, file string) (*datchuan.Attachment, error) {
	x, _, err := s.inspectionOf(ctx, c, inspID)
	if err != nil {
		return nil, err
	}
	photos, err := s.cfg.Stores.Inspections.Photos(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	for _, ph := range photos {
		if ph.AttachmentID == file {
			return s.cfg.Stores.Files.Attachment(ctx, file)
		}
	}
	return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Đợt kiểm tra không có ảnh này (no such photo here)")
}
