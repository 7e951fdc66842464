package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
)

// ValueService stores reported values and their reviews. Values are never
// updated or deleted: a correction is a new report, a decision a new review.
type ValueService struct{ db *DB }

// ReportValue appends a report and sets v.ID and v.State = StateReported.
// ReportedAt defaults to now; it is set to the stored instant (UTC, whole
// microseconds). Evidence references that are attachment IDs are linked to
// their attachments (EINVALID when one does not exist); every reference is
// kept in the evidence column.
func (s *ValueService) ReportValue(ctx context.Context, v *datchuan.Value) (err error) {
	defer wrap(&err, "sqldb: report value %s/%s for unit %d", v.SetID, v.IndicatorCode, v.UnitID)
	if err := checkStorable(v); err != nil {
		return err
	}
	var evidence any
	if len(v.Evidence) > 0 {
		b, err := json.Marshal(v.Evidence)
		if err != nil {
			return err
		}
		evidence = string(b)
	}
	db := s.db
	at := db.orNow(v.ReportedAt)
	m := v.Measure
	var id int64
	// The value and its links to evidence files are stored together: a
	// value citing a missing file is not stored at all.
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO reported_values (unit_id, set_id, indicator_code, as_of, measure_kind, bool_value,
				number_value, numerator, denominator, reported_by, reported_at, evidence, comment)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			v.UnitID, v.SetID, v.IndicatorCode, v.AsOf, string(m.Kind), m.Bool,
			m.Number, m.Numerator, m.Denominator, orNull(v.ReportedBy), db.ts(at), evidence, v.Comment).Scan(&id)
		if violationOf(err) == foreignKeyViolation {
			return datchuan.Errorf(datchuan.EINVALID, "Đơn vị %d hoặc người báo cáo %d không tồn tại (unknown unit or reporter)", v.UnitID, v.ReportedBy)
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return db.linkEvidence(ctx, tx, id, v.Evidence)
	})
	if err != nil {
		return err
	}
	v.ID, v.ReportedAt, v.State = id, truncTime(at), datchuan.StateReported
	v.ReviewedBy, v.ReviewedAt, v.ReturnReason = 0, time.Time{}, ""
	return nil
}

// checkStorable refuses what the reported_values table cannot hold: a
// value with no set or indicator, no as-of date or an unknown measure kind.
// ReportValue and LoadValues both ask it, so that both refuse alike.
func checkStorable(v *datchuan.Value) error {
	switch {
	case v.SetID == "" || v.IndicatorCode == "":
		return datchuan.Errorf(datchuan.EINVALID, "Cần bộ tiêu chí và chỉ tiêu (set and indicator required)")
	case v.AsOf.IsZero():
		return datchuan.Errorf(datchuan.EINVALID, "Chưa nhập ngày số liệu (no as-of date)")
	}
	switch v.Measure.Kind {
	case datchuan.MeasureBool, datchuan.MeasureNumber, datchuan.MeasureRatio:
		return nil
	}
	return datchuan.Errorf(datchuan.EINVALID, "Loại giá trị %q không hợp lệ (invalid measure kind)", v.Measure.Kind)
}

// Errors of ReviewValue that a reviewer may meet in a race.
const (
	msgSuperseded = "Giá trị đã được báo cáo lại; vui lòng tải lại trang (the value was reported again; reload the page)"
	msgReviewed   = "Giá trị này đã được xem xét; vui lòng tải lại trang (the value was already reviewed; reload the page)"
)

// ReviewValue confirms or returns a value and sets r.ID; At defaults to now.
// In one transaction it checks that the value exists (ENOTFOUND), is the
// latest report of its indicator for its unit (ECONFLICT) and has no review
// (ECONFLICT); of two reviewers at once, the unique value_id of reviews lets
// exactly one win. Returning needs a reason (EINVALID).
func (s *ValueService) ReviewValue(ctx context.Context, r *datchuan.Review) (err error) {
	defer wrap(&err, "sqldb: review value %d", r.ValueID)
	switch r.Decision {
	case datchuan.StateConfirmed:
	case datchuan.StateReturned:
		if strings.TrimSpace(r.Reason) == "" {
			return datchuan.Errorf(datchuan.EINVALID, "Cần nêu lý do trả lại (a reason is required to return a value)")
		}
	default:
		return datchuan.Errorf(datchuan.EINVALID, "Quyết định %q không hợp lệ; cần xác nhận hoặc trả lại (invalid decision)", r.Decision)
	}
	db := s.db
	at := db.orNow(r.At)
	var id int64
	err = db.write(ctx, func(tx *sql.Tx) error {
		var unitID int64
		var setID, indicator string
		var asOf datchuan.Date
		var reportedAt time.Time
		err := tx.QueryRowContext(ctx, db.rebind(`
			SELECT unit_id, set_id, indicator_code, as_of, reported_at FROM reported_values WHERE id = ?`), r.ValueID).
			Scan(&unitID, &setID, &indicator, &asOf, scanTime{&reportedAt})
		if errors.Is(err, sql.ErrNoRows) {
			return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy giá trị %d (value not found)", r.ValueID)
		}
		if err != nil {
			return fmt.Errorf("load value: %w", err)
		}
		// "Later" as in datchuan.CurrentValues: as-of date, report time, ID.
		var newer int
		err = tx.QueryRowContext(ctx, db.rebind(`
			SELECT COUNT(*) FROM reported_values
			WHERE unit_id = ? AND set_id = ? AND indicator_code = ?
				AND (as_of > ? OR (as_of = ? AND (reported_at > ? OR (reported_at = ? AND id > ?))))`),
			unitID, setID, indicator, asOf, asOf, db.ts(reportedAt), db.ts(reportedAt), r.ValueID).Scan(&newer)
		if err != nil {
			return fmt.Errorf("check newer reports: %w", err)
		}
		if newer > 0 {
			return datchuan.Errorf(datchuan.ECONFLICT, msgSuperseded)
		}
		var reviewed int
		err = tx.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM reviews WHERE value_id = ?`), r.ValueID).Scan(&reviewed)
		if err != nil {
			return fmt.Errorf("check reviews: %w", err)
		}
		if reviewed > 0 {
			return datchuan.Errorf(datchuan.ECONFLICT, msgReviewed)
		}
		err = tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO reviews (value_id, decision, reviewed_by, reviewed_at, reason)
			VALUES (?, ?, ?, ?, ?) RETURNING id`),
			r.ValueID, string(r.Decision), orNull(r.By), db.ts(at), r.Reason).Scan(&id)
		switch violationOf(err) {
		case uniqueViolation: // another reviewer committed first
			return datchuan.Errorf(datchuan.ECONFLICT, msgReviewed)
		case foreignKeyViolation:
			return datchuan.Errorf(datchuan.EINVALID, "Người xem xét %d không tồn tại (unknown reviewer)", r.By)
		}
		if err != nil {
			return fmt.Errorf("insert review: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.ID, r.At = id, truncTime(at)
	return nil
}

// Values returns what f selects: by default datchuan.CurrentValues of the
// matching history as of f.At (the latest report per unit, set and
// indicator, with its state then); with f.History every report before f.At
// with its state then, ordered by unit, set, indicator and report time.
// Reports and reviews come from one statement, so they are consistent.
func (s *ValueService) Values(ctx context.Context, f datchuan.ValueFilter) (_ []*datchuan.Value, err error) {
	defer wrap(&err, "sqldb: values")
	db := s.db
	w := &where{db: db}
	join := `LEFT JOIN reviews r ON r.value_id = v.id`
	var joinArgs []any
	if !f.At.IsZero() {
		join, joinArgs = join+` AND r.reviewed_at < ?`, []any{db.tsAfter(f.At)}
		w.add(`v.reported_at < ?`, db.tsAfter(f.At))
	}
	w.in("v.id", f.IDs)
	w.in("v.unit_id", f.UnitIDs)
	w.eq("v.set_id", f.SetID)
	w.eq("v.indicator_code", f.IndicatorCode)
	order := `ORDER BY v.unit_id, v.set_id, v.indicator_code, v.reported_at, v.id`
	if f.History && (f.Limit > 0 || f.BeforeID > 0) {
		// A page: by ID, which only grows, so that no report moves between
		// pages while someone walks them.
		if f.BeforeID > 0 {
			w.add(`v.id < ?`, f.BeforeID)
		}
		order = `ORDER BY v.id DESC`
		if f.Limit > 0 {
			order += ` LIMIT ` + strconv.Itoa(f.Limit)
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	from, fromArgs := `reported_values v`, []any(nil)
	if !f.History && f.At.IsZero() && f.IDs == nil {
		// Only the latest report of each unit, set and indicator can be
		// current: rank them in the database rather than read a year of
		// history to keep one report in ten. CurrentValues below still
		// picks each one's latest review.
		from = `(SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.unit_id, v.set_id, v.indicator_code
			ORDER BY v.as_of DESC, v.reported_at DESC, v.id DESC) AS latest
			FROM reported_values v` + w.String() + `) v`
		fromArgs, w = w.args, whereOf(db, "v.latest = 1")
	}
	q := `SELECT v.id, v.unit_id, v.set_id, v.indicator_code, v.as_of, v.measure_kind, v.bool_value,
			v.number_value, v.numerator, v.denominator, v.reported_by, v.reported_at, v.evidence, v.comment,
			r.id, r.decision, r.reviewed_by, r.reviewed_at, r.reason
		FROM ` + from + ` ` + join + w.String() + `
		` + order
	values := []*datchuan.Value{}
	var reviews []*datchuan.Review
	err = eachRow(ctx, db.r(), db.rebind(q), append(append(fromArgs, joinArgs...), w.args...), func(rows *sql.Rows) error {
		var v datchuan.Value
		var rv datchuan.Review
		var evidence sql.NullString
		m := &v.Measure
		if err := rows.Scan(&v.ID, &v.UnitID, &v.SetID, &v.IndicatorCode, &v.AsOf, &m.Kind, &m.Bool,
			&m.Number, &m.Numerator, &m.Denominator, scanID{&v.ReportedBy}, scanTime{&v.ReportedAt}, &evidence, &v.Comment,
			scanID{&rv.ID}, scanNull[datchuan.ValueState]{&rv.Decision}, scanID{&rv.By}, scanTime{&rv.At}, scanNull[string]{&rv.Reason}); err != nil {
			return err
		}
		if evidence.Valid {
			if err := json.Unmarshal([]byte(evidence.String), &v.Evidence); err != nil {
				return fmt.Errorf("evidence of value %d: %w", v.ID, err)
			}
		}
		v.State = datchuan.StateReported
		values = append(values, &v)
		if rv.ID != 0 {
			rv.ValueID = v.ID
			reviews = append(reviews, &rv)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !f.History {
		return datchuan.CurrentValues(values, reviews, f.At), nil
	}
	// Each value has at most one review, already limited to before f.At.
	byValue := make(map[int64]*datchuan.Review, len(reviews))
	for _, r := range reviews {
		byValue[r.ValueID] = r
	}
	for _, v := range values {
		if r, ok := byValue[v.ID]; ok {
			v.State, v.ReviewedBy, v.ReviewedAt = r.Decision, r.By, r.At
			if r.Decision == datchuan.StateReturned {
				v.ReturnReason = r.Reason
			}
		}
	}
	return values, nil
}
