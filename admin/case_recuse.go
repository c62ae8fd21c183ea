package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
)

// caseRecuse declares a conflict of interest (POST /admin/cases/:id/recuse). The recusal is stored as
// a fact of the case; the database then deletes every grant the officer holds for it and refuses any
// new one, so they can neither find it in a list nor open its keys until a supervisor lifts it.
func (a *Admin) caseRecuse(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	if !ok {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	err := pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if _, err := lockCase(ctx, tx, caseID, o.ID); err != nil {
			return err
		}
		if err := exclude(ctx, tx, caseID, o.ID, o.ID); err != nil {
			return err
		}
		return Audit(ctx, tx, &o.ID, "case.recuse", &caseID, nil)
	})
	if err != nil {
		a.afterAction(c, caseID, err, "")
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?recused=1")
}
