package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/portal/procurement/ocds"
)

// Every compiled release is cleaned (ocds.Clean) and checked against the OCDS release schema, as it
// will be published, when it is stored (derive, for Save, SaveBulk and CopyCompiled), never when a
// package is downloaded: the verdict is kept beside it (schema_path and schema_error, NULL when
// valid) with schema_digest, the digest of the compiled release checked. A change to compiled that
// does not come with a new digest (an UPDATE by hand) clears the digest (migration 035): the process
// is then unchecked until Recheck stores it again. A year holding a failing or unchecked process has
// no package.

// ErrWithheld is returned by EachRelease when a year's package holds a release that failed the
// schema, or that was changed since it was checked: the package must not be served.
var ErrWithheld = errors.New("store: a release of the package fails the OCDS schema or is not checked")

// schemaCheck is the verdict on a compiled release, for its row.
type schemaCheck struct {
	path, message *string // nil when valid
	digest        []byte  // of the compiled release checked
}

// checkSchema checks a compiled release (its stored JSON) as it is published: completed as
// publishedRelease and publish complete it.
func checkSchema(doc []byte) (schemaCheck, error) {
	sum := sha256.Sum256(doc)
	check := schemaCheck{digest: sum[:16]}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var rel map[string]any
	if err := dec.Decode(&rel); err != nil {
		return check, fmt.Errorf("store: check schema: %w", err)
	}
	rel["tag"] = []any{"compiled"}
	rel["initiationType"] = "tender"
	if zonelessDate.Match(doc) {
		fixDates(rel)
	}
	if f := ocds.Validate(rel); f != nil {
		check.path, check.message = &f.Path, &f.Message
	}
	return check, nil
}

// Withheld is a year whose package is not served: the first of its processes (by ocid; an unchecked
// one before any other) that fails the schema or is unchecked, and how many do.
type Withheld struct {
	Year    int
	OCID    string
	Path    string // empty when unchecked
	Message string
	Count   int
}

// Unchecked reports whether the process named, and so some of the year's, is unchecked.
func (w Withheld) Unchecked() bool { return w.Path == "" && w.Message == "" }

// WithheldYears returns the years whose package is withheld, oldest first. The partial index of
// migration 035 holds exactly these processes, so this is cheap when there are none.
func WithheldYears(ctx context.Context, db database.DB) ([]Withheld, error) {
	rows, err := db.Query(ctx, `
SELECT DISTINCT ON (year) year, ocid, COALESCE(path, ''), COALESCE(message, ''), count(*) OVER (PARTITION BY year)
FROM (SELECT extract(year FROM process_date AT TIME ZONE INTERVAL '+08:00')::int AS year, ocid,
             schema_path AS path, schema_error AS message, schema_digest IS NULL AS unchecked
      FROM procurement_processes
      WHERE schema_error IS NOT NULL OR schema_digest IS NULL) AS p
ORDER BY year, unchecked DESC, ocid`)
	if err != nil {
		return nil, fmt.Errorf("store: withheld years: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Withheld])
	if err != nil {
		return nil, fmt.Errorf("store: withheld years: %w", err)
	}
	return out, nil
}

// Beginner starts a transaction: a *pgxpool.Pool or a *pgx.Conn.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Recheck stores again, cleaned and checked as Save stores them, the unchecked processes: those
// changed by hand since they were checked, and those stored before the checks existed (whose
// releases, unchanged, an import would not recompile). A change by hand is kept, cleaned, and its
// year withheld if it fails. It works a chunk at a time, each in its own transaction, until none is
// left or ctx ends; a process being saved meanwhile is left to that save.
func Recheck(ctx context.Context, db Beginner) error {
	for {
		n, err := recheckChunk(ctx, db)
		if err != nil || n == 0 {
			return err
		}
	}
}

// recheckChunk rechecks up to batchSize unchecked processes and returns how many it found.
func recheckChunk(ctx context.Context, db Beginner) (int, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: recheck: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	// FOR UPDATE: a save of one of these processes waits for this one, and after it a locked row
	// that the save checked no longer qualifies.
	rows, err := tx.Query(ctx, `SELECT compiled::text, release_count, is_demo FROM procurement_processes
WHERE schema_digest IS NULL ORDER BY ocid LIMIT $1 FOR UPDATE SKIP LOCKED`, batchSize)
	if err != nil {
		return 0, fmt.Errorf("store: recheck: %w", err)
	}
	type unchecked struct {
		Compiled string
		Count    int
		Demo     bool
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[unchecked])
	if err != nil || len(list) == 0 {
		return 0, err
	}
	procs := make([]*process, 0, len(list))
	for _, u := range list {
		dec := json.NewDecoder(strings.NewReader(u.Compiled))
		dec.UseNumber()
		var rel ocds.Release
		if err := dec.Decode(&rel); err != nil {
			return 0, fmt.Errorf("store: recheck: %w", err)
		}
		p, err := derive(rel, u.Count, u.Demo)
		if err != nil {
			return 0, fmt.Errorf("store: recheck %s: %w", rel.OCID(), err)
		}
		procs = append(procs, p)
	}
	var res SaveResult
	written, err := upsertProcesses(ctx, tx, procs, &res)
	if err != nil {
		return 0, err
	}
	if err := logChange(ctx, tx); err != nil {
		return 0, err
	}
	if err := writeAwards(ctx, tx, written); err != nil {
		return 0, err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("store: recheck: %w", err)
	}
	return len(list), nil
}
