package retention

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Result counts what a run did.
type Result struct {
	Warned, Shredded int
}

// Run warns about the cases coming due and shreds the cases that are due, each in its own
// transaction, so a failure leaves the others done. Several servers may run it at once: each step
// checks the case is still in the state the plan saw.
func Run(ctx context.Context, db *pgxpool.Pool, p Periods, now time.Time) (Result, error) {
	plan, err := MakePlan(ctx, db, p, now)
	if err != nil {
		return Result{}, err
	}
	var res Result
	var errs []error
	for _, it := range plan.Warn {
		switch err := warn(ctx, db, it); {
		case err == nil:
			res.Warned++
		case !errors.Is(err, errNotDue):
			errs = append(errs, err)
		}
	}
	for _, it := range plan.Shred {
		switch err := shred(ctx, db, it); {
		case err == nil:
			res.Shredded++
		case !errors.Is(err, errNotDue):
			errs = append(errs, err)
		}
	}
	return res, errors.Join(errs...)
}
