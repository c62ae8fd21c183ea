package applications

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// errChunk marks a failure to read the stored file back: the database's fault, not the file's.
var errChunk = errors.New("reading the upload back")

// chunkReader reads a stored upload back one chunk at a time, and records how far it has read at
// most once a second, for the progress page.
type chunkReader struct {
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
		err := r.db.QueryRow(r.ctx, `SELECT data FROM application_upload_chunks WHERE upload_id = $1 AND seq = $2`, r.id, r.seq).Scan(&r.buf)
		if errors.Is(err, pgx.ErrNoRows) {
			r.report()
			return 0, io.EOF
		}
		if err != nil {
			return 0, fmt.Errorf("%w: %w", errChunk, err)
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
	r.db.Exec(r.ctx, `UPDATE application_uploads SET done_bytes = $2 WHERE id = $1`, r.id, r.read)
}
