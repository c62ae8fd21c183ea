package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
)

// caseExclude lets a supervisor exclude an officer from a case, e.g. one named in the report (POST
// /admin/cases/:id/exclude). The exclusion is stored as a fact of the case; the database then deletes
// every grant that officer holds for the case, and the assignment with it, and refuses any new one
// while it stands. A supervisor cannot exclude themselves this way: that is recusal.
func (a *Admin) caseExclude(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	target, err := strconv.ParseInt(c.PostForm("officer"), 10, 64)
	if !ok || err != nil || target == o.ID {
		a.afterAction(c, caseID, formProblem{"admin.act.err_assignee"}, "")
		return
	}
	err = pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if _, err := lockCase(ctx, tx, caseID, o.ID); err != nil {
			return err
		}
		if err := exclude(ctx, tx, caseID, target, o.ID); err != nil {
			return err
		}
		return Audit(ctx, tx, &o.ID, "case.exclude", &caseID, map[string]any{"officer": target})
	})
	a.afterAction(c, caseID, err, "exclude")
}

// referralResult records what came of a referral (POST /admin/cases/:id/referrals/:referral), e.g.
// an indictment or a disciplinary decision.
func (a *Admin) referralResult(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	refID, err := strconv.ParseInt(c.Param("referral"), 10, 64)
	result := strings.TrimSpace(c.PostForm("result"))
	if !ok || err != nil {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	if result == "" || len([]rune(result)) > 2000 {
		a.afterAction(c, caseID, formProblem{"admin.act.err_message"}, "")
		return
	}
	err = pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if _, err := lockCase(ctx, tx, caseID, o.ID); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE referrals SET result = $3 WHERE id = $1 AND case_id = $2`, refID, caseID, result)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errNotAllowed
		}
		return Audit(ctx, tx, &o.ID, "case.referral_result", &caseID, map[string]any{"referral": refID})
	})
	a.afterAction(c, caseID, err, "referral")
}
