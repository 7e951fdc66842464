package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"

	"github.com/datchuan/datchuan"
)

// FileService stores evidence files, addressed by the SHA-256 of their
// content.
type FileService struct{ db *DB }

// isFileHash reports whether ref has the form of a file's address: 64
// lowercase hex digits. Evidence references of that form name stored
// files; any other reference is free text.
func isFileHash(ref string) bool {
	if len(ref) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(ref); i++ {
		if c := ref[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// PutFile sets f.Hash and f.Size from f.Data and stores f unless a file of
// that hash exists; either way f gets the stored metadata, so the first
// name given to a content wins. An empty ContentType is sniffed from the
// data, UploadedAt defaults to now. Empty data is EINVALID, an unknown
// uploader EINVALID.
func (s *FileService) PutFile(ctx context.Context, f *datchuan.File) (err error) {
	defer wrap(&err, "sqldb: put file %q", f.Name)
	if len(f.Data) == 0 {
		return datchuan.Errorf(datchuan.EINVALID, "Tệp rỗng (empty file)")
	}
	sum := sha256.Sum256(f.Data)
	f.Hash, f.Size = hex.EncodeToString(sum[:]), int64(len(f.Data))
	if f.ContentType == "" {
		f.ContentType = http.DetectContentType(f.Data)
	}
	db := s.db
	f.UploadedAt = db.orNow(f.UploadedAt)
	var stored datchuan.File
	err = db.write(ctx, func(tx *sql.Tx) error {
		// ON CONFLICT DO NOTHING rather than a check first: of two uploads
		// of the same content at once, one inserts and the other reads it.
		_, err := tx.ExecContext(ctx, db.rebind(`
			INSERT INTO files (hash, name, content_type, size, uploaded_by, uploaded_at, data)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`),
			f.Hash, f.Name, f.ContentType, f.Size, orNull(f.UploadedBy), db.ts(f.UploadedAt), f.Data)
		if violationOf(err) == foreignKeyViolation {
			return datchuan.Errorf(datchuan.EINVALID, "Người tải lên %d không tồn tại (unknown uploader)", f.UploadedBy)
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return tx.QueryRowContext(ctx, db.rebind(`SELECT `+fileInfoColumns+` FROM files WHERE hash = ?`), f.Hash).
			Scan(fileInfoFields(&stored)...)
	})
	if err != nil {
		return err
	}
	stored.Data = f.Data
	*f = stored
	return nil
}

const fileInfoColumns = `hash, name, content_type, size, uploaded_by, uploaded_at`

// fileInfoFields are the columns of fileInfoColumns.
func fileInfoFields(f *datchuan.File) []any {
	return []any{&f.Hash, &f.Name, &f.ContentType, &f.Size, scanID{&f.UploadedBy}, scanTime{&f.UploadedAt}}
}

// fileFields are fileInfoFields and the data.
func fileFields(f *datchuan.File) []any { return append(fileInfoFields(f), &f.Data) }

// File returns the file with its data, or ENOTFOUND.
func (s *FileService) File(ctx context.Context, hash string) (_ *datchuan.File, err error) {
	defer wrap(&err, "sqldb: file %s", hash)
	return queryOne(ctx, s.db.r(), fileFields, datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy tệp %s (file not found)", hash),
		s.db.rebind(`SELECT `+fileInfoColumns+`, data FROM files WHERE hash = ?`), hash)
}

// FileInfos returns the metadata, without data, of those of the hashes that
// name stored files, by hash.
func (s *FileService) FileInfos(ctx context.Context, hashes []string) (_ map[string]*datchuan.File, err error) {
	defer wrap(&err, "sqldb: file infos")
	files := make(map[string]*datchuan.File, len(hashes))
	if len(hashes) == 0 {
		return files, nil
	}
	cond, arg, err := s.db.inList("hash", hashes)
	if err != nil {
		return nil, err
	}
	list, err := queryAll(ctx, s.db.r(), fileInfoFields, s.db.rebind(`SELECT `+fileInfoColumns+` FROM files WHERE `+cond), arg)
	if err != nil {
		return nil, err
	}
	for _, f := range list {
		files[f.Hash] = f
	}
	return files, nil
}

// FileUnits returns, in ascending order, the IDs of the units whose reported
// values cite the file; none for a file that no value cites or that does not
// exist.
func (s *FileService) FileUnits(ctx context.Context, hash string) (_ []int64, err error) {
	defer wrap(&err, "sqldb: units citing file %s", hash)
	return queryIDs(ctx, s.db.r(), s.db.rebind(`
		SELECT DISTINCT v.unit_id FROM value_files f JOIN reported_values v ON v.id = f.value_id
		WHERE f.hash = ? ORDER BY v.unit_id`), hash)
}

// linkEvidence records, in the transaction that stores value valueID, which
// of its evidence references name stored files. A reference of a file's
// form naming no stored file is EINVALID; other references are free text
// and are kept only in the value's evidence column.
func (db *DB) linkEvidence(ctx context.Context, tx *sql.Tx, valueID int64, evidence []string) error {
	seen := make(map[string]bool, len(evidence))
	for _, ref := range evidence {
		if !isFileHash(ref) || seen[ref] {
			continue
		}
		seen[ref] = true
		_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO value_files (value_id, hash) VALUES (?, ?)`), valueID, ref)
		if violationOf(err) == foreignKeyViolation {
			return datchuan.Errorf(datchuan.EINVALID, "Tệp minh chứng không tồn tại (evidence file not found)")
		}
		if err != nil {
			return fmt.Errorf("link evidence %s: %w", ref, err)
		}
	}
	return nil
}
