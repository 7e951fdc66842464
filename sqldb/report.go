package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/datchuan/datchuan"
)

// A report's items are rows of report_items, its files rows of
// report_files; each submission is a row of report_revisions, with its
// items as JSON and its files in report_revision_files (see the 0007
// migration for why).

var reportFiles = childTable{"report_files", "report_id", "attachment_id"}

var versionedReports = versioned{"reports", "Báo cáo", "the report", reportNotFound}

func reportNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy báo cáo %d (report not found)", id)
}

// reportRefused turns the constraint a report broke into an error: the
// agency has a report in the round already (ECONFLICT: someone else
// started it meanwhile), an unknown round, agency or user, or (the CHECKs
// of the table) an unknown state or a negative revision (EINVALID). Which
// moves a report may make is the domain's to say; these are the last
// guard of the table.
func reportRefused(r *datchuan.Report, err error) error {
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Cơ quan %d đã có báo cáo trong đợt báo cáo %d; hãy tải lại trang (the agency has a report in this round already; reload the page)",
			r.AgencyID, r.RoundID)
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Đợt báo cáo %d, cơ quan %d hoặc người dùng không tồn tại (unknown round, agency or user)", r.RoundID, r.AgencyID)
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Báo cáo cần một trạng thái hợp lệ, không phải %q (a report needs a known state)", r.State)
	}
	return nil
}

// SaveReport stores r with its items and files (each file once, in order)
// and, when rev is not nil, keeps rev as the report's submission number
// rev.Number, which must be r.Revision; all in one transaction (that of
// Atomically when the stores are bound to one).
//
// r.ID 0 creates the report: r gets its ID and Version 1, UpdatedAt
// defaults to now; a second report of the agency in the round is
// ECONFLICT. Otherwise the report is updated if it is still at r.Version:
// r gets the next version, UpdatedAt now, and its round and agency back
// (they never change). ECONFLICT when someone changed the report since
// r.Version, ENOTFOUND when it is gone; nothing is written then.
//
// rev gets its files each once and SentAt, when zero, now. A revision of
// that number kept already is ECONFLICT. Two items of one criterion, an
// unknown round, agency, user or file, or a report the table refuses
// (reportRefused), are EINVALID.
func (s *RoundService) SaveReport(ctx context.Context, r *datchuan.Report, rev *datchuan.Revision) (err error) {
	defer wrap(&err, "sqldb: save report of agency %d in round %d", r.AgencyID, r.RoundID)
	if rev != nil && rev.Number != r.Revision {
		return datchuan.Errorf(datchuan.EINVALID, "Lần gửi %d không phải lần gửi %d của báo cáo (the revision is not the report's)", rev.Number, r.Revision)
	}
	if err := uniqueItems(r.Items); err != nil {
		return err
	}
	db := s.db
	stored := *r
	stored.Items, stored.Files = append([]datchuan.ReportItem{}, r.Items...), uniq(r.Files)
	var kept datchuan.Revision
	err = db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if r.ID == 0 {
			err = s.insertReport(ctx, tx, &stored)
		} else {
			err = s.updateReport(ctx, tx, &stored)
		}
		if err != nil {
			return err
		}
		if err := s.putItems(ctx, tx, stored.ID, stored.Items); err != nil {
			return err
		}
		if err := putList(ctx, db, tx, reportFiles, stored.ID, stored.Files, unknownFile); err != nil {
			return err
		}
		if rev == nil {
			return nil
		}
		kept = *rev
		kept.Items, kept.Files, kept.SentAt = append([]datchuan.ReportItem{}, rev.Items...), uniq(rev.Files), truncTime(db.orNow(rev.SentAt))
		return s.keepRevision(ctx, tx, stored.ID, &kept)
	})
	if err != nil {
		return err
	}
	*r = stored
	if rev != nil {
		*rev = kept
	}
	return nil
}

// uniqueItems refuses a report that writes twice of one criterion.
func uniqueItems(items []datchuan.ReportItem) error {
	seen := make(map[[2]string]bool, len(items))
	for _, it := range items {
		key := [2]string{it.SetID, it.CriterionCode}
		if seen[key] {
			return datchuan.Errorf(datchuan.EINVALID, "Tiêu chí %s có hai mục trong báo cáo (criterion %s of %s appears twice in the report)",
				it.CriterionCode, it.CriterionCode, it.SetID)
		}
		seen[key] = true
	}
	return nil
}

// insertReport stores the new report r and sets its ID, Version and
// UpdatedAt.
func (s *RoundService) insertReport(ctx context.Context, tx *sql.Tx, r *datchuan.Report) error {
	db := s.db
	at := db.orNow(r.UpdatedAt)
	err := tx.QueryRowContext(ctx, db.rebind(`
		INSERT INTO reports (round_id, agency_id, state, summary, first_sent_at, sent_at, sent_by, return_reason,
			returned_by, revision, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
		r.RoundID, r.AgencyID, string(r.State), r.Summary, db.tsOrNull(r.FirstSentAt), db.tsOrNull(r.SentAt),
		orNull(r.SentBy), r.ReturnReason, orNull(r.ReturnedBy), r.Revision, orNull(r.UpdatedBy), db.ts(at)).
		Scan(&r.ID, &r.Version)
	if refused := reportRefused(r, err); refused != nil {
		return refused
	}
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	r.UpdatedAt = truncTime(at)
	reportTimes(r)
	return nil
}

// updateReport stores r as of r.Version and sets its round, agency,
// Version and UpdatedAt to what is stored.
func (s *RoundService) updateReport(ctx context.Context, tx *sql.Tx, r *datchuan.Report) error {
	db := s.db
	at := db.now()
	err := tx.QueryRowContext(ctx, db.rebind(`
		UPDATE reports SET state = ?, summary = ?, first_sent_at = ?, sent_at = ?, sent_by = ?, return_reason = ?,
			returned_by = ?, revision = ?, updated_by = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ? RETURNING round_id, agency_id, version`),
		string(r.State), r.Summary, db.tsOrNull(r.FirstSentAt), db.tsOrNull(r.SentAt), orNull(r.SentBy), r.ReturnReason,
		orNull(r.ReturnedBy), r.Revision, orNull(r.UpdatedBy), db.ts(at), r.ID, r.Version).
		Scan(&r.RoundID, &r.AgencyID, &r.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return db.staleOrGone(ctx, tx, versionedReports, r.ID)
	}
	if refused := reportRefused(r, err); refused != nil {
		return refused
	}
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	r.UpdatedAt = truncTime(at)
	reportTimes(r)
	return nil
}

// reportTimes sets the instants of r to what the database gives back.
func reportTimes(r *datchuan.Report) {
	r.FirstSentAt, r.SentAt = truncTime(r.FirstSentAt), truncTime(r.SentAt)
}

// putItems makes items, in order, the items of report id.
func (s *RoundService) putItems(ctx context.Context, tx *sql.Tx, id int64, items []datchuan.ReportItem) error {
	db := s.db
	if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM report_items WHERE report_id = ?`), id); err != nil {
		return fmt.Errorf("clear items: %w", err)
	}
	const cols = 8
	pos := 0
	err := inChunks(ctx, tx, items, itemChunk, func(rows int) string {
		return db.rebind(`INSERT INTO report_items (report_id, set_id, criterion_code, pos, work, difficulties, causes,
			proposals) VALUES ` + placeholders(rows, cols))
	}, func(stmt *sql.Stmt, chunk []datchuan.ReportItem) error {
		args := make([]any, 0, len(chunk)*cols)
		for _, it := range chunk {
			args = append(args, id, it.SetID, it.CriterionCode, pos, it.Work, it.Difficulties, it.Causes, it.Proposals)
			pos++
		}
		_, err := stmt.ExecContext(ctx, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("insert items: %w", err)
	}
	return nil
}

// itemChunk is how many items one INSERT carries (8 values each).
const itemChunk = 500

// keepRevision stores rev as a submission of report id, with its files.
func (s *RoundService) keepRevision(ctx context.Context, tx *sql.Tx, id int64, rev *datchuan.Revision) error {
	db := s.db
	items, err := json.Marshal(rev.Items)
	if err != nil {
		return fmt.Errorf("revision items: %w", err)
	}
	_, err = tx.ExecContext(ctx, db.rebind(`
		INSERT INTO report_revisions (report_id, number, sent_at, sent_by, summary, items) VALUES (?, ?, ?, ?, ?, ?)`),
		id, rev.Number, db.ts(rev.SentAt), orNull(rev.SentBy), rev.Summary, string(items))
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Lần gửi thứ %d của báo cáo đã được lưu; hãy tải lại trang (submission %d of the report is stored already; reload the page)",
			rev.Number, rev.Number)
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Người gửi %d không tồn tại (unknown sender)", rev.SentBy)
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Lần gửi phải từ 1 trở lên, không phải %d (a submission number starts at 1)", rev.Number)
	}
	if err != nil {
		return fmt.Errorf("insert revision %d: %w", rev.Number, err)
	}
	insert := db.rebind(`INSERT INTO report_revision_files (report_id, number, attachment_id, pos) VALUES (?, ?, ?, ?)`)
	for i, f := range rev.Files {
		_, err := tx.ExecContext(ctx, insert, id, rev.Number, f, i)
		if violationOf(err) == foreignKeyViolation {
			return unknownFile(f)
		}
		if err != nil {
			return fmt.Errorf("insert revision file: %w", err)
		}
	}
	return nil
}

// Report returns the report with the given ID, with its items, files and
// revisions (by number), or ENOTFOUND.
func (s *RoundService) Report(ctx context.Context, id int64) (_ *datchuan.Report, err error) {
	defer wrap(&err, "sqldb: report %d", id)
	list, err := s.findReports(ctx, whereOf(s.db, "r.id = ?", id))
	r, err := only(list, err, reportNotFound(id))
	if err != nil {
		return nil, err
	}
	r.Revisions, err = s.revisions(ctx, r)
	return r, err
}

// revisions returns the submissions of r by number. Revisions are never
// changed, and are kept in the transaction that counts them in
// r.Revision: those up to it are what was stored when r was read, even
// outside a transaction.
func (s *RoundService) revisions(ctx context.Context, r *datchuan.Report) ([]datchuan.Revision, error) {
	db := s.db
	q := `SELECT v.number, v.sent_at, v.sent_by, v.summary, v.items, ` +
		db.jsonList("attachment_id", "report_revision_files", `report_id = v.report_id AND number = v.number`) + `
		FROM report_revisions v WHERE v.report_id = ? AND v.number <= ? ORDER BY v.number`
	return scanAll(ctx, db.r(), db.rebind(q), []any{r.ID, r.Revision}, func(rows *sql.Rows) (v datchuan.Revision, err error) {
		err = rows.Scan(&v.Number, scanTime{&v.SentAt}, scanID{&v.SentBy}, &v.Summary, scanList[datchuan.ReportItem]{&v.Items},
			scanList[string]{&v.Files})
		return v, err
	})
}

// Reports returns the reports f selects, with their items and files but
// not their revisions, by round and then agency. A nil RoundIDs or
// AgencyIDs does not filter; an empty, non-nil one matches nothing.
func (s *RoundService) Reports(ctx context.Context, f datchuan.ReportFilter) (_ []*datchuan.Report, err error) {
	defer wrap(&err, "sqldb: reports")
	w := &where{db: s.db}
	w.in("r.round_id", f.RoundIDs)
	w.in("r.agency_id", f.AgencyIDs)
	return s.findReports(ctx, w)
}

// findReports reads the reports with their items and files in one
// statement, so that a report and its lists are consistent.
func (s *RoundService) findReports(ctx context.Context, w *where) ([]*datchuan.Report, error) {
	if w.err != nil {
		return nil, w.err
	}
	db := s.db
	q := `SELECT r.id, r.round_id, r.agency_id, r.state, r.summary, ` +
		db.jsonObjects("report_items", `report_id = r.id`, "set_id", "criterion_code", "work", "difficulties", "causes", "proposals") + `, ` +
		db.jsonList(reportFiles.value, reportFiles.name, `report_id = r.id`) + `, r.first_sent_at, r.sent_at, r.sent_by,
			r.return_reason, r.returned_by, r.revision, r.updated_by, r.updated_at, r.version
		FROM reports r` + w.String() + ` ORDER BY r.round_id, r.agency_id`
	return queryAll(ctx, db.r(), reportFields, db.rebind(q), w.args...)
}

// reportFields are the columns findReports selects.
func reportFields(r *datchuan.Report) []any {
	return []any{&r.ID, &r.RoundID, &r.AgencyID, &r.State, &r.Summary, scanList[datchuan.ReportItem]{&r.Items},
		scanList[string]{&r.Files}, scanTime{&r.FirstSentAt}, scanTime{&r.SentAt}, scanID{&r.SentBy}, &r.ReturnReason,
		scanID{&r.ReturnedBy}, &r.Revision, scanID{&r.UpdatedBy}, scanTime{&r.UpdatedAt}, &r.Version}
}
