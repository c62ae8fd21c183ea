package portal

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/applications"
)

// apiApplicationsAgency is an agency's services with their periods and monthly figures, and the
// agency's own monthly figures (all its services together).
type apiApplicationsAgency struct {
	Code       string                   `json:"code"`
	NameZh     string                   `json:"name_zh"`
	NameEn     string                   `json:"name_en"`
	URL        string                   `json:"url"`
	AsOf       *string                  `json:"as_of"`
	ComputedAt *string                  `json:"computed_at"`
	From       *string                  `json:"from"`
	To         *string                  `json:"to"`
	Months     []apiApplicationMonth    `json:"months"`
	Services   []apiApplicationsService `json:"services"`
}

type apiApplicationsService struct {
	Code    string                `json:"code"`
	NameZh  string                `json:"name_zh"`
	NameEn  string                `json:"name_en"`
	Periods []apiPeriod           `json:"periods"` // as published, oldest first; none: two months by law
	Months  []apiApplicationMonth `json:"months"`
}

// apiPeriod is a processing period as the agency published it.
type apiPeriod struct {
	EffectiveFrom *string `json:"effective_from"` // YYYY-MM-DD; null: from the start, until a later one
	Value         *int    `json:"value"`          // null: the agency publishes none, so two months apply (APA §51 II)
	Unit          *string `json:"unit"`           // calendar_days, working_days or months
	Source        string  `json:"source"`         // the table it was published in
}

// applicationsAgency is an agency's figures (GET /api/v1/applications/{agency}, the agency's code,
// optionally from and to, YYYY-MM). It reads the statistics, the registry and the periods, never
// the applications.
func (a *api) applicationsAgency(c *gin.Context) {
	code := c.Param("agency")
	if !validID(code) {
		a.answer(c, http.StatusBadRequest, codeInvalidID, "api.error.bad_agency", maxID)
		return
	}
	r, errs := readMonthRange(c.Request.URL.Query())
	if len(errs) > 0 {
		a.answerParameters(c, errs)
		return
	}
	ctx := c.Request.Context()
	ag, err := applications.AgencyByCode(ctx, a.db, code)
	if errors.Is(err, applications.ErrNoAgency) {
		a.answer(c, http.StatusNotFound, codeNotFound, "api.error.no_agency", code)
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	p, err := applications.LatestPublished(ctx, a.db)
	if err != nil {
		a.fail(c, err)
		return
	}
	months, err := applications.MonthlyFigures(ctx, a.db, ag.ID, 0, r.From, r.To)
	if err != nil {
		a.fail(c, err)
		return
	}
	services, err := applications.AgencyServices(ctx, a.db, ag.ID, r.From, r.To)
	if err != nil {
		a.fail(c, err)
		return
	}
	out := apiApplicationsAgency{Code: ag.Code, NameZh: ag.NameZh, NameEn: ag.NameEn, URL: a.base + applicationsAgencyHref(ag.Code),
		From: monthOrNull(r.From), To: monthOrNull(r.To), Months: apiMonths(months),
		Services: make([]apiApplicationsService, 0, len(services))}
	out.AsOf, out.ComputedAt = publishedDates(p)
	for _, s := range services {
		svc := apiApplicationsService{Code: s.Code, NameZh: s.NameZh, NameEn: s.NameEn, Periods: make([]apiPeriod, 0, len(s.Periods)),
			Months: apiMonths(s.Months)}
		for _, pp := range s.Periods {
			q := apiPeriod{Source: pp.Source}
			if pp.EffectiveFrom != nil {
				d := pp.EffectiveFrom.Format(time.DateOnly)
				q.EffectiveFrom = &d
			}
			if pp.Period != nil {
				v, u := pp.Period.Value, string(pp.Period.Unit)
				q.Value, q.Unit = &v, &u
			}
			svc.Periods = append(svc.Periods, q)
		}
		out.Services = append(out.Services, svc)
	}
	a.writeJSON(c, http.StatusOK, out)
}
