package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/datchuan/datchuan"
)

// UnitService stores administrative units and their history.
type UnitService struct{ db *DB }

// unitChunk is how many units one INSERT carries: 500 rows of 11 values stay
// far below SQLite's 32,766 and PostgreSQL's 65,535 placeholders.
const unitChunk = 500

// linkChunk is how many links one INSERT carries (4 values each).
const linkChunk = 1000

const unitColumns = `id, code, name, type, level, parent_code, valid_from, valid_to, source,
	region, extremely_difficult, commune_group`

// unitFields are the columns of unitColumns.
func unitFields(u *datchuan.Unit) []any {
	return []any{&u.ID, &u.Code, &u.Name, &u.Type, &u.Level, &u.ParentCode, &u.ValidFrom, &u.ValidTo,
		&u.Source, &u.Region, &u.ExtremelyDifficult, &u.CommuneGroup}
}

// ApplyUnitSnapshot merges an official list into the stored history in one
// transaction: the units in force are planned against the list
// (datchuan.PlanUnitSnapshot), changed and vanished ones are closed at the
// snapshot date, new versions opened, the links inserted and the snapshot's
// name recorded. A snapshot applied before changes nothing. Snapshots must
// come in date order; only the first may have a zero date.
func (s *UnitService) ApplyUnitSnapshot(ctx context.Context, snap datchuan.UnitSnapshot) (res datchuan.UnitImportResult, err error) {
	defer wrap(&err, "sqldb: apply unit snapshot %q", snap.Name)
	if err := validSnapshot(snap); err != nil {
		return res, err
	}
	db := s.db
	res.Snapshot = snap.Name
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := db.lock(ctx, tx, lockUnits); err != nil {
			return err
		}
		var applied, later int
		err := tx.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM unit_snapshots WHERE name = ?`), snap.Name).Scan(&applied)
		if err != nil {
			return fmt.Errorf("check applied: %w", err)
		}
		if applied > 0 {
			res.Unchanged = true
			return nil
		}
		// Snapshots come in date order, one per date; only the first may be
		// undated (open to the past).
		q, args := `SELECT COUNT(*) FROM unit_snapshots`, []any{}
		if !snap.EffectiveFrom.IsZero() {
			q, args = q+` WHERE effective_from >= ?`, []any{snap.EffectiveFrom}
		}
		if err := tx.QueryRowContext(ctx, db.rebind(q), args...).Scan(&later); err != nil {
			return fmt.Errorf("check order: %w", err)
		}
		if later > 0 {
			return datchuan.Errorf(datchuan.EINVALID, "%s: danh mục hiệu lực từ %s không mới hơn danh mục đã áp dụng (the snapshot is not newer than those applied)",
				snap.Name, or(snap.EffectiveFrom.VN(), "trước đây"))
		}

		open, err := s.openUnits(ctx, tx)
		if err != nil {
			return err
		}
		plan, err := datchuan.PlanUnitSnapshot(open, snap)
		if err != nil {
			return err
		}
		if err := s.closeUnits(ctx, tx, plan.Close, snap.EffectiveFrom); err != nil {
			return err
		}
		ids, err := s.insertUnits(ctx, tx, plan.Open, snap)
		if err != nil {
			return err
		}
		for _, u := range plan.Keep {
			ids[u.Key()] = u.ID
		}
		if err := s.insertLinks(ctx, tx, plan.Links, ids, snap); err != nil {
			return err
		}
		res.Kept, res.Opened, res.Closed, res.Links = len(plan.Keep), len(plan.Open), len(plan.Close), len(plan.Links)
		_, err = tx.ExecContext(ctx, db.rebind(`
			INSERT INTO unit_snapshots (name, effective_from, applied_at, kept, opened, closed, links)
			VALUES (?, ?, ?, ?, ?, ?, ?)`),
			snap.Name, snap.EffectiveFrom, db.ts(db.now()), res.Kept, res.Opened, res.Closed, res.Links)
		if err != nil {
			return fmt.Errorf("record snapshot: %w", err)
		}
		return nil
	})
	if err != nil {
		return datchuan.UnitImportResult{}, err
	}
	return res, nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// validSnapshot checks what the schema needs of each record.
func validSnapshot(snap datchuan.UnitSnapshot) error {
	if strings.TrimSpace(snap.Name) == "" {
		return datchuan.Errorf(datchuan.EINVALID, "Danh mục đơn vị chưa có tên (unnamed unit snapshot)")
	}
	for i, r := range snap.Units {
		switch {
		case r.Code == "":
			return datchuan.Errorf(datchuan.EINVALID, "%s: đơn vị thứ %d thiếu mã (unit without a code)", snap.Name, i+1)
		case r.Name == "":
			return datchuan.Errorf(datchuan.EINVALID, "%s: đơn vị %s thiếu tên (unit without a name)", snap.Name, r.Code)
		case !r.Level.Valid():
			return datchuan.Errorf(datchuan.EINVALID, "%s: đơn vị %s có cấp không hợp lệ %q (invalid level)", snap.Name, r.Code, r.Level)
		}
	}
	return nil
}

// openUnits loads the unit versions in force.
func (s *UnitService) openUnits(ctx context.Context, tx *sql.Tx) (_ []*datchuan.Unit, err error) {
	defer wrap(&err, "load units in force")
	return queryAll(ctx, tx, unitFields, `SELECT `+unitColumns+` FROM units WHERE valid_to IS NULL`)
}

// closeUnits ends the validity of units at date on.
func (s *UnitService) closeUnits(ctx context.Context, tx *sql.Tx, units []*datchuan.Unit, on datchuan.Date) (err error) {
	defer wrap(&err, "close units")
	if len(units) == 0 {
		return nil
	}
	if on.IsZero() {
		// Only the first snapshot may be undated, and it finds nothing to close.
		return datchuan.Errorf(datchuan.EINVALID, "Danh mục thay thế đơn vị đang có hiệu lực phải có ngày hiệu lực (a snapshot that replaces units needs a date)")
	}
	ids := make([]int64, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	cond, arg, err := s.db.inList("id", ids)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, s.db.rebind(`UPDATE units SET valid_to = ? WHERE `+cond), on, arg)
	return err
}

// insertUnits opens the new versions and returns their IDs by key.
func (s *UnitService) insertUnits(ctx context.Context, tx *sql.Tx, recs []datchuan.UnitRecord, snap datchuan.UnitSnapshot) (_ map[datchuan.UnitKey]int64, err error) {
	defer wrap(&err, "insert units")
	ids := make(map[datchuan.UnitKey]int64, len(recs))
	const cols = 11
	args := make([]any, 0, unitChunk*cols)
	err = inChunks(ctx, tx, recs, unitChunk, func(rows int) string {
		return s.db.rebind(`INSERT INTO units (code, name, type, level, parent_code, valid_from, source,
			region, extremely_difficult, commune_group, search_key) VALUES ` +
			placeholders(rows, cols) + ` RETURNING id, level, code`)
	}, func(stmt *sql.Stmt, chunk []datchuan.UnitRecord) error {
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r.Code, r.Name, r.Type, string(r.Level), r.ParentCode, snap.EffectiveFrom, snap.Name,
				r.Region, r.ExtremelyDifficult, r.CommuneGroup, datchuan.Fold(r.Name))
		}
		rows, err := stmt.QueryContext(ctx, args...)
		if err != nil {
			return err
		}
		return scanKeys(rows, ids)
	})
	if err != nil {
		return nil, err
	}
	if len(ids) != len(recs) {
		return nil, fmt.Errorf("inserted %d units, got %d ids", len(recs), len(ids))
	}
	return ids, nil
}

// scanKeys reads RETURNING id, level, code rows, whose order neither engine
// promises, into ids.
func scanKeys(rows *sql.Rows, ids map[datchuan.UnitKey]int64) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k datchuan.UnitKey
		if err := rows.Scan(&id, &k.Level, &k.Code); err != nil {
			return err
		}
		ids[k] = id
	}
	return rows.Err()
}

// insertLinks inserts the planned links, resolving their targets by key.
func (s *UnitService) insertLinks(ctx context.Context, tx *sql.Tx, links []datchuan.PlannedLink, ids map[datchuan.UnitKey]int64, snap datchuan.UnitSnapshot) (err error) {
	defer wrap(&err, "insert links")
	const cols = 4
	args := make([]any, 0, linkChunk*cols)
	err = inChunks(ctx, tx, links, linkChunk, func(rows int) string {
		return s.db.rebind(`INSERT INTO unit_links (from_id, to_id, kind, on_date) VALUES ` + placeholders(rows, cols))
	}, func(stmt *sql.Stmt, chunk []datchuan.PlannedLink) error {
		args = args[:0]
		for _, l := range chunk {
			to, ok := ids[l.To]
			if !ok {
				return fmt.Errorf("link target %s %s has no unit", l.To.Level, l.To.Code)
			}
			args = append(args, l.FromID, to, string(l.Kind), snap.EffectiveFrom)
		}
		_, err := stmt.ExecContext(ctx, args...)
		return err
	})
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.EINVALID, "%s: một cặp đơn vị được liên kết hai lần (a pair of units is linked twice)", snap.Name)
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "%s: loại liên kết không hợp lệ; cần full, partial hoặc same (invalid link kind)", snap.Name)
	}
	return err
}

// inChunks writes items in multi-row statements of at most size rows: run
// gets each chunk and the statement of text(rows) for its row count,
// prepared in tx. Every full chunk has the same text, so their statement
// is prepared once.
func inChunks[T any](ctx context.Context, tx *sql.Tx, items []T, size int, text func(rows int) string, run func(*sql.Stmt, []T) error) error {
	stmts := map[int]*sql.Stmt{} // by row count: the full one and the last
	defer func() {
		for _, stmt := range stmts {
			stmt.Close()
		}
	}()
	for start := 0; start < len(items); start += size {
		chunk := items[start:min(start+size, len(items))]
		stmt, ok := stmts[len(chunk)]
		if !ok {
			var err error
			if stmt, err = tx.PrepareContext(ctx, text(len(chunk))); err != nil {
				return err
			}
			stmts[len(chunk)] = stmt
		}
		if err := run(stmt, chunk); err != nil {
			return err
		}
	}
	return nil
}

// placeholders returns "(?, ?), (?, ?)" for rows rows of cols values.
func placeholders(rows, cols int) string {
	row := "(" + strings.Repeat("?, ", cols-1) + "?)"
	var b strings.Builder
	b.Grow(rows * (len(row) + 2))
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// Unit returns the unit version with the given ID, or ENOTFOUND.
func (s *UnitService) Unit(ctx context.Context, id int64) (_ *datchuan.Unit, err error) {
	defer wrap(&err, "sqldb: unit %d", id)
	return queryOne(ctx, s.db.r(), unitFields, unitNotFound(id), s.db.rebind(`SELECT `+unitColumns+` FROM units WHERE id = ?`), id)
}

func unitNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy đơn vị hành chính %d (unit not found)", id)
}

// FindUnits returns the matching unit versions ordered by code, then by the
// start of validity (open start first). Query matches a substring of the
// folded name (datchuan.Fold), so "cau ngang" finds "Huyện Cầu Ngang". A nil
// IDs, Codes or ParentCodes does not filter; an empty, non-nil one matches
// nothing.
func (s *UnitService) FindUnits(ctx context.Context, f datchuan.UnitFilter) (_ []*datchuan.Unit, err error) {
	defer wrap(&err, "sqldb: find units")
	db := s.db
	w := &where{db: db}
	w.in("id", f.IDs)
	w.eq("code", f.Code)
	w.in("code", f.Codes)
	w.eq("level", string(f.Level))
	w.eq("parent_code", f.ParentCode)
	w.in("parent_code", f.ParentCodes)
	if !f.On.IsZero() {
		w.add("(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)", f.On, f.On)
	}
	if key := datchuan.Fold(f.Query); key != "" {
		w.add(`search_key LIKE ? ESCAPE '!'`, "%"+escapeLike(key)+"%")
	}
	if w.err != nil {
		return nil, w.err
	}
	q := `SELECT ` + unitColumns + ` FROM units` + w.String() + ` ORDER BY code, valid_from NULLS FIRST, id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		w.args = append(w.args, f.Limit)
	}
	return queryAll(ctx, db.r(), unitFields, db.rebind(q), w.args...)
}

// escapeLike escapes the LIKE wildcards of s with '!', an escape character
// that means the same in both engines whatever their string settings.
func escapeLike(s string) string {
	return strings.NewReplacer(`!`, `!!`, `%`, `!%`, `_`, `!_`).Replace(s)
}

// UnitLinks returns the links into the unit version id (from: the units it
// was formed from) and out of it (into: the units it went into), or
// ENOTFOUND when there is no such unit.
func (s *UnitService) UnitLinks(ctx context.Context, id int64) (from, into []datchuan.UnitLink, err error) {
	defer wrap(&err, "sqldb: links of unit %d", id)
	db := s.db
	if err := db.requireRow(ctx, db.r(), "units", id, unitNotFound(id)); err != nil {
		return nil, nil, err
	}
	from, into = []datchuan.UnitLink{}, []datchuan.UnitLink{}
	err = eachRow(ctx, db.r(), db.rebind(`
		SELECT from_id, to_id, kind, on_date FROM unit_links
		WHERE to_id = ? OR from_id = ? ORDER BY id`), []any{id, id}, func(rows *sql.Rows) error {
		var l datchuan.UnitLink
		if err := rows.Scan(&l.FromID, &l.ToID, &l.Kind, &l.On); err != nil {
			return err
		}
		if l.ToID == id {
			from = append(from, l)
		}
		if l.FromID == id {
			into = append(into, l)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return from, into, nil
}

// UpdateClassifiers sets the classifiers of one unit version.
func (s *UnitService) UpdateClassifiers(ctx context.Context, id int64, c datchuan.Classifiers) (err error) {
	defer wrap(&err, "sqldb: update classifiers of unit %d", id)
	switch c.CommuneGroup {
	case "", "1", "2", "3":
	default:
		return datchuan.Errorf(datchuan.EINVALID, "Nhóm xã %q không hợp lệ; cần 1, 2 hoặc 3 (invalid commune group)", c.CommuneGroup)
	}
	res, err := s.db.q().ExecContext(ctx, s.db.rebind(`
		UPDATE units SET region = ?, extremely_difficult = ?, commune_group = ? WHERE id = ?`),
		c.Region, c.ExtremelyDifficult, c.CommuneGroup, id)
	return oneRow(res, err, unitNotFound(id))
}
