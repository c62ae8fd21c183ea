package applications

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/internal/problem"
	"integrity-portal/internal/uploads"
)

// ErrTooLarge is returned by StoreUpload for a file over its limit.
var ErrTooLarge = uploads.ErrTooLarge

// uploadTables are where uploads are kept.
var uploadTables = uploads.Tables{Uploads: "application_uploads", Chunks: "application_upload_chunks"}

// Upload is a file a data officer uploaded, waiting for its import or done with it.
type Upload struct {
	ID         int64
	Kind       Kind
	Filename   string
	Encoding   string
	Size       int64
	DoneBytes  int64
	Status     string // queued, running, done, rejected, failed
	Report     *Report
	Error      string
	UploadedBy string
}

// StoreUpload saves an uploaded file of the kind in chunks inside tx, reading at most max bytes of
// r, and returns its id. The caller enqueues ImportArgs in the same transaction, so a stored upload
// always has its job.
func StoreUpload(ctx context.Context, tx pgx.Tx, r io.Reader, kind Kind, filename, encoding string, officerID, max int64) (int64, error) {
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO application_uploads (kind, filename, encoding, size, uploaded_by) VALUES ($1, $2, $3, 0, $4) RETURNING id`,
		kind, filename, encoding, officerID).Scan(&id); err != nil {
		return 0, fmt.Errorf("applications: store upload: %w", err)
	}
	if err := uploadTables.StoreChunks(ctx, tx, id, r, max); err != nil {
		return 0, err
	}
	return id, nil
}

const selectUpload = `SELECT u.id, u.kind, u.filename, u.encoding, u.size, u.done_bytes, u.status, u.report, u.error, o.display_name
FROM application_uploads u JOIN officers o ON o.id = u.uploaded_by`

func scanUpload(row pgx.Row) (Upload, error) {
	var u Upload
	err := row.Scan(&u.ID, &u.Kind, &u.Filename, &u.Encoding, &u.Size, &u.DoneBytes, &u.Status, &u.Report, &u.Error, &u.UploadedBy)
	return u, err
}

// GetUpload reads an upload's state (pgx.ErrNoRows when there is none).
func GetUpload(ctx context.Context, db database.DB, id int64) (Upload, error) {
	return scanUpload(db.QueryRow(ctx, selectUpload+` WHERE u.id = $1`, id))
}

// RecentUploads lists the latest uploads, newest first.
func RecentUploads(ctx context.Context, db database.DB, n int) ([]Upload, error) {
	rows, err := db.Query(ctx, selectUpload+` ORDER BY u.uploaded_at DESC, u.id DESC LIMIT $1`, n)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Upload, error) { return scanUpload(r) })
}

// Failure is why a failed import could not read the file, to render in the reader's language.
func (u Upload) Failure() problem.List { return problem.Decode(u.Error) }

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

// Finished reports whether the import has ended, whatever its result.
func (u Upload) Finished() bool {
	return u.Status == "done" || u.Status == "rejected" || u.Status == "failed"
}
