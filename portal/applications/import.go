package applications

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
)

// ErrRejected is returned, wrapped, when rows were rejected: then nothing of the file is stored.
var ErrRejected = errors.New("nothing imported")

// Beginner starts a transaction: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx (a savepoint).
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Report is what an import did, for the terminal and the upload page.
type Report struct {
	Kind          Kind
	Encoding      string
	Rows          int // data rows read
	Rejected      []Rejection
	RejectedTotal int
	RejectedLines int
	Stored        bool // false when anything was rejected: all or nothing
	// What was stored: applications, periods or calendar days.
	Inserted, Updated, Unchanged int
	// Agencies and services registered by this file (periods; applications register new services).
	NewAgencies, NewServices int
	Notes                    []string
}

func (rep *Report) fill(res *Result) {
	rep.Encoding, rep.Rows = string(res.Encoding), res.Rows
	rep.Rejected, rep.RejectedTotal, rep.RejectedLines = res.Rejections, res.Problems, res.RejectedLines
}

func (rep *Report) rejectedError() error {
	return fmt.Errorf("%d problem(s) on %d line(s); %w", rep.RejectedTotal, rep.RejectedLines, ErrRejected)
}

// File imports one file of the given kind, all or nothing: read and checked whole, and stored in one
// transaction only when no row is rejected. A file that cannot be read at all (not text, a wrong
// header) returns an error and no report; a file with rejected rows returns its report and an error
// wrapping ErrRejected. Importing the same file again changes nothing. It does not recompute the
// statistics: the caller does, or enqueues RecomputeArgs.
func File(ctx context.Context, db Beginner, kind Kind, r io.Reader, opts Options) (*Report, error) {
	switch kind {
	case KindApplications:
		return importApplications(ctx, db, r, opts)
	case KindPeriods:
		return importPeriods(ctx, db, r, opts)
	case KindCalendar:
		return importCalendar(ctx, db, r, opts)
	}
	return nil, fmt.Errorf("applications: unknown kind %q", kind)
}
