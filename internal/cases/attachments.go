package cases

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// ChunkSize is how much ciphertext each attachment_chunks row holds.
const ChunkSize = 256 << 10

// ChunkWriter stores a stream of ciphertext as numbered chunks of an attachment, holding at most one
// chunk in memory.
type ChunkWriter struct {
	ctx  context.Context
	db   database.DB
	id   int64
	seq  int
	buf  []byte
	size int64
}

// NewAttachment creates an attachment of an entry and returns a writer for its ciphertext. Call
// Finish with the sealed metadata once the content is written.
func NewAttachment(ctx context.Context, db database.DB, caseID, entryID int64) (*ChunkWriter, error) {
	var id int64
	err := db.QueryRow(ctx, `INSERT INTO attachments (case_id, entry_id, sealed_meta) VALUES ($1, $2, '') RETURNING id`, caseID, entryID).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("cases: new attachment: %w", err)
	}
	return &ChunkWriter{ctx: ctx, db: db, id: id, buf: make([]byte, 0, ChunkSize)}, nil
}

func (w *ChunkWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := copy(w.buf[len(w.buf):cap(w.buf)], p)
		w.buf = w.buf[:len(w.buf)+k]
		p, n = p[k:], n+k
		if len(w.buf) == cap(w.buf) {
			if err := w.flush(); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func (w *ChunkWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	if _, err := w.db.Exec(w.ctx, `INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)`, w.id, w.seq, w.buf); err != nil {
		return fmt.Errorf("cases: store chunk: %w", err)
	}
	w.size += int64(len(w.buf))
	w.seq++
	w.buf = w.buf[:0]
	return nil
}

// Finish writes the last chunk and the sealed metadata.
func (w *ChunkWriter) Finish(sealedMeta []byte) (int64, error) {
	if err := w.flush(); err != nil {
		return 0, err
	}
	if _, err := w.db.Exec(w.ctx, `UPDATE attachments SET sealed_meta = $2 WHERE id = $1`, w.id, sealedMeta); err != nil {
		return 0, fmt.Errorf("cases: attachment meta: %w", err)
	}
	return w.id, nil
}

// AttachmentRef is an attachment's id, entry and sealed metadata.
type AttachmentRef struct {
	ID         int64
	EntryID    int64
	SealedMeta []byte
}

// Attachments lists a case's attachments.
func Attachments(ctx context.Context, db database.DB, caseID int64) ([]AttachmentRef, error) {
	rows, _ := db.Query(ctx, `SELECT id, entry_id, sealed_meta FROM attachments WHERE case_id = $1 ORDER BY id`, caseID)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[AttachmentRef])
	if err != nil {
		return nil, fmt.Errorf("cases: attachments: %w", err)
	}
	return list, nil
}

// CopyAttachment writes an attachment's ciphertext to w, one chunk at a time. The case id is part of
// the query, so an attachment of another case is not found.
func CopyAttachment(ctx context.Context, db database.DB, caseID, attachmentID int64, w io.Writer) error {
	rows, err := db.Query(ctx, `
		SELECT k.data FROM attachment_chunks k JOIN attachments a ON a.id = k.attachment_id
		WHERE a.id = $1 AND a.case_id = $2 ORDER BY k.seq`, attachmentID, caseID)
	if err != nil {
		return fmt.Errorf("cases: read attachment: %w", err)
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		found = true
		if _, err := w.Write(rows.RawValues()[0]); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cases: read attachment: %w", err)
	}
	if !found {
		return ErrNotFound
	}
	return nil
}
