package applications

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"integrity-portal/internal/problem"
	"integrity-portal/internal/uploads"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/csvimport"
)

// ImportArgs is the job importing one uploaded file.
type ImportArgs struct {
	UploadID int64 `json:"upload_id"`
}

// Kind names the job in River's table.
func (ImportArgs) Kind() string { return "applications_import" }

// JobInserter is the part of River's client the import job uses to queue the recomputation.
type JobInserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// ImportWorker imports uploaded files with File, all or nothing, and queues the recomputation of
// the statistics when an import changed anything.
type ImportWorker struct {
	river.WorkerDefaults[ImportArgs]
	DB     *pgxpool.Pool
	Jobs   JobInserter
	Logger *slog.Logger
}

// Timeout lets a large file take its time: millions of rows import in minutes, not River's one.
func (w *ImportWorker) Timeout(*river.Job[ImportArgs]) time.Duration { return time.Hour }

// Work imports the upload, records the report and deletes the stored file, and in the same
// transaction queues RecomputeArgs if the import (committed by then) changed anything. A rejected or
// unreadable file is a finished import, not a job to retry; a database failure is retried by River
// (File is idempotent), and reported as a failure on the last attempt.
func (w *ImportWorker) Work(ctx context.Context, job *river.Job[ImportArgs]) error {
	id := job.Args.UploadID
	u, err := GetUpload(ctx, w.DB, id)
	if err != nil {
		return err
	}
	if u.Finished() {
		return nil
	}
	if _, err := w.DB.Exec(ctx, `UPDATE application_uploads SET status = 'running', done_bytes = 0 WHERE id = $1`, id); err != nil {
		return err
	}
	enc, _ := csvimport.ParseEncoding(u.Encoding)
	rep, err := File(ctx, w.DB, u.Kind, uploadTables.Reader(ctx, w.DB, id), Options{Encoding: enc})
	status, message := "done", ""
	switch {
	case errors.Is(err, ErrRejected):
		status = "rejected"
	case err != nil && rep == nil && !databaseFault(ctx, err):
		// The file could not be read at all (no header, not text): a result, not a fault.
		// The column keeps the problems for the page, in the officer's language; the log the English.
		status, message = "failed", problem.Encode(err)
		w.Logger.Info("applications import: file not readable", "upload", id, "err", err.Error())
	case err != nil && job.Attempt < job.MaxAttempts:
		return err // storing failed: River retries
	case err != nil:
		// The database's own words are for the log: the upload page shows this message.
		w.Logger.Error("applications import: storing failed", "upload", id, "err", web.SafeError(err))
		status, message = "failed", problem.Encode(problem.New("the file could not be stored (a fault of the server, in its log); please upload it again later", "server.store_failed"))
	}
	// A retry may follow an attempt that committed the file and failed before this point: its
	// import found everything stored already, and the recomputation is still owed.
	recompute := status == "done" && (rep.Inserted+rep.Updated > 0 || job.Attempt > 1)
	err = pgx.BeginFunc(ctx, w.DB, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE application_uploads SET status = $2, report = $3, error = $4, done_bytes = size, finished_at = now()
			WHERE id = $1`, id, status, rep, message); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM application_upload_chunks WHERE upload_id = $1`, id); err != nil {
			return err
		}
		if recompute {
			_, err := w.Jobs.InsertTx(ctx, tx, RecomputeArgs{}, nil)
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.Logger.Info("applications import", "upload", id, "kind", u.Kind, "status", status, "recompute", recompute)
	return nil
}

// databaseFault reports whether err came from the database or the job's end rather than from the
// file: then the import is tried again.
func databaseFault(ctx context.Context, err error) bool {
	var pgErr *pgconn.PgError
	var connErr *pgconn.ConnectError
	return ctx.Err() != nil || errors.Is(err, uploads.ErrChunk) || errors.As(err, &pgErr) || errors.As(err, &connErr)
}
