package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"

	"github.com/datchuan/datchuan"
)

// AttachmentService stores attachments, one row per upload (attachments),
// over their content, stored once by its SHA-256 (files).
type AttachmentService struct{ db *DB }

// PutAttachment stores a as a new attachment with a random ID, and its
// content a.Data unless the same bytes are stored already: it sets a.ID,
// a.Hash and a.Size. An empty ContentType is sniffed from the data,
// UploadedAt defaults to now. Empty data is EINVALID, an unknown uploader
// EINVALID.
func (s *AttachmentService) PutAttachment(ctx context.Context, a *datchuan.Attachment) (err error) {
	defer wrap(&err, "sqldb: put attachment %q", a.Name)
	if len(a.Data) == 0 {
		return datchuan.Errorf(datchuan.EINVALID, "Tệp rỗng (empty file)")
	}
	sum := sha256.Sum256(a.Data)
	hash, size := hex.EncodeToString(sum[:]), int64(len(a.Data))
	contentType := a.ContentType
	if contentType == "" {
		contentType = http.DetectContentType(a.Data)
	}
	var id [32]byte
	rand.Read(id[:]) // never fails (crypto/rand)
	db := s.db
	at := db.orNow(a.UploadedAt)
	err = db.write(ctx, func(tx *sql.Tx) error {
		// ON CONFLICT DO NOTHING rather than a check first: of two uploads
		// of the same content at once, one stores it and both attach it.
		_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO files (hash, size, data) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING`),
			hash, size, a.Data)
		if err != nil {
			return fmt.Errorf("insert content: %w", err)
		}
		_, err = tx.ExecContext(ctx, db.rebind(`
			INSERT INTO attachments (id, hash, name, content_type, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)`),
			hex.EncodeToString(id[:]), hash, a.Name, contentType, orNull(a.UploadedBy), db.ts(at))
		if violationOf(err) == foreignKeyViolation {
			return datchuan.Errorf(datchuan.EINVALID, "Người tải lên %d không tồn tại (unknown uploader)", a.UploadedBy)
		}
		return err
	})
	if err != nil {
		return err
	}
	a.ID, a.Hash, a.Size, a.ContentType, a.UploadedAt = hex.EncodeToString(id[:]), hash, size, contentType, truncTime(at)
	return nil
}

// attachmentColumns are an attachment's columns, of attachments a joined
// with its content f.
const attachmentColumns = `a.id, a.hash, a.name, a.content_type, f.size, a.uploaded_by, a.uploaded_at`

// attachmentFields are the columns of attachmentColumns.
func attachmentFields(a *datchuan.Attachment) []any {
	return []any{&a.ID, &a.Hash, &a.Name, &a.ContentType, &a.Size, scanID{&a.UploadedBy}, scanTime{&a.UploadedAt}}
}

// Attachment returns the attachment with its content, or ENOTFOUND.
func (s *AttachmentService) Attachment(ctx context.Context, id string) (_ *datchuan.Attachment, err error) {
	defer wrap(&err, "sqldb: attachment %s", id)
	withData := func(a *datchuan.Attachment) []any { return append(attachmentFields(a), &a.Data) }
	return queryOne(ctx, s.db.r(), withData, datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy tệp %s (file not found)", id),
		s.db.rebind(`SELECT `+attachmentColumns+`, f.data FROM attachments a JOIN files f ON f.hash = a.hash WHERE a.id = ?`), id)
}

// Attachments returns, by ID and without their content, those of ids that
// name stored attachments.
func (s *AttachmentService) Attachments(ctx context.Context, ids []string) (_ map[string]*datchuan.Attachment, err error) {
	defer wrap(&err, "sqldb: attachments")
	out := make(map[string]*datchuan.Attachment, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cond, arg, err := s.db.inList("a.id", ids)
	if err != nil {
		return nil, err
	}
	list, err := queryAll(ctx, s.db.r(), attachmentFields,
		s.db.rebind(`SELECT `+attachmentColumns+` FROM attachments a JOIN files f ON f.hash = a.hash WHERE `+cond), arg)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		out[a.ID] = a
	}
	return out, nil
}

// AttachmentUnits returns, in ascending order, the IDs of the units whose
// reported values cite the attachment; none for an attachment that no
// value cites or that does not exist.
func (s *AttachmentService) AttachmentUnits(ctx context.Context, id string) (_ []int64, err error) {
	defer wrap(&err, "sqldb: units citing attachment %s", id)
	return queryIDs(ctx, s.db.r(), s.db.rebind(`
		SELECT DISTINCT v.unit_id FROM value_files f JOIN reported_values v ON v.id = f.value_id
		WHERE f.attachment_id = ? ORDER BY v.unit_id`), id)
}

// linkEvidence records, in the transaction that stores value valueID, which
// of its evidence references name attachments. A reference of an
// attachment's form naming none is EINVALID; other references are free
// text and are kept only in the value's evidence column.
func (db *DB) linkEvidence(ctx context.Context, tx *sql.Tx, valueID int64, evidence []string) error {
	seen := make(map[string]bool, len(evidence))
	for _, ref := range evidence {
		if !datchuan.IsAttachmentID(ref) || seen[ref] {
			continue
		}
		seen[ref] = true
		_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO value_files (value_id, attachment_id) VALUES (?, ?)`), valueID, ref)
		if violationOf(err) == foreignKeyViolation {
			return datchuan.Errorf(datchuan.EINVALID, "Tệp minh chứng không tồn tại (evidence file not found)")
		}
		if err != nil {
			return fmt.Errorf("link evidence %s: %w", ref, err)
		}
	}
	return nil
}
