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

func validGuidance(g *datchuan.Guidance) error {
	switch {
	case blank(g.Number):
		return datchuan.Errorf(datchuan.EINVALID, "Văn bản hướng dẫn chưa có số, ký hiệu (guidance without a number)")
	case g.Date.IsZero():
		return datchuan.Errorf(datchuan.EINVALID, "Văn bản %s chưa có ngày ban hành (guidance without a date)", g.Number)
	case blank(g.Title):
		return datchuan.Errorf(datchuan.EINVALID, "Văn bản %s chưa có trích yếu (guidance without a title)", g.Number)
	case g.AgencyID == 0:
		return datchuan.Errorf(datchuan.EINVALID, "Văn bản %s chưa có cơ quan ban hành (guidance without an agency)", g.Number)
	case blank(g.SetID) || blank(g.CriterionCode):
		return datchuan.Errorf(datchuan.EINVALID, "Văn bản %s chưa gắn với bộ tiêu chí và tiêu chí (guidance without a set and criterion)", g.Number)
	}
	return nil
}

// PublishGuidance stores g and sets g.ID; CreatedAt defaults to now. A
// document needs a number, a date, a title, an agency, a set and a
// criterion (EINVALID); an unknown agency, file or creator is EINVALID.
func (s *GuidanceService) PublishGuidance(ctx context.Context, g *datchuan.Guidance) (err error) {
	defer wrap(&err, "sqldb: publish guidance %q", g.Number)
	if err := validGuidance(g); err != nil {
		return err
	}
	db := s.db
	at := g.CreatedAt
	if at.IsZero() {
		at = db.now()
	}
	var file any
	if g.File != "" {
		file = g.File
	}
	err = db.rw.QueryRowContext(ctx, db.rebind(`
		INSERT INTO guidance (agency_id, set_id, criterion_code, indicator_code, number, issued_on, title, file, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		g.AgencyID, g.SetID, g.CriterionCode, g.IndicatorCode, g.Number, g.Date, g.Title, file, nullID(g.CreatedBy), db.ts(at)).Scan(&g.ID)
	if violationOf(err) == foreignKeyViolation {
		return datchuan.Errorf(datchuan.EINVALID, "Văn bản %s: cơ quan %d, tệp hoặc người tạo không tồn tại (unknown agency, file or creator)", g.Number, g.AgencyID)
	}
	if err != nil {
		return err
	}
	g.CreatedAt = truncTime(at)
	return nil
}

// Guidance returns the documents of a set (every set when setID is ""),
// of one criterion when criterion is not "", newest first: by date, then
// by ID for documents of one day.
func (s *GuidanceService) Guidance(ctx context.Context, setID, criterion string) (_ []*datchuan.Guidance, err error) {
	defer wrap(&err, "sqldb: guidance of %s/%s", setID, criterion)
	db := s.db
	w := &where{db: db}
	if setID != "" {
		w.add("set_id = ?", setID)
	}
	if criterion != "" {
		w.add("criterion_code = ?", criterion)
	}
	rows, err := db.ro.QueryContext(ctx, db.rebind(`
		SELECT id, agency_id, set_id, criterion_code, indicator_code, number, issued_on, title, file, created_by, created_at
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
			&file, scanID{&g.CreatedBy}, scanTime{&g.CreatedAt}); err != nil {
			return nil, err
		}
		g.File = file.String
		docs = append(docs, &g)
	}
	return docs, rows.Err()
}
