package applications

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// Rows travel from the reader to COPY in batches, so reading (one core) and sending (another)
// overlap without a channel operation per row.
const stageBatch = 2000

// The staging table holds a file's rows until they are all checked; service_ref is a service's id,
// or for a service new in this file minus its number in the file's list of new services.
const createStaging = `CREATE TEMP TABLE application_staging (
    line integer, agency_id integer, case_key text, service_ref integer, channel text,
    received date, closed date, suspended_days integer, extended boolean, extension_days integer, outcome text
) ON COMMIT DROP`

var stagingColumns = []string{"line", "agency_id", "case_key", "service_ref", "channel", "received", "closed",
	"suspended_days", "extended", "extension_days", "outcome"}

// importLock serializes application imports: two files with the same new case number would
// otherwise both insert it.
const importLock = 0x6170706c69 // "appli"

// countStored counts the staged rows whose application is stored already.
const countStored = `SELECT count(*) FROM application_staging s
WHERE EXISTS (SELECT FROM application_records r WHERE r.agency_id = s.agency_id AND r.case_key = s.case_key)`

// stagedRecords are the staged rows as records: $1 and $2 map the new services' refs to their ids.
const stagedRecords = `SELECT s.agency_id, s.case_key, COALESCE(m.id, s.service_ref) AS service_id, s.channel, s.received,
    s.closed, s.suspended_days, s.extended, s.extension_days, s.outcome
FROM application_staging s
LEFT JOIN unnest($1::integer[], $2::integer[]) AS m (ref, id) ON m.ref = s.service_ref`

// insertStaging stores the staged rows when none is stored yet: the first file of an agency, or
// of a month.
const insertStaging = `INSERT INTO application_records (agency_id, case_key, service_id, channel, received, closed,
    suspended_days, extended, extension_days, outcome) ` + stagedRecords

// mergeStaging stores the staged rows by (agency, case key): new ones inserted, changed ones
// updated, equal ones left alone. MERGE joins once, where INSERT … ON CONFLICT would insert
// speculatively row by row (twice as slow).
const mergeStaging = `MERGE INTO application_records r
USING (` + stagedRecords + `) s ON r.agency_id = s.agency_id AND r.case_key = s.case_key
WHEN MATCHED AND (r.service_id, r.channel, r.received, r.closed, r.suspended_days, r.extended, r.extension_days, r.outcome)
    IS DISTINCT FROM (s.service_id, s.channel, s.received, s.closed, s.suspended_days, s.extended, s.extension_days, s.outcome)
THEN UPDATE SET service_id = s.service_id, channel = s.channel, received = s.received, closed = s.closed,
    suspended_days = s.suspended_days, extended = s.extended, extension_days = s.extension_days, outcome = s.outcome
WHEN NOT MATCHED THEN INSERT (agency_id, case_key, service_id, channel, received, closed, suspended_days, extended,
    extension_days, outcome)
VALUES (s.agency_id, s.case_key, s.service_id, s.channel, s.received, s.closed, s.suspended_days, s.extended,
    s.extension_days, s.outcome)`

// duplicateKeys lists case numbers that more than one row of the file has.
const duplicateKeys = `SELECT case_key, array_agg(line ORDER BY line) FROM application_staging
GROUP BY agency_id, case_key HAVING count(*) > 1 ORDER BY min(line)`

// importApplications reads an applications file into the staging table as it goes, and merges it
// into application_records if no row was rejected, all in one transaction.
func importApplications(ctx context.Context, db Beginner, r io.Reader, opts Options) (*Report, error) {
	rep := &Report{Kind: KindApplications}
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, importLock); err != nil {
			return err
		}
		reg, err := LoadRegistry(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, createStaging); err != nil {
			return err
		}
		st := newStager(reg)
		var res *Result
		done := make(chan error, 1)
		go func() {
			var err error
			res, err = ReadApplications(r, reg, opts, st.add)
			st.close(err)
			done <- err
		}()
		staged, copyErr := tx.CopyFrom(ctx, pgx.Identifier{"application_staging"}, stagingColumns, st)
		st.stop() // if COPY ended early, let the reader finish
		if err := <-done; err != nil && !errors.Is(err, errStagingStopped) {
			return err // the file, not the database
		}
		if copyErr != nil {
			return copyErr
		}
		rep.fill(res)
		if res.Keyless {
			rep.Notes = append(rep.Notes, "no 案件編號 (case_number) column: rows are keyed by their content, so a row that changes later (say, now closed) will be added rather than replace its earlier version; export the agency's application numbers")
		}
		if res.Problems > 0 {
			return rep.rejectedError()
		}
		refs, ids, err := st.insertServices(ctx, tx)
		if err != nil {
			return err
		}
		rep.NewServices = len(ids)
		return merge(ctx, tx, rep, int(staged), refs, ids, res.caseColumn)
	})
	if rep.Encoding == "" { // not read as a whole
		return nil, err
	}
	rep.Stored = err == nil
	return rep, err
}

// merge stores the staged rows inside a savepoint: a case number given twice in the file makes
// the merge fail (it cannot insert one key twice, or change one row twice), and is then reported
// by line.
func merge(ctx context.Context, tx pgx.Tx, rep *Report, staged int, refs, ids []int32, caseColumn string) error {
	var stored int
	if err := tx.QueryRow(ctx, countStored).Scan(&stored); err != nil {
		return err
	}
	store := mergeStaging
	if stored == 0 {
		store = insertStaging
	}
	err := pgx.BeginFunc(ctx, tx, func(sp pgx.Tx) error {
		tag, err := sp.Exec(ctx, store, refs, ids)
		rep.Inserted = staged - stored
		rep.Updated = int(tag.RowsAffected()) - rep.Inserted
		rep.Unchanged = stored - rep.Updated
		return err
	})
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || (pgErr.Code != "23505" && pgErr.Code != "21000") { // unique_violation, cardinality_violation
		return err
	}
	rows, _ := tx.Query(ctx, duplicateKeys)
	var key string
	var lines []int32
	rej := rejections{}
	_, err = pgx.ForEachRow(rows, []any{&key, &lines}, func() error {
		for _, l := range lines[1:] {
			rej.add(Rejection{Line: int(l), Column: caseColumn,
				Reason: fmt.Sprintf("%q is on line %d too: each application once per file", key, lines[0])})
		}
		return nil
	})
	if err != nil {
		return err
	}
	rep.Rejected, rep.RejectedTotal, rep.RejectedLines = rej.list, rej.total, rej.lines
	rep.Inserted, rep.Updated, rep.Unchanged = 0, 0, 0
	return rep.rejectedError()
}

var errStagingStopped = errors.New("applications: staging stopped")

// stagedRow is a staging row, typed so that pgx is handed pointers rather than boxed copies.
type stagedRow struct {
	line, agency, service, suspended, extension int32
	key, channel                                string
	received                                    time.Time
	closed                                      pgtype.Date
	extended                                    bool
	outcome                                     pgtype.Text
}

// stager turns checked applications into staging rows for CopyFrom (it is a pgx.CopyFromSource),
// registering services the file names for the first time. The reading goroutine fills batches,
// COPY empties them, and they go back to be filled again.
type stager struct {
	reg     *Registry
	newRefs map[ServiceKey]int32
	newList []ServiceKey
	names   []string
	batches chan []stagedRow
	free    chan []stagedRow
	quit    chan struct{}
	batch   []stagedRow
	readErr error
	current []stagedRow
	i       int
	values  []any
}

func newStager(reg *Registry) *stager {
	return &stager{reg: reg, newRefs: map[ServiceKey]int32{}, batches: make(chan []stagedRow, 4),
		free: make(chan []stagedRow, 6), quit: make(chan struct{}), values: make([]any, len(stagingColumns))}
}

// add is ReadApplications' callback, on the reading goroutine.
func (s *stager) add(a *Application) error {
	key := ServiceKey{a.AgencyCode, a.ServiceCode}
	ref := int32(0)
	if svc, ok := s.reg.Services[key]; ok {
		ref = svc.ID
	} else if ref = s.newRefs[key]; ref == 0 {
		s.newList = append(s.newList, key)
		s.names = append(s.names, a.ServiceName)
		ref = -int32(len(s.newList))
		s.newRefs[key] = ref
	}
	if s.batch == nil {
		select {
		case s.batch = <-s.free:
		default:
			s.batch = make([]stagedRow, 0, stageBatch)
		}
	}
	s.batch = append(s.batch, stagedRow{line: int32(a.Line), agency: s.reg.Agencies[a.AgencyCode].ID, service: ref,
		suspended: int32(a.SuspendedDays), extension: int32(a.ExtensionDays), key: a.Key, channel: string(a.Channel),
		received: a.Received, closed: pgtype.Date{Time: a.Closed, Valid: !a.Open()}, extended: a.Extended,
		outcome: pgtype.Text{String: string(a.Outcome), Valid: a.Outcome != ""}})
	if len(s.batch) == stageBatch {
		return s.flush()
	}
	return nil
}

func (s *stager) flush() error {
	select {
	case s.batches <- s.batch:
		s.batch = nil
		return nil
	case <-s.quit:
		return errStagingStopped
	}
}

// close ends the rows, on the reading goroutine.
func (s *stager) close(err error) {
	if err == nil && len(s.batch) > 0 {
		s.flush()
	}
	s.readErr = err
	close(s.batches)
}

// stop tells a reader still adding that no one takes its rows any more.
func (s *stager) stop() { close(s.quit) }

func (s *stager) Next() bool {
	for s.i+1 >= len(s.current) {
		if s.current != nil {
			select {
			case s.free <- s.current[:0]:
			default:
			}
		}
		b, ok := <-s.batches
		if !ok {
			s.current = nil
			return false
		}
		s.current, s.i = b, -1
	}
	s.i++
	return true
}

// Values points pgx at the current row's fields; pgx encodes them before asking for the next.
func (s *stager) Values() ([]any, error) {
	r := &s.current[s.i]
	v := s.values
	v[0], v[1], v[2], v[3], v[4], v[5] = &r.line, &r.agency, &r.key, &r.service, &r.channel, &r.received
	v[6], v[7], v[8], v[9], v[10] = &r.closed, &r.suspended, &r.extended, &r.extension, &r.outcome
	return v, nil
}

// Err is read by CopyFrom after Next returns false: a file that could not be read aborts the COPY.
func (s *stager) Err() error { return s.readErr }

// insertServices registers the services new in the file, returning each one's ref and id.
func (s *stager) insertServices(ctx context.Context, tx pgx.Tx) (refs, ids []int32, err error) {
	for i, key := range s.newList {
		var id int32
		err := tx.QueryRow(ctx, `INSERT INTO application_services (agency_id, code, name_zh) VALUES ($1, $2, $3) RETURNING id`,
			s.reg.Agencies[key.Agency].ID, key.Service, s.names[i]).Scan(&id)
		if err != nil {
			return nil, nil, fmt.Errorf("applications: register service %s %s: %w", key.Agency, key.Service, err)
		}
		refs, ids = append(refs, -int32(i+1)), append(ids, id)
	}
	return refs, ids, nil
}
