package importer

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/internal/problem"
	"integrity-portal/internal/uploads"
)

// ErrTooLarge is returned by Store for a file over its limit.
var ErrTooLarge = uploads.ErrTooLarge

// uploadTables are where uploads are kept.
var uploadTables = uploads.Tables{Uploads: "procurement_uploads", Chunks: "procurement_upload_chunks"}

// Upload is a file waiting for, or done with, its import.
type Upload struct {
	ID         int64
	Filename   string
	Encoding   string
	Size       int64
	DoneBytes  int64
	Status     string // queued, running, done, rejected, failed
	Report     *Report
	Error      string
	UploadedBy string
}

// Store saves an uploaded file in chunks inside tx, reading at most max bytes of r, and returns
// its id. The caller enqueues the import job in the same transaction, so a stored upload always
// has its job.
func Store(ctx context.Context, tx pgx.Tx, r io.Reader, filename, encoding string, officerID, max int64) (int64, error) {
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO procurement_uploads (filename, encoding, size, uploaded_by) VALUES ($1, $2, 0, $3) RETURNING id`,
		filename, encoding, officerID).Scan(&id); err != nil {
		return 0, fmt.Errorf("importer: store upload: %w", err)
	}
	if err := uploadTables.StoreChunks(ctx, tx, id, r, max); err != nil {
		return 0, err
	}
	return id, nil
}

// GetUpload reads an upload's state.
func GetUpload(ctx context.Context, db database.DB, id int64) (Upload, error) {
	var u Upload
	err := db.QueryRow(ctx, `SELECT u.id, u.filename, u.encoding, u.size, u.done_bytes, u.status, u.report, u.error, o.display_name
		FROM procurement_uploads u JOIN officers o ON o.id = u.uploaded_by WHERE u.id = $1`, id).
		Scan(&u.ID, &u.Filename, &u.Encoding, &u.Size, &u.DoneBytes, &u.Status, &u.Report, &u.Error, &u.UploadedBy)
	return u, err
}

// RecentUploads lists the latest uploads, newest first.
func RecentUploads(ctx context.Context, db database.DB, n int) ([]Upload, error) {
	rows, err := db.Query(ctx, `SELECT u.id, u.filename, u.encoding, u.size, u.done_bytes, u.status, u.report, u.error, o.display_name
		FROM procurement_uploads u JOIN officers o ON o.id = u.uploaded_by ORDER BY u.uploaded_at DESC, u.id DESC LIMIT $1`, n)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Upload, error) {
		var u Upload
		err := r.Scan(&u.ID, &u.Filename, &u.Encoding, &u.Size, &u.DoneBytes, &u.Status, &u.Report, &u.Error, &u.UploadedBy)
		return u, err
	})
}

// Percent is how far the import has read the file, 0 to 100.
func (u Upload) Percent() int {
	if u.Size == 0 {
		if u.Status == "queued" {
			return 0
		}
		return 100
	}
	return int(min(100, u.DoneBytes*100/u.Size))
}

// Failure is why a failed import could not read the file, to render in the reader's language.
func (u Upload) Failure() problem.List { return problem.Decode(u.Error) }

// Finished reports whether the import has ended, whatever its result.
func (u Upload) Finished() bool {
	return u.Status == "done" || u.Status == "rejected" || u.Status == "failed"
}
