package sqldb

import (
	"context"
	"database/sql"

	"github.com/datchuan/datchuan"
)

// GuidanceService stores the guidance documents lead departments publish.
type GuidanceService struct{ db *DB }

var _ datchuan.GuidanceService = (*GuidanceService)(nil)

// NewGuidanceService returns the guidance service of db.
func NewGuidanceService(db *DB) *GuidanceService { return &GuidanceService{db: db} }

// PublishGuidance stores g and sets g.ID and g.Version (1); CreatedAt
// defaults to now. Whether a document is complete is Guidance.Validate's to
// say; the table refuses (EINVALID) an unknown agency, file or creator, and
// an empty number or title or a missing date.
func (s *GuidanceService) PublishGuidance(ctx context.Context, g *datchuan.Guidance) (err error) {
	defer wrap(&err, "sqldb: publish guidance %q", g.Number)
	db := s.db
	at := g.CreatedAt
	if at.IsZero() {
		at = db.now()
	}
	var file any
	if g.File != "" {
		file = g.File
	}
	var id int64
	var version int
	err = db.q().QueryRowContext(ctx, db.rebind(`
		INSERT INTO guidance (agency_id, set_id, criterion_code, indicator_code, number, issued_on, title, file, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
		g.AgencyID, g.SetID, g.CriterionCode, g.IndicatorCode, g.Number, g.Date, g.Title, file, nullID(g.CreatedBy), db.ts(at)).
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
	w := &where{db: s.db}
	w.add("id = ?", id)
	docs, err := s.findGuidance(ctx, w)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy văn bản hướng dẫn %d (guidance not found)", id)
	}
	return docs[0], nil
}

// Guidance returns the documents f selects, newest first: by date, then by
// ID for documents of one day. A nil list does not filter; an empty,
// non-nil one matches nothing.
func (s *GuidanceService) Guidance(ctx context.Context, f datchuan.GuidanceFilter) (_ []*datchuan.Guidance, err error) {
	defer wrap(&err, "sqldb: guidance")
	w := &where{db: s.db}
	if f.AgencyIDs != nil {
		w.in("agency_id", f.AgencyIDs)
	}
	if f.SetIDs != nil {
		w.in("set_id", f.SetIDs)
	}
	if f.Criterion != "" {
		w.add("criterion_code = ?", f.Criterion)
	}
	if w.err != nil {
		return nil, w.err
	}
	return s.findGuidance(ctx, w)
}

func (s *GuidanceService) findGuidance(ctx context.Context, w *where) ([]*datchuan.Guidance, error) {
	db := s.db
	rows, err := db.r().QueryContext(ctx, db.rebind(`
		SELECT id, agency_id, set_id, criterion_code, indicator_code, number, issued_on, title, file, created_by, created_at, version
		FROM guidance`+w.String()+` ORDER BY issued_on DESC, id DESC`), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	docs := []*datchuan.Guidance{}
	for rows.Next() {
		var g datchuan.Guidance
		var file sql.NullString
		if err := rows.Scan(&g.ID, &g.AgencyID, &g.SetID, &g.CriterionCode, &g.IndicatorCode, &g.Number, &g.Date, &g.Title,
			&file, scanID{&g.CreatedBy}, scanTime{&g.CreatedAt}, &g.Version); err != nil {
			return nil, err
		}
		g.File = file.String
		docs = append(docs, &g)
	}
	return docs, rows.Err()
}
