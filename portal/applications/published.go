package applications

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// What the open data files and the API publish. They read only the statistics, the registry of
// agencies and services, the periods and the recomputations: never application_records, which
// only the importer and Recompute touch.

// ErrNoAgency is returned for an agency code that is not registered.
var ErrNoAgency = errors.New("applications: no such agency")

// Levels of a row of statistics.
const (
	LevelCity    = "city"
	LevelAgency  = "agency"
	LevelService = "service"
)

// Figures are one month's figures at one level: the columns of application_stats
// (docs/applications.md says what each means).
type Figures struct {
	Received, ReceivedCounter, ReceivedOnline, ReceivedMail int
	Closed, Approved, Rejected, Withdrawn, Timed            int
	MedianDays, P90Days                                     *float64 // nil when Timed is 0
	OnTime, Extended, Corrected, OpenEnd, OverdueEnd        int
}

// figureColumns are Figures' columns, in its order.
const figureColumns = `st.received, st.received_counter, st.received_online, st.received_mail, st.closed, st.approved,
    st.rejected, st.withdrawn, st.timed, st.median_days, st.p90_days, st.on_time, st.extended, st.corrected, st.open_end,
    st.overdue_end`

func (f *Figures) targets() []any {
	return []any{&f.Received, &f.ReceivedCounter, &f.ReceivedOnline, &f.ReceivedMail, &f.Closed, &f.Approved,
		&f.Rejected, &f.Withdrawn, &f.Timed, &f.MedianDays, &f.P90Days, &f.OnTime, &f.Extended, &f.Corrected,
		&f.OpenEnd, &f.OverdueEnd}
}

// MonthFigures are a month's figures; Month is its first day.
type MonthFigures struct {
	Month time.Time
	Figures
}

// Published is the state of the published statistics.
type Published struct {
	Recomputation int64 // the latest recomputation; 0 when none has run
	AsOf          time.Time
	FinishedAt    time.Time // when its figures were written: the files' last change
	Records       int64     // applications it counted
	Rows          int       // rows of application_stats
	// Registry is a digest of the agencies' and services' codes and names and of the periods: a
	// periods file may rename them without changing a figure, so without a recomputation.
	Registry string
}

// latestPublished reads the latest recomputation and the registry's digest in one statement.
const latestPublished = `SELECT COALESCE(r.id, 0), COALESCE(r.as_of, 'epoch'), COALESCE(r.finished_at, 'epoch'), COALESCE(r.records, 0),
    COALESCE(r.stats_rows, 0), (SELECT md5(COALESCE(string_agg(t, E'\n' ORDER BY t), '')) FROM (
        SELECT concat_ws(E'\t', 'a', id, code, name_zh, name_en) AS t FROM application_agencies
        UNION ALL SELECT concat_ws(E'\t', 's', id, agency_id, code, name_zh, name_en) FROM application_services
        UNION ALL SELECT concat_ws(E'\t', 'p', service_id, COALESCE(effective_from::text, '-'), COALESCE(value::text, '-'),
            COALESCE(unit, '-')) FROM application_periods) registry)
FROM (SELECT 1) one
LEFT JOIN (SELECT * FROM application_recomputations ORDER BY id DESC LIMIT 1) r ON true`

// LatestPublished returns the state of the published statistics.
func LatestPublished(ctx context.Context, db database.DB) (Published, error) {
	var p Published
	err := db.QueryRow(ctx, latestPublished).Scan(&p.Recomputation, &p.AsOf, &p.FinishedAt, &p.Records, &p.Rows, &p.Registry)
	if p.Recomputation == 0 {
		p.AsOf, p.FinishedAt = time.Time{}, time.Time{}
	}
	return p, err
}

// StatRow is a row of the statistics as the open data files publish it: its level, the agency's
// and the service's codes and names (empty above their level), and for a service the period in
// force on the month's last day (nil: none published, so the two months of APA §51 II apply).
type StatRow struct {
	Level                                     string
	Month                                     time.Time
	AgencyCode, AgencyNameZh, AgencyNameEn    string
	ServiceCode, ServiceNameZh, ServiceNameEn string
	Period                                    *Period
	Figures
}

// eachStat lists every row: the city first, then each agency followed by its services (by code),
// each by month. A service's period is the one in force on the month's last day: the latest
// effective by then, else the one without an effective date (in force before any other). Periods
// are turned into ranges [start, next) once and joined, rather than looked up row by row.
const eachStat = `WITH periods AS (
    SELECT service_id, value, unit, COALESCE(effective_from, '-infinity') AS start,
        lead(effective_from) OVER (PARTITION BY service_id ORDER BY effective_from NULLS FIRST) AS next
    FROM application_periods
)
SELECT CASE WHEN st.agency_id = 0 THEN 'city' WHEN st.service_id = 0 THEN 'agency' ELSE 'service' END,
    st.month, COALESCE(a.code, ''), COALESCE(a.name_zh, ''), COALESCE(a.name_en, ''),
    COALESCE(s.code, ''), COALESCE(s.name_zh, ''), COALESCE(s.name_en, ''), p.value, p.unit, ` + figureColumns + `
FROM application_stats st
LEFT JOIN application_agencies a ON a.id = st.agency_id
LEFT JOIN application_services s ON s.id = st.service_id
LEFT JOIN periods p ON p.service_id = st.service_id AND p.start < st.month + interval '1 month'
    AND (p.next IS NULL OR p.next >= st.month + interval '1 month')
ORDER BY a.code NULLS FIRST, s.code NULLS FIRST, st.month`

// EachStat calls fn with every row of the statistics, in eachStat's order, as it reads them.
func EachStat(ctx context.Context, db Querier, fn func(*StatRow) error) error {
	rows, err := db.Query(ctx, eachStat)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r StatRow
	var value *int
	var unit *string
	targets := append([]any{&r.Level, &r.Month, &r.AgencyCode, &r.AgencyNameZh, &r.AgencyNameEn, &r.ServiceCode,
		&r.ServiceNameZh, &r.ServiceNameEn, &value, &unit}, r.Figures.targets()...)
	for rows.Next() {
		if err := rows.Scan(targets...); err != nil {
			return err
		}
		r.Period = nil
		if value != nil && unit != nil {
			r.Period = &Period{Value: *value, Unit: Unit(*unit)}
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// MonthlyFigures returns the monthly figures of a level, from from to to (first days of months; zero:
// unbounded), oldest first: the city for agency 0, an agency for service 0, else a service.
func MonthlyFigures(ctx context.Context, db Querier, agencyID, serviceID int32, from, to time.Time) ([]MonthFigures, error) {
	rows, err := db.Query(ctx, `SELECT st.month, `+figureColumns+` FROM application_stats st
		WHERE st.agency_id = $1 AND st.service_id = $2 AND st.month >= $3 AND st.month <= $4 ORDER BY st.month`,
		agencyID, serviceID, lowest(from), highest(to))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanMonth)
}

func scanMonth(row pgx.CollectableRow) (MonthFigures, error) {
	var m MonthFigures
	err := row.Scan(append([]any{&m.Month}, m.Figures.targets()...)...)
	return m, err
}

// lowest and highest stand for an open end of a range of months.
func lowest(t time.Time) time.Time {
	if t.IsZero() {
		return Date(1, 1, 1)
	}
	return t
}

func highest(t time.Time) time.Time {
	if t.IsZero() {
		return Date(9999, 12, 1)
	}
	return t
}

// copyOf is a pointer to a copy of *p (nil for nil): rows scanned into the same variables must not
// share what they point to.
func copyOf[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
