package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
)

// unusedAttachment is the condition "nothing cites the attachment a": the
// tables that name attachments, every row of them (reported values are
// never deleted, so an old version of a value still holds its evidence;
// nor are a report's revisions, so a file sent once and taken out of the
// report since is still cited). A new table that names attachments must
// be added here.
const unusedAttachment = `
	NOT EXISTS (SELECT 1 FROM value_files r WHERE r.attachment_id = attachments.id)
	AND NOT EXISTS (SELECT 1 FROM plan_files r WHERE r.attachment_id = attachments.id)
	AND NOT EXISTS (SELECT 1 FROM task_files r WHERE r.attachment_id = attachments.id)
	AND NOT EXISTS (SELECT 1 FROM approval_files r WHERE r.attachment_id = attachments.id)
	AND NOT EXISTS (SELECT 1 FROM approvals r WHERE r.decision_file = attachments.id)
	AND NOT EXISTS (SELECT 1 FROM guidance r WHERE r.attachment_id = attachments.id)
	AND NOT EXISTS (SELECT 1 FROM report_files r WHERE r.attachment_id = attachments.id)
	AND NOT EXISTS (SELECT 1 FROM report_revision_files r WHERE r.attachment_id = attachments.id)
	AND NOT EXISTS (SELECT 1 FROM inspection_photos r WHERE r.attachment_id = attachments.id)
	AND NOT EXISTS (SELECT 1 FROM dossier_item_files r WHERE r.attachment_id = attachments.id)
	AND NOT EXISTS (SELECT 1 FROM recognition_decisions r WHERE r.attachment_id = attachments.id)`

// RemoveUnused deletes, in one transaction, the attachments uploaded before
// before that nothing cites, then the content of those that no attachment
// uses any more, and says what it deleted.
//
// Deleting is idempotent, so two app instances may run it at once: on
// PostgreSQL the second waits for the first's row locks and then finds
// nothing left to delete; SQLite has one writer. A citation made at the
// same moment as the deletion either commits first (and the deletion then
// fails on the foreign key, to be tried again later) or finds the
// attachment gone (EINVALID: the file is not found).
func (s *AttachmentService) RemoveUnused(ctx context.Context, before time.Time) (out datchuan.Removed, err error) {
	defer wrap(&err, "sqldb: remove unused attachments")
	db := s.db
	err = db.write(ctx, func(tx *sql.Tx) error {
		out = datchuan.Removed{IDs: []string{}}
		var hashes []string
		err := eachRow(ctx, tx, db.rebind(`DELETE FROM attachments WHERE uploaded_at < ? AND `+unusedAttachment+` RETURNING id, hash`),
			[]any{db.ts(before)}, func(rows *sql.Rows) error {
				var id, hash string
				if err := rows.Scan(&id, &hash); err != nil {
					return err
				}
				out.IDs = append(out.IDs, id)
				hashes = append(hashes, hash)
				return nil
			})
		if err != nil {
			return fmt.Errorf("delete attachments: %w", err)
		}
		out.Attachments = len(out.IDs)
		if len(hashes) == 0 {
			return nil
		}
		cond, arg, err := db.inList("hash", uniq(hashes))
		if err != nil {
			return err
		}
		return eachRow(ctx, tx, db.rebind(`DELETE FROM files WHERE `+cond+`
			AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.hash = files.hash) RETURNING size`),
			[]any{arg}, func(rows *sql.Rows) error {
				var size int64
				if err := rows.Scan(&size); err != nil {
					return err
				}
				out.Contents++
				out.Bytes += size
				return nil
			})
	})
	if err != nil {
		return datchuan.Removed{}, err
	}
	return out, nil
}
