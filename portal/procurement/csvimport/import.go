package csvimport

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"integrity-portal/portal/procurement/store"
)

// ErrRejected is returned, wrapped, by Import when rows were rejected and nothing was stored.
var ErrRejected = errors.New("nothing imported")

// Beginner starts a transaction: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx (a savepoint).
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Import reads a CSV file (see Read) and, if no row is rejected, saves its releases with store.Save
// in one transaction, as from source (the file's name). It is what `portal import procurement` runs
// for .csv files. When rows are rejected, it stores nothing and returns the Result listing them
// with an error wrapping ErrRejected; when the file cannot be read, a nil Result and the error.
func Import(ctx context.Context, db Beginner, r io.Reader, source string, opts Options) (*Result, error) {
	res, err := Read(r, opts)
	if err != nil {
		return nil, err
	}
	if res.Problems > 0 {
		return res, fmt.Errorf("%d problem(s) on %d line(s); %w", res.Problems, res.RejectedLines, ErrRejected)
	}
	if len(res.Releases) == 0 {
		return res, nil
	}
	err = pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		var err error
		res.Saved, err = store.Save(ctx, tx, res.Releases, source)
		return err
	})
	if err != nil {
		return res, err
	}
	return res, nil
}
