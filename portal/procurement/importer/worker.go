package importer

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"integrity-portal/internal/problem"
	"integrity-portal/internal/uploads"
	"integrity-portal/portal/procurement/csvimport"
)

// Args is the job importing one upload.
type Args struct {
	UploadID int64 `json:"upload_id"`
}

// Kind names the job in River's table.
func (Args) Kind() string { return "procurement_import" }

// Worker imports uploads. AfterImport runs when an import stored data (it enqueues the red flags'
// recomputation).
type Worker struct {
	river.WorkerDefaults[Args]
	DB          *pgxpool.Pool
	OCIDPrefix  string
	Logger      *slog.Logger
	AfterImport func(ctx context.Context) error
}

// Timeout lets an import of millions of releases finish: River's default would cancel it after a
// minute and retry it forever.
func (w *Worker) Timeout(*river.Job[Args]) time.Duration { return time.Hour }

// Work imports the upload, records the report, and deletes the stored file. A rejected or
// unreadable file is a finished import, not a job to retry; a database failure is retried by River
// (File is idempotent).
func (w *Worker) Work(ctx context.Context, job *river.Job[Args]) error {
	id := job.Args.UploadID
	u, err := GetUpload(ctx, w.DB, id)
	if err != nil {
		return err
	}
	if u.Finished() {
		return nil
	}
	if _, err := w.DB.Exec(ctx, `UPDATE procurement_uploads SET status = 'running', done_bytes = 0 WHERE id = $1`, id); err != nil {
		return err
	}
	enc, _ := csvimport.ParseEncoding(u.Encoding)
	r := uploadTables.Reader(ctx, w.DB, id)
	rep, err := File(ctx, w.DB, r, u.Filename, Options{OCIDPrefix: w.OCIDPrefix, Encoding: enc})
	status, message := "done", ""
	switch {
	case errors.Is(err, ErrRejected):
		status = "rejected"
	case err != nil && rep == nil && ctx.Err() == nil && !errors.Is(err, uploads.ErrChunk):
		// The file could not be read at all (File reports only after reading): a result, not a fault.
		// The column keeps the problems for the page, in the officer's language; the log the English.
		status, message = "failed", problem.Encode(err)
		w.Logger.Info("procurement import: file not readable", "upload", id, "err", err.Error())
	case err != nil:
		return err // saving failed: River retries
	}
	if _, err := w.DB.Exec(ctx, `UPDATE procurement_uploads SET status = $2, report = $3, error = $4, done_bytes = size, finished_at = now()
		WHERE id = $1`, id, status, rep, message); err != nil {
		return err
	}
	if _, err := w.DB.Exec(ctx, `DELETE FROM procurement_upload_chunks WHERE upload_id = $1`, id); err != nil {
		return err
	}
	w.Logger.Info("procurement import", "upload", id, "status", status)
	if status == "done" && w.AfterImport != nil {
		return w.AfterImport(ctx)
	}
	return nil
}
