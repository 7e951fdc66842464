package datchuan

import (
	"context"
	"time"
)

// Attachment is one upload of a document (evidence, a guidance document, a
// scanned plan ...): the name its uploader gave it, by whom and when. The
// content underneath is stored once by its SHA-256 and shared by every
// attachment of the same bytes, but an attachment shows only its own
// name, uploader and time: two people who upload the same file each see
// theirs, and neither sees nor is refused anything because of the other.
//
// What cites a document (a value's evidence, a plan's, task's or approval
// item's files, a guidance document) names the attachment by its ID.
type Attachment struct {
	// ID is 64 lowercase hex digits: random for every upload; for one made
	// before attachments existed (migration 0005), the hash of its content,
	// so that references and links made then still name it.
	ID          string    `json:"id"`
	Hash        string    `json:"hash"` // lowercase hex SHA-256 of the content
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"` // from the content, not the name
	Size        int64     `json:"size"`
	UploadedBy  int64     `json:"uploaded_by,omitempty"` // a User
	UploadedAt  time.Time `json:"uploaded_at"`
	Data        []byte    `json:"-"` // only from Attachment
}

// AttachmentService stores attachments and the content under them.
type AttachmentService interface {
	// PutAttachment stores a as a new attachment of a.Data, storing the
	// content unless the same bytes are stored already; it sets a.ID,
	// a.Hash, a.Size and the stored a.UploadedAt.
	PutAttachment(ctx context.Context, a *Attachment) error
	Attachment(ctx context.Context, id string) (*Attachment, error) // with Data; ENOTFOUND
	// Attachments returns, by ID, those of ids that exist, without Data.
	Attachments(ctx context.Context, ids []string) (map[string]*Attachment, error)
	// AttachmentUnits returns the IDs of the units whose reported values
	// cite the attachment as evidence: who may read a unit may read its
	// evidence.
	AttachmentUnits(ctx context.Context, id string) ([]int64, error)
	// RemoveUnused deletes, in one transaction, the attachments uploaded
	// before before that nothing cites (see Removed), and the content that
	// no attachment uses any more.
	RemoveUnused(ctx context.Context, before time.Time) (Removed, error)
}

// Removed is what a clean-up of unused uploads deleted. An attachment is
// in use while any value (any version: values keep their history), plan,
// task, guidance document or approval item cites it; an upload of a form
// that was refused, or never cited, is not.
type Removed struct {
	Attachments int      `json:"attachments"`
	Contents    int      `json:"contents"` // rows of content, stored once per SHA-256
	Bytes       int64    `json:"bytes"`    // the size of those contents
	IDs         []string `json:"ids"`      // of the attachments removed
}

// UnusedAfter is how long an upload that nothing cites is kept: long
// enough for a form refused today to be corrected and sent again.
const UnusedAfter = 24 * time.Hour

// ActFilesRemove is the action of the clean-up of unused uploads.
const ActFilesRemove = "file.remove"

// IsAttachmentID reports whether s has the form of an attachment's ID: 64
// lowercase hex digits. Evidence that is not one is a reference written as
// text.
func IsAttachmentID(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
