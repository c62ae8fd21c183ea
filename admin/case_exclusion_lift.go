package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
)

// caseExclusionLift lets a supervisor lift a recusal or an exclusion (POST
// /admin/cases/:id/exclusions/:exclusion/lift), with a reason, kept sealed to the case's internal key (it may speak of the case; the audit log
// records that it was lifted, and by whom). The officer
// gets no key back by it: someone assigns the case to them again, if that is what is wanted.
func (a *Admin) caseExclusionLift(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	exclusionID, err := strconv.ParseInt(c.Param("exclusion"), 10, 64)
	if !ok || err != nil {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	reason := strings.TrimSpace(c.PostForm("reason"))
	if reason == "" || len([]rune(reason)) > 2000 {
		a.afterAction(c, caseID, formProblem{"admin.exclusion.err_reason"}, "")
		return
	}
	err = pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if _, err := lockCase(ctx, tx, caseID, o.ID); err != nil {
			return err
		}
		target, err := liftExclusion(ctx, tx, caseID, exclusionID, o.ID, reason)
		if errors.Is(err, errNoExclusion) {
			return cases.ErrNotFound
		}
		if err != nil {
			return err
		}
		return Audit(ctx, tx, &o.ID, "case.exclusion_lift", &caseID, map[string]any{"exclusion": exclusionID, "officer": target})
	})
	a.afterAction(c, caseID, err, "lift")
}
