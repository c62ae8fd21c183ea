package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/portal/procurement/ocds"
)

// copyChunk is how many processes CopyCompiled derives before copying them.
const copyChunk = 5000

// CopyCompiled bulk-loads compiled releases into procurement_processes and procurement_awards with
// COPY, deriving every column as Save does, and returns how many it loaded. next returns the next
// release, or nil after the last. The releases themselves are not kept in procurement_releases, so
// these processes can never be recompiled: CopyCompiled is for generated data in benchmarks and
// tests (package generate), never for imports, which use Save. Every ocid must be new.
func CopyCompiled(ctx context.Context, tx pgx.Tx, next func() (ocds.Release, error)) (int64, error) {
	var n int64
	for {
		var procs [][]any
		var awards [][]any
		for len(procs) < copyChunk {
			rel, err := next()
			if err != nil {
				return n, err
			}
			if rel == nil {
				break
			}
			p, err := derive(rel, 1, false)
			if err != nil {
				return n, fmt.Errorf("store: copy: %s: %w", rel.OCID(), err)
			}
			procs = append(procs, p.row())
			for _, a := range p.awards {
				awards = append(awards, []any{p.ocid, a.awardID, p.buyerID, a.status, a.date, numeric(a.value),
					a.currency, a.supplierID, a.supplierName, a.supplierCount})
			}
		}
		if len(procs) == 0 {
			return n, nil
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"procurement_processes"}, processColumns, pgx.CopyFromRows(procs)); err != nil {
			return n, fmt.Errorf("store: copy processes: %w", err)
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"procurement_awards"}, []string{"ocid", "award_id",
			"buyer_id", "status", "date", "value", "currency", "supplier_id", "supplier_name", "supplier_count"},
			pgx.CopyFromRows(awards)); err != nil {
			return n, fmt.Errorf("store: copy awards: %w", err)
		}
		n += int64(len(procs))
	}
}
