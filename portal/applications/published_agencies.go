package applications

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// The agencies, their services and periods as the API publishes them (see published.go).

// AgencySummary is an agency with how many services it has registered.
type AgencySummary struct {
	Agency
	Services int
}

// Agencies lists every registered agency by code.
func Agencies(ctx context.Context, db Querier) ([]AgencySummary, error) {
	rows, err := db.Query(ctx, `SELECT a.id, a.code, a.name_zh, a.name_en,
		(SELECT count(*) FROM application_services s WHERE s.agency_id = a.id)
		FROM application_agencies a ORDER BY a.code`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (AgencySummary, error) {
		var a AgencySummary
		err := r.Scan(&a.ID, &a.Code, &a.NameZh, &a.NameEn, &a.Services)
		return a, err
	})
}

// AgencyByCode finds a registered agency (ErrNoAgency when none has the code).
func AgencyByCode(ctx context.Context, db database.DB, code string) (Agency, error) {
	var a Agency
	err := db.QueryRow(ctx, `SELECT id, code, name_zh, name_en FROM application_agencies WHERE code = $1`, code).
		Scan(&a.ID, &a.Code, &a.NameZh, &a.NameEn)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, ErrNoAgency
	}
	return a, err
}

// PublishedPeriod is a period as the agency published it: from its effective date (nil: before any
// later one), Period nil when the agency publishes none.
type PublishedPeriod struct {
	EffectiveFrom *time.Time
	Period        *Period
	Source        string
}

// ServiceStats is a service with its periods, oldest first, and its monthly figures.
type ServiceStats struct {
	Service
	Periods []PublishedPeriod
	Months  []MonthFigures
}

// AgencyServices returns every service of an agency by code, with its periods and its figures from
// from to to (as MonthlyFigures).
func AgencyServices(ctx context.Context, db Querier, agencyID int32, from, to time.Time) ([]ServiceStats, error) {
	rows, err := db.Query(ctx, `SELECT s.id, s.agency_id, s.code, s.name_zh, s.name_en FROM application_services s
		WHERE s.agency_id = $1 ORDER BY s.code`, agencyID)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ServiceStats, error) {
		var s ServiceStats
		err := r.Scan(&s.ID, &s.AgencyID, &s.Code, &s.NameZh, &s.NameEn)
		return s, err
	})
	if err != nil {
		return nil, err
	}
	byID := map[int32]*ServiceStats{}
	for i := range list {
		list[i].Periods, list[i].Months = []PublishedPeriod{}, []MonthFigures{}
		byID[list[i].ID] = &list[i]
	}
	rows, err = db.Query(ctx, `SELECT p.service_id, p.effective_from, p.value, p.unit, p.source FROM application_periods p
		JOIN application_services s ON s.id = p.service_id WHERE s.agency_id = $1
		ORDER BY p.service_id, p.effective_from NULLS FIRST`, agencyID)
	if err != nil {
		return nil, err
	}
	var sid int32
	var p PublishedPeriod
	var value *int
	var unit *string
	if _, err := pgx.ForEachRow(rows, []any{&sid, &p.EffectiveFrom, &value, &unit, &p.Source}, func() error {
		q := PublishedPeriod{EffectiveFrom: copyOf(p.EffectiveFrom), Source: p.Source}
		if value != nil && unit != nil {
			q.Period = &Period{Value: *value, Unit: Unit(*unit)}
		}
		byID[sid].Periods = append(byID[sid].Periods, q)
		return nil
	}); err != nil {
		return nil, err
	}
	rows, err = db.Query(ctx, `SELECT st.service_id, st.month, `+figureColumns+` FROM application_stats st
		WHERE st.agency_id = $1 AND st.service_id > 0 AND st.month >= $2 AND st.month <= $3
		ORDER BY st.service_id, st.month`, agencyID, lowest(from), highest(to))
	if err != nil {
		return nil, err
	}
	var m MonthFigures
	if _, err := pgx.ForEachRow(rows, append([]any{&sid, &m.Month}, m.Figures.targets()...), func() error {
		if s := byID[sid]; s != nil {
			n := m
			n.MedianDays, n.P90Days = copyOf(m.MedianDays), copyOf(m.P90Days)
			s.Months = append(s.Months, n)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return list, nil
}
