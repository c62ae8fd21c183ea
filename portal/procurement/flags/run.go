package flags

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/portal/procurement/indicators"
)

// Run is one recomputation, as recorded in procurement_flag_runs.
type Run struct {
	ID         int64
	StartedAt  time.Time
	FinishedAt time.Time
	Processes  int64 // compiled releases read
	Skipped    int64 // of those, not readable as releases
	Flags      int64 // rows written to procurement_flags
	BuyerYears int64 // rows written to procurement_concentration
	Settings   indicators.Settings

	counts map[string]map[Subject]int64
}

// Count is how many processes, buyers, procuring entities and tenderers an indicator flagged (for
// R040 and R051: how many buyers were measured).
type Count struct {
	Code              string
	Processes         int64
	Buyers            int64
	ProcuringEntities int64
	Tenderers         int64
}

// Counts returns one Count per catalogue indicator, in catalogue order (zeros for a run that is
// nil or did not flag it).
func (r *Run) Counts() []Count {
	out := make([]Count, 0, len(Catalogue))
	for _, ind := range Catalogue {
		c := Count{Code: ind.Code}
		if r != nil {
			m := r.counts[ind.Code]
			c.Processes, c.Buyers = m[SubjectProcess], m[SubjectBuyer]
			c.ProcuringEntities, c.Tenderers = m[SubjectProcuringEntity], m[SubjectTenderer]
		}
		out = append(out, c)
	}
	return out
}

// LastRun returns the latest succeeded recomputation, whose flags are the stored ones, or nil if
// there has been none.
func LastRun(ctx context.Context, db database.DB) (*Run, error) {
	var (
		r                Run
		settings, counts []byte
	)
	err := db.QueryRow(ctx, `
SELECT id, started_at, finished_at, processes_read, skipped, flags_written, buyer_years, settings, counts
FROM procurement_flag_runs WHERE status = 'succeeded' ORDER BY finished_at DESC LIMIT 1`).Scan(
		&r.ID, &r.StartedAt, &r.FinishedAt, &r.Processes, &r.Skipped, &r.Flags, &r.BuyerYears, &settings, &counts)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flags: last run: %w", err)
	}
	if err := json.Unmarshal(settings, &r.Settings); err != nil {
		return nil, fmt.Errorf("flags: last run %d: settings: %w", r.ID, err)
	}
	if err := json.Unmarshal(counts, &r.counts); err != nil {
		return nil, fmt.Errorf("flags: last run %d: counts: %w", r.ID, err)
	}
	return &r, nil
}

// Counts returns, per catalogue indicator, what the last recomputation flagged; zeros if there has
// been none. The counts were taken when the flags were written: pages never count.
func Counts(ctx context.Context, db database.DB) ([]Count, error) {
	r, err := LastRun(ctx, db)
	if err != nil {
		return nil, err
	}
	return r.Counts(), nil
}
