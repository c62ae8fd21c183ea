package applications

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
)

// upsertAgency registers an agency, or renames it: the periods table is where its names come from.
// An English name left blank keeps the stored one.
const upsertAgency = `INSERT INTO application_agencies AS a (code, name_zh, name_en) VALUES ($1, $2, $3)
ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = COALESCE(NULLIF(excluded.name_en, ''), a.name_en)
WHERE (a.name_zh, a.name_en) IS DISTINCT FROM (excluded.name_zh, COALESCE(NULLIF(excluded.name_en, ''), a.name_en))
RETURNING id, xmax = 0`

const upsertService = `INSERT INTO application_services AS s (agency_id, code, name_zh, name_en) VALUES ($1, $2, $3, $4)
ON CONFLICT (agency_id, code) DO UPDATE SET name_zh = excluded.name_zh, name_en = COALESCE(NULLIF(excluded.name_en, ''), s.name_en)
WHERE (s.name_zh, s.name_en) IS DISTINCT FROM (excluded.name_zh, COALESCE(NULLIF(excluded.name_en, ''), s.name_en))
RETURNING id, xmax = 0`

// upsertPeriod stores a period, or replaces the one of the same service and effective date.
const upsertPeriod = `INSERT INTO application_periods AS p (service_id, effective_from, value, unit, source) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (service_id, effective_from) DO UPDATE SET value = excluded.value, unit = excluded.unit, source = excluded.source
WHERE (p.value, p.unit, p.source) IS DISTINCT FROM (excluded.value, excluded.unit, excluded.source)
RETURNING xmax = 0`

// importPeriods stores a periods file: its agencies and services (new ones registered, names
// updated) and their periods (by service and effective date), in one transaction.
func importPeriods(ctx context.Context, db Beginner, r io.Reader, opts Options) (*Report, error) {
	rows, res, err := ReadPeriods(r, opts)
	if err != nil {
		return nil, err
	}
	rep := &Report{Kind: KindPeriods}
	rep.fill(res)
	if res.Problems > 0 {
		return rep, rep.rejectedError()
	}
	notPublished := 0
	err = pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		agencies := map[string]int32{}
		services := map[ServiceKey]int32{}
		for _, p := range rows {
			id, ok := agencies[p.AgencyCode]
			if !ok {
				var err error
				if id, err = upsert(ctx, tx, &rep.NewAgencies, upsertAgency, `SELECT id FROM application_agencies WHERE code = $1`,
					[]any{p.AgencyCode, p.AgencyName, p.AgencyNameEn}, p.AgencyCode); err != nil {
					return fmt.Errorf("line %d: agency: %w", p.Line, err)
				}
				agencies[p.AgencyCode] = id
			}
			key := ServiceKey{p.AgencyCode, p.ServiceCode}
			sid, ok := services[key]
			if !ok {
				var err error
				if sid, err = upsert(ctx, tx, &rep.NewServices, upsertService, `SELECT id FROM application_services WHERE agency_id = $1 AND code = $2`,
					[]any{id, p.ServiceCode, p.ServiceName, p.ServiceNameEn}, id, p.ServiceCode); err != nil {
					return fmt.Errorf("line %d: service: %w", p.Line, err)
				}
				services[key] = sid
			}
			var from *time.Time
			if !p.EffectiveFrom.IsZero() {
				from = &p.EffectiveFrom
			}
			var value *int
			var unit *string
			if p.Published {
				value, unit = &p.Period.Value, (*string)(&p.Period.Unit)
			} else {
				notPublished++
			}
			var inserted bool
			err := tx.QueryRow(ctx, upsertPeriod, sid, from, value, unit, p.Source).Scan(&inserted)
			switch {
			case err == pgx.ErrNoRows:
				rep.Unchanged++
			case err != nil:
				return fmt.Errorf("line %d: period: %w", p.Line, err)
			case inserted:
				rep.Inserted++
			default:
				rep.Updated++
			}
		}
		return nil
	})
	if notPublished > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d row(s) without a published period: two months apply (APA §51 II)", notPublished))
	}
	rep.Stored = err == nil
	return rep, err
}

// upsert runs an upsert returning (id, inserted); when it changes nothing (no row returned), the
// id comes from find. It counts insertions in *added.
func upsert(ctx context.Context, tx pgx.Tx, added *int, sql, find string, args []any, findArgs ...any) (int32, error) {
	var id int32
	var inserted bool
	err := tx.QueryRow(ctx, sql, args...).Scan(&id, &inserted)
	if err == pgx.ErrNoRows {
		err = tx.QueryRow(ctx, find, findArgs...).Scan(&id)
	}
	if inserted {
		*added++
	}
	return id, err
}
