package sqldb

import (
	"context"

	"github.com/datchuan/datchuan"
)

// GuidanceService stores the guidance documents lead departments publish.
type GuidanceService struct{ db *DB }

// PublishGuidance stores g and sets g.ID and g.Version (1); CreatedAt
// defaults to now. Whether a document is complete is Guidance.Validate's to
// say; the table refuses (EINVALID) an unknown agency, file or creator, and
// an empty number or title or a missing date.
func (s *GuidanceService) PublishGuidance(ctx context.Context, g *datchuan.Guidance) (err error) {
	defer wrap(&err, "sqldb: publish guidance %q", g.Number)
	db := s.db
	at := db.orNow(g.CreatedAt)
	var id int64
	var version int
	err = db.q().QueryRowContext(ctx, db.rebind(`
		INSERT INTO guidance (agency_id, set_id, criterion_code, indicator_code, number, issued_on, title, attachment_id, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
		g.AgencyID, g.SetID, g.CriterionCode, g.IndicatorCode, g.Number, g.Date, g.Title, orNull(g.File), orNull(g.CreatedBy), db.ts(at)).
		Scan(&id, &version)
	switch violationOf(err) {
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Văn bản %s: cơ quan %d, tệp hoặc người tạo không tồn tại (unknown agency, file or creator)", g.Number, g.AgencyID)
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Văn bản hướng dẫn cần số, ký hiệu, ngày ban hành và trích yếu (guidance needs a number, a date and a title)")
	}
	if err != nil {
		return err
	}
	g.ID, g.Version, g.CreatedAt = id, version, truncTime(at)
	return nil
}

// GuidanceByID returns the document with the given ID, or ENOTFOUND.
func (s *GuidanceService) GuidanceByID(ctx context.Context, id int64) (_ *datchuan.Guidance, err error) {
	defer wrap(&err, "sqldb: guidance %d", id)
	docs, err := s.findGuidance(ctx, whereOf(s.db, "id = ?", id))
	return only(docs, err, datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy văn bản hướng dẫn %d (guidance not found)", id))
}

// Guidance returns the documents f selects, newest first: by date, then by
// ID for documents of one day. A nil list does not filter; an empty,
// non-nil one matches nothing.
func (s *GuidanceService) Guidance(ctx context.Context, f datchuan.GuidanceFilter) (_ []*datchuan.Guidance, err error) {
	defer wrap(&err, "sqldb: guidance")
	w := &where{db: s.db}
	w.in("agency_id", f.AgencyIDs)
	w.in("set_id", f.SetIDs)
	w.eq("criterion_code", f.Criterion)
	return s.findGuidance(ctx, w)
}

func (s *GuidanceService) findGuidance(ctx context.Context, w *where) ([]*datchuan.Guidance, error) {
	if w.err != nil {
		return nil, w.err
	}
	db := s.db
	return queryAll(ctx, db.r(), guidanceFields, db.rebind(`
		SELECT id, agency_id, set_id, criterion_code, indicator_code, number, issued_on, title, attachment_id, created_by, created_at, version
		FROM guidance`+w.String()+` ORDER BY issued_on DESC, id DESC`), w.args...)
}

// guidanceFields are the columns findGuidance selects.
func guidanceFields(g *datchuan.Guidance) []any {
	return []any{&g.ID, &g.AgencyID, &g.SetID, &g.CriterionCode, &g.IndicatorCode, &g.Number, &g.Date, &g.Title,
		scanNull[string]{&g.File}, scanID{&g.CreatedBy}, scanTime{&g.CreatedAt}, &g.Version}
}
