package portal

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/applications"
)

// apiApplications is the city's monthly figures and the agencies that report applications.
type apiApplications struct {
	AsOf       *string                `json:"as_of"`       // the day the figures are as of; null before the first computation
	ComputedAt *string                `json:"computed_at"` // when they were computed (RFC 3339, Taiwan time)
	From       *string                `json:"from"`        // the range asked for, YYYY-MM; null: open
	To         *string                `json:"to"`
	Months     []apiApplicationMonth  `json:"months"`
	Agencies   []apiApplicationAgency `json:"agencies"`
}

// apiApplicationMonth is a month's figures, under the open data files' column names.
type apiApplicationMonth struct {
	Month string `json:"month"` // YYYY-MM
	applicationFiguresJSON
}

// apiApplicationAgency is an agency in the list.
type apiApplicationAgency struct {
	Code     string `json:"code"`
	NameZh   string `json:"name_zh"`
	NameEn   string `json:"name_en"`
	Services int    `json:"services"` // registered services
	URL      string `json:"url"`      // its page
	APIURL   string `json:"api_url"`  // its services and figures, for the same range
}

// applicationsList is the city's figures per month and the list of agencies (GET
// /api/v1/applications, optionally from and to, YYYY-MM). It reads the statistics and the
// registry, never the applications.
func (a *api) applicationsList(c *gin.Context) {
	r, errs := readMonthRange(c.Request.URL.Query())
	if len(errs) > 0 {
		a.answerParameters(c, errs)
		return
	}
	ctx := c.Request.Context()
	p, err := applications.LatestPublished(ctx, a.db)
	if err != nil {
		a.fail(c, err)
		return
	}
	months, err := applications.MonthlyFigures(ctx, a.db, 0, 0, r.From, r.To)
	if err != nil {
		a.fail(c, err)
		return
	}
	agencies, err := applications.Agencies(ctx, a.db)
	if err != nil {
		a.fail(c, err)
		return
	}
	out := apiApplications{From: monthOrNull(r.From), To: monthOrNull(r.To), Months: apiMonths(months),
		Agencies: make([]apiApplicationAgency, 0, len(agencies))}
	out.AsOf, out.ComputedAt = publishedDates(p)
	for _, ag := range agencies {
		out.Agencies = append(out.Agencies, apiApplicationAgency{Code: ag.Code, NameZh: ag.NameZh, NameEn: ag.NameEn,
			Services: ag.Services, URL: a.base + applicationsAgencyHref(ag.Code),
			APIURL: a.base + withQuery(apiPrefix+"/applications/"+url.PathEscape(ag.Code), r.values())})
	}
	a.writeJSON(c, http.StatusOK, out)
}

// applicationsAgencyHref is the address of an agency's page of application statistics.
func applicationsAgencyHref(code string) string { return "/applications/" + url.PathEscape(code) }

// apiMonths writes monthly figures for the API.
func apiMonths(months []applications.MonthFigures) []apiApplicationMonth {
	out := make([]apiApplicationMonth, 0, len(months))
	for _, m := range months {
		out = append(out, apiApplicationMonth{Month: monthText(m.Month), applicationFiguresJSON: newApplicationFiguresJSON(m.Figures)})
	}
	return out
}

// publishedDates are the as-of day and the time of the latest computation, null before the first.
func publishedDates(p applications.Published) (asOf, computedAt *string) {
	if p.Recomputation == 0 {
		return nil, nil
	}
	d, at := p.AsOf.Format(time.DateOnly), p.FinishedAt.In(taipei).Format(time.RFC3339)
	return &d, &at
}
