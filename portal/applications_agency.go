package portal

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
)

// appAgencyView is an agency's page.
type appAgencyView struct {
	Name, Code string
	Run        bool // statistics have been computed
	AsOf       asOfView
	Figures    figures
	Headline   headline
	Services   []serviceView
}

// serviceView is one service: its published period as published, its window's figures, and its
// chart with the table of the same figures.
type serviceView struct {
	Anchor, Name, Code string
	Period             string // as published, in words
	PeriodFrom         string // the day it took effect, "" when it holds for every application so far
	Source             string // where it is published
	Counted            bool   // the service has figures in the window
	Figures            figures
	Chart              trendChart
	Months             []monthRow
}

// publishedPeriod is the period of a service in effect on a day, as application_periods holds it.
type publishedPeriod struct {
	ServiceID            int32
	Code, NameZh, NameEn string
	Value                *int32
	Unit                 *string
	From                 *time.Time
	Source               *string
}

// appAgency is an agency's page (GET /applications/{agency code}): every service with its published
// period and its figures over the window, each with a small chart and its table.
func (p *appPages) appAgency(c *gin.Context) {
	code := c.Param("agency")
	// A code that no agency can have (spaces, control characters, bad UTF-8, too long) is not
	// looked up: no such agency, as for any other unknown code.
	if !validAgencyCode(code) {
		p.answerProblem(c, http.StatusNotFound, "applications.no_agency")
		return
	}
	ctx, lang := c.Request.Context(), web.LangOf(c)
	var id int32
	var v appAgencyView
	var zh, en string
	err := p.db.QueryRow(ctx, `SELECT id, code, name_zh, name_en FROM application_agencies WHERE code = $1`, code).Scan(&id, &v.Code, &zh, &en)
	if errors.Is(err, pgx.ErrNoRows) {
		p.answerProblem(c, http.StatusNotFound, "applications.no_agency")
		return
	}
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	v.Name = localName(lang, zh, en)
	run, err := lastRecomputation(ctx, p.db)
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	if run != nil && p.site.ServeCached(c, p.cache, run.version()) {
		return
	}
	w := newWindow(today())
	if run != nil {
		w = newWindow(run.AsOf)
		v.Run, v.AsOf = true, newAsOfView(lang, run, w)
	}
	periods, err := readPeriods(ctx, p.db, id, w.AsOf)
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	// The agency's months of the window, with, for the headline, its own twelve before and the
	// city's of the window.
	rows, _ := p.db.Query(ctx, `SELECT agency_id, service_id, `+statColumns+` FROM application_stats
		WHERE agency_id = $1 AND month BETWEEN $2 AND $3
		UNION ALL
		SELECT agency_id, service_id, `+statColumns+` FROM application_stats
		WHERE agency_id = $1 AND service_id = 0 AND month BETWEEN $4 AND $5
		UNION ALL
		SELECT agency_id, service_id, `+statColumns+` FROM application_stats
		WHERE agency_id = 0 AND service_id = 0 AND month BETWEEN $2 AND $3
		ORDER BY 1, 2, 3`, id, w.First, w.Last, w.previous().First, w.previous().Last)
	byKey, err := scanMonths(rows)
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	v.Figures = sumFigures(lang, w.fill(byKey[monthsKey{id, 0}]), w)
	v.Headline = newHeadline(lang, v.Figures, byKey[monthsKey{id, 0}], true, byKey[monthsKey{}], w)
	T := func(key string, args ...any) string { return p.site.Catalogues().T(lang, key, args...) }
	for i, pp := range periods {
		s := serviceView{Anchor: "service-" + strconv.Itoa(i+1), Name: localName(lang, pp.NameZh, pp.NameEn), Code: pp.Code,
			Period: periodText(T, pp)}
		if pp.From != nil {
			s.PeriodFrom = i18n.Date(lang, *pp.From)
		}
		if pp.Source != nil {
			s.Source = *pp.Source
		}
		if stats, ok := byKey[monthsKey{id, pp.ServiceID}]; ok && v.Run {
			months := w.fill(stats)
			s.Counted, s.Figures, s.Months = true, sumFigures(lang, months, w), newMonthRows(lang, months, w)
			s.Chart = newTrendChart("chart-"+s.Anchor, chartText(T, lang, T("applications.service.chart_title", s.Name, v.AsOf.Window),
				T("applications.service.chart_desc"), w), months, w, true)
		}
		v.Services = append(v.Services, s)
	}
	p.render(c, run, p.agency, "applications.agency.title", v)
}

// readPeriods returns the agency's services, by code, each with the period in effect on day: the
// latest that took effect by then, else the one published without a date.
func readPeriods(ctx context.Context, db database.DB, agency int32, day time.Time) ([]publishedPeriod, error) {
	rows, _ := db.Query(ctx, `SELECT s.id, s.code, s.name_zh, s.name_en, p.value, p.unit, p.effective_from, p.source
		FROM application_services s
		LEFT JOIN LATERAL (
			SELECT value, unit, effective_from, source FROM application_periods p
			WHERE p.service_id = s.id AND (p.effective_from IS NULL OR p.effective_from <= $2)
			ORDER BY p.effective_from DESC NULLS LAST
			LIMIT 1
		) p ON true
		WHERE s.agency_id = $1
		ORDER BY s.code`, agency, day)
	return pgx.CollectRows(rows, pgx.RowToStructByPos[publishedPeriod])
}

// periodText writes a period as the agency publishes it: N calendar days, N working days, N months,
// the same day, or none (then two months, by law).
func periodText(T func(string, ...any) string, p publishedPeriod) string {
	if p.Value == nil || p.Unit == nil {
		return T("applications.period.none")
	}
	n := int(*p.Value)
	if n == 0 && *p.Unit == "calendar_days" {
		return T("applications.period.same_day")
	}
	key := "applications.period." + *p.Unit
	if n == 1 {
		key += "_one"
	}
	return T(key, n)
}
