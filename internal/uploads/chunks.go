// Package uploads receives files that data officers upload into a spool (Spool), then stores them in
// the database in chunks, inside the transaction that enqueues their import job, and reads them back
// for the job, recording how far it has read for the progress page. Each kind of upload has its own
// pair of tables (Tables).
package uploads

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/spool"
)

// ChunkSize is the size of the stored pieces of an upload.
const ChunkSize = 1 << 20

// ErrTooLarge is returned by StoreChunks for a file over its limit.
var ErrTooLarge = errors.New("uploads: file too large")

// ErrChunk marks a failure to read a stored file back: the database's fault, not the file's.
var ErrChunk = errors.New("reading the upload back")

// Tables names a kind of upload's tables: Uploads has id, size and done_bytes columns; Chunks has
// upload_id, seq and data. The names are the caller's constants, never input.
type Tables struct{ Uploads, Chunks string }

// StoreChunks saves r, at most max bytes, as the chunks of upload id inside tx, and records its
// size.
func (t Tables) StoreChunks(ctx context.Context, tx pgx.Tx, id int64, r io.Reader, max int64) error {
	buf := make([]byte, ChunkSize)
	var size int64
	for seq := 0; ; seq++ {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			if size += int64(n); size > max {
				return ErrTooLarge
			}
			if _, err := tx.Exec(ctx, `INSERT INTO `+t.Chunks+` (upload_id, seq, data) VALUES ($1, $2, $3)`, id, seq, buf[:n]); err != nil {
				return fmt.Errorf("uploads: store: %w", err)
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE `+t.Uploads+` SET size = $2 WHERE id = $1`, id, size); err != nil {
		return fmt.Errorf("uploads: store: %w", err)
	}
	return nil
}

// Reader reads upload id back one chunk at a time.
func (t Tables) Reader(ctx context.Context, db *pgxpool.Pool, id int64) io.Reader {
	return &chunkReader{tables: t, ctx: ctx, db: db, id: id}
}

// chunkReader reads a stored upload back, and records how far it has read at most once a second.
type chunkReader struct {
	tables   Tables
	ctx      context.Context
	db       *pgxpool.Pool
	id       int64
	seq      int
	buf      []byte
	read     int64
	reported time.Time
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		err := r.db.QueryRow(r.ctx, `SELECT data FROM `+r.tables.Chunks+` WHERE upload_id = $1 AND seq = $2`, r.id, r.seq).Scan(&r.buf)
		if errors.Is(err, pgx.ErrNoRows) {
			r.report()
			return 0, io.EOF
		}
		if err != nil {
			return 0, fmt.Errorf("%w: %w", ErrChunk, err)
		}
		r.seq++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	r.read += int64(n)
	if time.Since(r.reported) > time.Second {
		r.report()
	}
	return n, nil
}

func (r *chunkReader) report() {
	r.reported = time.Now()
	r.db.Exec(r.ctx, `UPDATE `+r.tables.Uploads+` SET done_bytes = $2 WHERE id = $1`, r.id, r.read)
}

// Spool receives r, at most max bytes, into a spool before any transaction is opened, so that a slow
// client holds no database connection; the caller then stores the spool with StoreChunks.
func Spool(r io.Reader, max int64) (*spool.File, error) {
	s, err := spool.Copy(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if s.Size() > max {
		s.Close()
		return nil, ErrTooLarge
	}
	return s, nil
}
