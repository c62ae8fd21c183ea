package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"integrity-portal/portal/procurement/ocds"
)

// DemoSource is the source of demo data: a process all of whose releases come from it is marked as
// demo (is_demo), so pages can say so and the data can be purged.
const DemoSource = "demo"

// batchSize bounds the statements sent in one round trip.
const batchSize = 500

// SaveResult counts what Save did.
type SaveResult struct {
	Releases  int // releases given (after dropping exact duplicates within the call)
	Inserted  int // new releases
	Updated   int // releases already stored under the same ocid and id, with other content: replaced
	Unchanged int // releases already stored as given

	ProcessesCreated int // processes stored for the first time
	ProcessesUpdated int // processes whose compiled release changed
}

// Save stores releases (idempotent) and recompiles the affected processes with ocds.Merge, all inside
// tx; it returns counts.
//
// A release is identified by its ocid and id (a release without an id by a hash of its content). One
// already stored with the same content changes nothing; one with other content replaces the stored
// one (a publisher's correction). Every process that gained or changed a release is recompiled from
// all of its stored releases, and its columns and award rows are rewritten if the compiled release
// changed. source says where the releases came from (an import's id, or DemoSource).
//
// Save takes a transaction-scoped lock on each affected ocid, in sorted order, so concurrent saves of
// the same process serialize; tx must be READ COMMITTED (the default) for the later one to see the
// earlier one's releases. Every release must have an ocid and a date-time date, as ocds.ReadPackage
// guarantees; otherwise Save stores nothing and returns an error.
func Save(ctx context.Context, tx pgx.Tx, releases []ocds.Release, source string) (SaveResult, error) {
	var res SaveResult
	if source == "" || len([]rune(source)) > 200 {
		return res, errors.New("store: save: source must have 1 to 200 characters")
	}
	rows, err := prepare(releases)
	if err != nil {
		return res, err
	}
	res.Releases = len(rows)
	if len(rows) == 0 {
		return res, nil
	}

	ocids := make([]string, 0, len(rows))
	for _, r := range rows {
		ocids = append(ocids, r.ocid)
	}
	slices.Sort(ocids)
	ocids = slices.Compact(ocids)
	// Locks are taken in the array's (sorted) order, so two saves cannot deadlock on them.
	if _, err := tx.Exec(ctx, `
SELECT count(pg_advisory_xact_lock(hashtextextended('procurement_process:' || o, 0)))
FROM unnest($1::text[]) AS o`, ocids); err != nil {
		return res, fmt.Errorf("store: save: lock: %w", err)
	}

	changed, err := insertReleases(ctx, tx, rows, source, &res)
	if err != nil {
		return res, err
	}
	for chunk := range slices.Chunk(changed, batchSize) {
		if err := recompile(ctx, tx, chunk, &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// releaseRow is a release ready to store.
type releaseRow struct {
	ocid, id string
	date     pgtype.Timestamptz
	doc      []byte
	rel      ocds.Release
}

// prepare checks and encodes releases, keyed by ocid and id; of several with the same key in one
// call, the last is kept.
func prepare(releases []ocds.Release) ([]releaseRow, error) {
	rows := make([]releaseRow, 0, len(releases))
	index := map[[2]string]int{}
	for i, r := range releases {
		if r.OCID() == "" {
			return nil, fmt.Errorf("store: save: release %d has no ocid", i)
		}
		t, ok := parseTime(r.Date())
		if !ok {
			return nil, fmt.Errorf("store: save: release %d (%s) has no date-time date", i, r.OCID())
		}
		doc, err := marshalJSON(map[string]any(r))
		if err != nil {
			return nil, fmt.Errorf("store: save: release %d (%s): %w", i, r.OCID(), err)
		}
		id := deref(text(r, "id"))
		if id == "" {
			sum := sha256.Sum256(doc) // json.Marshal's text (sorted keys): the same content, the same hash
			id = "sha256:" + hex.EncodeToString(sum[:])
		}
		row := releaseRow{ocid: r.OCID(), id: id, date: pgtype.Timestamptz{Time: t, Valid: true}, doc: doc, rel: r}
		key := [2]string{row.ocid, row.id}
		if j, dup := index[key]; dup {
			rows[j] = row
			continue
		}
		index[key] = len(rows)
		rows = append(rows, row)
	}
	return rows, nil
}

// insertReleases stores rows and returns the ocids (sorted) that gained or changed a release.
func insertReleases(ctx context.Context, tx pgx.Tx, rows []releaseRow, source string, res *SaveResult) ([]string, error) {
	const insert = `
INSERT INTO procurement_releases AS r (ocid, release_id, date, release, source)
VALUES ($1, $2, $3, $4::jsonb, $5)
ON CONFLICT (ocid, release_id) DO UPDATE
    SET date = excluded.date, release = excluded.release, source = excluded.source, received_at = now()
    WHERE r.release IS DISTINCT FROM excluded.release
RETURNING xmax = 0`
	changed := map[string]bool{}
	for chunk := range slices.Chunk(rows, batchSize) {
		b := &pgx.Batch{}
		for _, r := range chunk {
			b.Queue(insert, r.ocid, r.id, r.date, r.doc, source)
		}
		br := tx.SendBatch(ctx, b)
		for _, r := range chunk {
			var inserted bool
			err := br.QueryRow().Scan(&inserted)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				res.Unchanged++
				continue
			case err != nil:
				br.Close()
				return nil, fmt.Errorf("store: save: release %s %s: %w", r.ocid, r.id, err)
			case inserted:
				res.Inserted++
			default:
				res.Updated++
			}
			changed[r.ocid] = true
		}
		if err := br.Close(); err != nil {
			return nil, fmt.Errorf("store: save: releases: %w", err)
		}
	}
	out := make([]string, 0, len(changed))
	for o := range changed {
		out = append(out, o)
	}
	slices.Sort(out)
	return out, nil
}

// recompile merges all stored releases of each ocid and rewrites the processes whose compiled
// release (or demo mark) changed, with their award rows.
func recompile(ctx context.Context, tx pgx.Tx, ocids []string, res *SaveResult) error {
	type stored struct {
		OCID    string
		Release string
		Demo    bool
	}
	rows, err := tx.Query(ctx, `
SELECT ocid, release::text AS release, source = $2 AS demo
FROM procurement_releases
WHERE ocid = ANY ($1)
ORDER BY ocid, date, seq`, ocids, DemoSource)
	if err != nil {
		return fmt.Errorf("store: save: load releases: %w", err)
	}
	all, err := pgx.CollectRows(rows, pgx.RowToStructByPos[stored])
	if err != nil {
		return fmt.Errorf("store: save: load releases: %w", err)
	}

	var procs []*process
	for i := 0; i < len(all); {
		j := i
		var group []ocds.Release
		demo := true
		for ; j < len(all) && all[j].OCID == all[i].OCID; j++ {
			dec := json.NewDecoder(bytes.NewReader([]byte(all[j].Release)))
			dec.UseNumber()
			var r ocds.Release
			if err := dec.Decode(&r); err != nil {
				return fmt.Errorf("store: save: decode release of %s: %w", all[i].OCID, err)
			}
			group = append(group, r)
			demo = demo && all[j].Demo
		}
		compiled, err := ocds.Merge(nil, group)
		if err != nil {
			return fmt.Errorf("store: save: %w", err)
		}
		p, err := derive(compiled, len(group), demo)
		if err != nil {
			return fmt.Errorf("store: save: %s: %w", all[i].OCID, err)
		}
		procs = append(procs, p)
		i = j
	}

	written, err := upsertProcesses(ctx, tx, procs, res)
	if err != nil {
		return err
	}
	if len(written) > 0 {
		if err := logChange(ctx, tx); err != nil {
			return err
		}
	}
	return writeAwards(ctx, tx, written)
}

// upsertProcesses writes procs, returning those that were created or changed.
func upsertProcesses(ctx context.Context, tx pgx.Tx, procs []*process, res *SaveResult) ([]*process, error) {
	const upsert = `
INSERT INTO procurement_processes AS p (
    ocid, compiled, release_count, release_date, process_date, buyer_id, buyer_name,
    procuring_entity_id, procuring_entity_name, title, procurement_method, method_details,
    main_category, tender_value, tender_currency, tender_start, tender_end, number_of_tenderers,
    tender_status, award_date, award_value, award_currency, supplier_ids, search_text, search_terms,
    is_demo, schema_path, schema_error, schema_digest)
VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::numeric, $15, $16, $17, $18,
    $19, $20, $21::numeric, $22, $23, $24, $25, $26, $27, $28, $29)
ON CONFLICT (ocid) DO UPDATE SET
    compiled = excluded.compiled, release_count = excluded.release_count,
    release_date = excluded.release_date, process_date = excluded.process_date,
    buyer_id = excluded.buyer_id, buyer_name = excluded.buyer_name,
    procuring_entity_id = excluded.procuring_entity_id,
    procuring_entity_name = excluded.procuring_entity_name, title = excluded.title,
    procurement_method = excluded.procurement_method, method_details = excluded.method_details,
    main_category = excluded.main_category, tender_value = excluded.tender_value,
    tender_currency = excluded.tender_currency, tender_start = excluded.tender_start,
    tender_end = excluded.tender_end, number_of_tenderers = excluded.number_of_tenderers,
    tender_status = excluded.tender_status, award_date = excluded.award_date,
    award_value = excluded.award_value, award_currency = excluded.award_currency,
    supplier_ids = excluded.supplier_ids, search_text = excluded.search_text,
    search_terms = excluded.search_terms, is_demo = excluded.is_demo, schema_path = excluded.schema_path,
    schema_error = excluded.schema_error, schema_digest = excluded.schema_digest, updated_at = now()
WHERE (p.compiled, p.release_count, p.is_demo, p.schema_digest)
    IS DISTINCT FROM (excluded.compiled, excluded.release_count, excluded.is_demo, excluded.schema_digest)
RETURNING xmax = 0`
	b := &pgx.Batch{}
	for _, p := range procs {
		b.Queue(upsert, p.ocid, p.compiled, p.releaseCount, p.releaseDate, p.processDate, p.buyerID,
			p.buyerName, p.procuringEntityID, p.procuringEntityName, p.title, p.method, p.methodDetails,
			p.category, p.tenderValue, p.tenderCurrency, p.tenderStart, p.tenderEnd, p.numberOfTenderers,
			p.tenderStatus, p.awardDate, p.awardValue, p.awardCurrency, p.supplierIDs, p.searchText,
			tsvector(p.searchTerms), p.isDemo, p.schema.path, p.schema.message, p.schema.digest)
	}
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	var written []*process
	for _, p := range procs {
		var created bool
		err := br.QueryRow().Scan(&created)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			continue
		case err != nil:
			return nil, fmt.Errorf("store: save: process %s: %w", p.ocid, err)
		case created:
			res.ProcessesCreated++
		default:
			res.ProcessesUpdated++
		}
		written = append(written, p)
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("store: save: processes: %w", err)
	}
	return written, nil
}

// writeAwards replaces the award rows of procs.
func writeAwards(ctx context.Context, tx pgx.Tx, procs []*process) error {
	if len(procs) == 0 {
		return nil
	}
	ocids := make([]string, len(procs))
	for i, p := range procs {
		ocids[i] = p.ocid
	}
	if _, err := tx.Exec(ctx, `DELETE FROM procurement_awards WHERE ocid = ANY ($1)`, ocids); err != nil {
		return fmt.Errorf("store: save: awards: %w", err)
	}
	var rows [][]any
	for _, p := range procs {
		rows = p.appendAwardRows(rows)
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"procurement_awards"}, awardColumns, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("store: save: awards: %w", err)
	}
	return nil
}

// awardColumns are the columns of procurement_awards that appendAwardRows fills.
var awardColumns = []string{"ocid", "award_id", "buyer_id", "status", "date", "value", "currency",
	"supplier_id", "supplier_name", "supplier_count"}

// appendAwardRows appends the award rows of p, for CopyFrom into awardColumns.
func (p *process) appendAwardRows(rows [][]any) [][]any {
	for _, a := range p.awards {
		rows = append(rows, []any{p.ocid, a.awardID, p.buyerID, a.status, a.date, numeric(a.value),
			a.currency, a.supplierID, a.supplierName, a.supplierCount})
	}
	return rows
}

// processColumns are the columns of procurement_processes that row fills: all that Save writes.
var processColumns = []string{"ocid", "compiled", "release_count", "release_date", "process_date",
	"buyer_id", "buyer_name", "procuring_entity_id", "procuring_entity_name", "title",
	"procurement_method", "method_details", "main_category", "tender_value", "tender_currency",
	"tender_start", "tender_end", "number_of_tenderers", "tender_status", "award_date", "award_value",
	"award_currency", "supplier_ids", "search_text", "search_terms", "is_demo", "schema_path",
	"schema_error", "schema_digest"}

// row returns p as a row of processColumns, for CopyFrom.
func (p *process) row() []any {
	return []any{p.ocid, p.compiled, p.releaseCount, p.releaseDate, p.processDate, p.buyerID,
		p.buyerName, p.procuringEntityID, p.procuringEntityName, p.title, p.method, p.methodDetails,
		p.category, numeric(p.tenderValue), p.tenderCurrency, p.tenderStart, p.tenderEnd,
		p.numberOfTenderers, p.tenderStatus, p.awardDate, numeric(p.awardValue), p.awardCurrency,
		p.supplierIDs, p.searchText, tsvector(p.searchTerms), p.isDemo, p.schema.path, p.schema.message,
		p.schema.digest}
}

// tsvector makes a tsvector of lexemes without positions.
func tsvector(terms []string) pgtype.TSVector {
	v := pgtype.TSVector{Valid: true, Lexemes: make([]pgtype.TSVectorLexeme, len(terms))}
	for i, t := range terms {
		v.Lexemes[i].Word = t
	}
	return v
}

// numeric converts exact decimal text for COPY, which needs a typed value.
func numeric(s *string) pgtype.Numeric {
	var n pgtype.Numeric
	if s != nil {
		if err := n.Scan(*s); err != nil {
			return pgtype.Numeric{}
		}
	}
	return n
}
