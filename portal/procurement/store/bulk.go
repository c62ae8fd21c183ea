package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"integrity-portal/portal/procurement/ocds"
)

// SaveBulk stores releases as Save does, giving the same rows and columns, but faster for imports of
// many new processes: the releases of processes not yet stored are written with COPY, and their
// processes compiled from the releases at hand instead of read back. Releases of processes already
// stored go through Save's own statements. Callers pass releases in batches of about a thousand, as
// many batches in one transaction as they like; Loader does that for a stream.
//
// Instead of Save's lock on each ocid, which would fill PostgreSQL's lock table in a transaction of
// a million processes, SaveBulk locks procurement_releases against other writers (SHARE ROW
// EXCLUSIVE) until tx ends: a concurrent Save or SaveBulk waits for it, readers do not.
func SaveBulk(ctx context.Context, tx pgx.Tx, releases []ocds.Release, source string) (SaveResult, error) {
	var res SaveResult
	b, err := prepareBulk(releases, source)
	if err != nil {
		return res, err
	}
	err = b.write(ctx, tx, &res, true)
	return res, err
}

// bulkBatch is a batch of releases prepared for SaveBulk: encoded, and, for each process whose
// releases are all in the batch and keep their text in jsonb, compiled on the guess that the
// process is new (write checks the guess).
type bulkBatch struct {
	source   string
	rows     []releaseRow
	compiled map[string]*process // by ocid
}

// prepareBulk does SaveBulk's work that needs no database, so that Loader can do it for one batch
// while the previous one is written.
func prepareBulk(releases []ocds.Release, source string) (*bulkBatch, error) {
	if source == "" || len([]rune(source)) > 200 {
		return nil, errors.New("store: save: source must have 1 to 200 characters")
	}
	rows, err := prepare(releases)
	if err != nil {
		return nil, err
	}
	b := &bulkBatch{source: source, rows: rows, compiled: map[string]*process{}}
	// Group by ocid in the order of the rows, the order Save's sequence numbers would give them.
	groups := map[string][]ocds.Release{}
	var order []string
	for _, r := range rows {
		if _, ok := groups[r.ocid]; !ok {
			order = append(order, r.ocid)
		}
		groups[r.ocid] = append(groups[r.ocid], r.rel)
	}
	for _, ocid := range order {
		group := groups[ocid]
		if slices.ContainsFunc(group, func(r ocds.Release) bool { return !jsonbKeeps(map[string]any(r)) }) {
			continue // compiled from the stored rows instead, as Save does
		}
		compiled, err := ocds.Merge(nil, group)
		if err != nil {
			return nil, fmt.Errorf("store: save: %w", err)
		}
		p, err := derive(compiled, len(group), source == DemoSource)
		if err != nil {
			return nil, fmt.Errorf("store: save: %s: %w", ocid, err)
		}
		b.compiled[ocid] = p
	}
	for i := range b.rows {
		b.rows[i].rel = nil // encoded and compiled: let the decoded release go
	}
	return b, nil
}

// write stores a prepared batch in tx, adding to res. Unless the transaction holds it already
// (locked), it first takes the lock described at SaveBulk.
func (b *bulkBatch) write(ctx context.Context, tx pgx.Tx, res *SaveResult, lock bool) error {
	res.Releases += len(b.rows)
	if len(b.rows) == 0 {
		return nil
	}
	fresh, known, err := splitFresh(ctx, tx, b.rows, lock)
	if err != nil {
		return err
	}
	if err := b.saveFresh(ctx, tx, fresh, res); err != nil {
		return err
	}
	if len(known) == 0 {
		return nil
	}
	changed, err := insertReleases(ctx, tx, known, b.source, res)
	if err != nil {
		return err
	}
	for chunk := range slices.Chunk(changed, batchSize) {
		if err := recompile(ctx, tx, chunk, res); err != nil {
			return err
		}
	}
	return nil
}

// splitFresh separates the rows of processes that have no stored release (fresh) from the others,
// after taking the lock if asked to, in the same round trip.
func splitFresh(ctx context.Context, tx pgx.Tx, rows []releaseRow, lock bool) (fresh, known []releaseRow, err error) {
	ocids := make([]string, 0, len(rows))
	for _, r := range rows {
		ocids = append(ocids, r.ocid)
	}
	batch := &pgx.Batch{}
	if lock {
		batch.Queue(`LOCK TABLE procurement_releases IN SHARE ROW EXCLUSIVE MODE`)
	}
	stored := batch.Queue(`
SELECT DISTINCT o FROM unnest($1::text[]) AS o
WHERE EXISTS (SELECT FROM procurement_releases r WHERE r.ocid = o)`, ocids)
	var list []string
	stored.Query(func(rows pgx.Rows) error {
		var err error
		list, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return nil, nil, fmt.Errorf("store: save: lock and look up stored processes: %w", err)
	}
	isKnown := make(map[string]bool, len(list))
	for _, o := range list {
		isKnown[o] = true
	}
	for _, r := range rows {
		if isKnown[r.ocid] {
			known = append(known, r)
		} else {
			fresh = append(fresh, r)
		}
	}
	return fresh, known, nil
}

// saveFresh stores the releases of new processes with COPY, then their processes and awards: those
// compiled by prepareBulk with COPY, the others by recompile. The lock taken by write guarantees
// that nobody stores releases of these processes meanwhile.
//
// A process compiled by prepareBulk is the one Save would compile from the rows read back from
// jsonb, because its releases keep their text there (see jsonbKeeps).
func (b *bulkBatch) saveFresh(ctx context.Context, tx pgx.Tx, rows []releaseRow, res *SaveResult) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"procurement_releases"}, releaseColumns,
		pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
			r := rows[i]
			return []any{r.ocid, r.id, r.date, r.doc, b.source}, nil
		}))
	if err != nil {
		return fmt.Errorf("store: save: releases: %w", err)
	}
	res.Inserted += len(rows)

	var procs []*process
	var readBack []string
	seen := make(map[string]bool, len(rows))
	for _, r := range rows {
		if seen[r.ocid] {
			continue
		}
		seen[r.ocid] = true
		if p, ok := b.compiled[r.ocid]; ok {
			procs = append(procs, p)
		} else {
			readBack = append(readBack, r.ocid)
		}
	}
	if err := copyProcesses(ctx, tx, procs); err != nil {
		return err
	}
	res.ProcessesCreated += len(procs)
	slices.Sort(readBack)
	for chunk := range slices.Chunk(readBack, batchSize) {
		if err := recompile(ctx, tx, chunk, res); err != nil {
			return err
		}
	}
	return nil
}

// releaseColumns are the columns of procurement_releases that a release row fills.
var releaseColumns = []string{"ocid", "release_id", "date", "release", "source"}

// copyProcesses writes new processes and their award rows with COPY.
func copyProcesses(ctx context.Context, tx pgx.Tx, procs []*process) error {
	if len(procs) == 0 {
		return nil
	}
	if err := logChange(ctx, tx); err != nil {
		return err
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"procurement_processes"}, processColumns,
		pgx.CopyFromSlice(len(procs), func(i int) ([]any, error) { return procs[i].row(), nil }))
	if err != nil {
		return fmt.Errorf("store: save: processes: %w", err)
	}
	var awards [][]any
	for _, p := range procs {
		awards = p.appendAwardRows(awards)
	}
	if len(awards) == 0 {
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"procurement_awards"}, awardColumns, pgx.CopyFromRows(awards)); err != nil {
		return fmt.Errorf("store: save: awards: %w", err)
	}
	return nil
}
