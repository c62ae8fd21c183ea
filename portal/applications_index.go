package portal

import (
	"context"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
)

// rankRows is how many services each end of the ranking lists; with at most twice as many ranked
// services, they are all listed in one table instead.
const rankRows = 5

// appIndexView is /applications.
type appIndexView struct {
	Run      bool // statistics have been computed; else the empty state
	Counted  bool // and they count some application
	AsOf     asOfView
	City     figures
	Headline headline
	Trend    trendChart
	Months   []monthRow
	Ranking  ranking
	Agencies []agencyRow
}

// ranking is the services with the lowest and the highest on-time rates over the window.
type ranking struct {
	Ranked           number // services with at least MinTimed timed applications
	MinTimed, PerEnd number
	All              rankTable // when Ranked ≤ 2 × PerEnd: every ranked service, lowest rate first
	Lowest, Highest  rankTable
}

// rankTable is ranked services, with the id of the heading that names them.
type rankTable struct {
	LabelID string
	Rows    []rankRow
}

type rankRow struct {
	Service, Agency, AgencyHref string
	Received, Timed             number
	OnTime                      rate
}

// agencyRow is an agency in the list, with its window's figures.
type agencyRow struct {
	Name, Code, Href   string
	Services, Received number
	OnTime             rate
	Open, Overdue      number
}

// appIndex is /applications: the city's figures over the last twelve months, its trend, the
// services with the lowest and highest on-time rates, and the agencies.
func (p *appPages) appIndex(c *gin.Context) {
	ctx, lang := c.Request.Context(), web.LangOf(c)
	run, err := lastRecomputation(ctx, p.db)
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	if run != nil && p.site.ServeCached(c, p.cache, run.version()) {
		return
	}
	var v appIndexView
	w := newWindow(today())
	if run != nil {
		w = newWindow(run.AsOf)
		v.Run, v.Counted, v.AsOf = true, run.Records > 0, newAsOfView(lang, run, w)
	}
	if v.Agencies, err = readAgencyRows(ctx, p.db, lang, w); err != nil {
		p.site.Fail(c, err)
		return
	}
	if !v.Counted {
		p.render(c, run, p.index, "applications.title", v)
		return
	}
	// The city's months, from the twelve before the window on: those are the headline's comparison.
	rows, _ := p.db.Query(ctx, `SELECT agency_id, service_id, `+statColumns+` FROM application_stats
		WHERE agency_id = 0 AND service_id = 0 AND month BETWEEN $1 AND $2 ORDER BY month`, w.previous().First, w.Last)
	byKey, err := scanMonths(rows)
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	months := w.fill(byKey[monthsKey{}])
	v.City, v.Months = sumFigures(lang, months, w), newMonthRows(lang, months, w)
	v.Headline = newHeadline(lang, v.City, byKey[monthsKey{}], false, nil, w)
	T := func(key string, args ...any) string { return p.site.Catalogues().T(lang, key, args...) }
	v.Trend = newTrendChart("trend-city", chartText(T, lang, T("applications.trend.title", v.AsOf.Window),
		T("applications.trend.desc"), w), months, w, false)
	if v.Ranking, err = readRanking(ctx, p.db, lang, w); err != nil {
		p.site.Fail(c, err)
		return
	}
	p.render(c, run, p.index, "applications.title", v)
}

// readRanking ranks the services with at least minRanked timed applications in the window by
// their on-time rate; ties go to the busier service first.
func readRanking(ctx context.Context, db database.DB, lang i18n.Lang, w window) (ranking, error) {
	r := ranking{MinTimed: minRanked, PerEnd: rankRows, All: rankTable{LabelID: "rank-h"},
		Lowest: rankTable{LabelID: "rank-low-h"}, Highest: rankTable{LabelID: "rank-high-h"}}
	rows, _ := db.Query(ctx, `WITH s AS (
			SELECT agency_id, service_id, sum(received)::int AS received, sum(timed)::int AS timed, sum(on_time)::int AS on_time
			FROM application_stats
			WHERE service_id > 0 AND month BETWEEN $1 AND $2
			GROUP BY agency_id, service_id
			HAVING sum(timed) >= $3
		), ranked AS (
			SELECT s.*,
				row_number() OVER (ORDER BY on_time::float8 / timed, timed DESC, agency_id, service_id) AS low,
				row_number() OVER (ORDER BY on_time::float8 / timed DESC, timed DESC, agency_id, service_id) AS high,
				count(*) OVER () AS n
			FROM s
		)
		SELECT r.low, r.high, r.n, a.code, a.name_zh, a.name_en, sv.name_zh, sv.name_en, r.received, r.timed, r.on_time
		FROM ranked r
		JOIN application_agencies a ON a.id = r.agency_id
		JOIN application_services sv ON sv.id = r.service_id
		WHERE r.low <= $4 OR r.high <= $4 OR r.n <= 2 * $4
		ORDER BY r.low`, w.First, w.Last, minRanked, rankRows)
	var low, high, n int
	var code, agencyZh, agencyEn, serviceZh, serviceEn string
	var received, timed, onTime int
	highest := map[int]rankRow{}
	_, err := pgx.ForEachRow(rows, []any{&low, &high, &n, &code, &agencyZh, &agencyEn, &serviceZh, &serviceEn,
		&received, &timed, &onTime}, func() error {
		row := rankRow{Service: localName(lang, serviceZh, serviceEn), Agency: localName(lang, agencyZh, agencyEn),
			AgencyHref: agencyHref(code), Received: number(received), Timed: number(timed),
			OnTime: rate{number(onTime), number(timed)}}
		r.Ranked = number(n)
		switch {
		case n <= 2*rankRows:
			r.All.Rows = append(r.All.Rows, row)
		default:
			if low <= rankRows {
				r.Lowest.Rows = append(r.Lowest.Rows, row)
			}
			if high <= rankRows {
				highest[high] = row
			}
		}
		return nil
	})
	for i := 1; i <= len(highest); i++ {
		r.Highest.Rows = append(r.Highest.Rows, highest[i])
	}
	return r, err
}

// readAgencyRows lists every registered agency with its figures in the window.
func readAgencyRows(ctx context.Context, db database.DB, lang i18n.Lang, w window) ([]agencyRow, error) {
	rows, _ := db.Query(ctx, `SELECT a.code, a.name_zh, a.name_en,
			(SELECT count(*) FROM application_services s WHERE s.agency_id = a.id)::int,
			COALESCE(sum(st.received), 0)::int, COALESCE(sum(st.timed), 0)::int, COALESCE(sum(st.on_time), 0)::int,
			COALESCE(sum(st.open_end) FILTER (WHERE st.month = $2), 0)::int,
			COALESCE(sum(st.overdue_end) FILTER (WHERE st.month = $2), 0)::int
		FROM application_agencies a
		LEFT JOIN application_stats st ON st.agency_id = a.id AND st.service_id = 0 AND st.month BETWEEN $1 AND $2
		GROUP BY a.id
		ORDER BY a.code`, w.First, w.Last)
	var out []agencyRow
	var code, zh, en string
	var services, received, timed, onTime, open, overdue int
	_, err := pgx.ForEachRow(rows, []any{&code, &zh, &en, &services, &received, &timed, &onTime, &open, &overdue}, func() error {
		out = append(out, agencyRow{Name: localName(lang, zh, en), Code: code, Href: agencyHref(code),
			Services: number(services), Received: number(received), OnTime: rate{number(onTime), number(timed)},
			Open: number(open), Overdue: number(overdue)})
		return nil
	})
	return out, err
}
