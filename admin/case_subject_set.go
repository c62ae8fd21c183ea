package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
)

// caseSubjectSet gives a case its subject (POST /admin/cases/:id/subject), or removes it when the
// field is sent empty. Only an officer holding the case's mailbox key may: lockCase checks the grant.
// A refused subject shows the case page again with the text as typed and the reason beside it.
func (a *Admin) caseSubjectSet(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	if !ok {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	subject, problem := checkSubject(c.PostForm("subject"))
	if problem != nil {
		a.renderCase(c, caseID, http.StatusUnprocessableEntity, casePage{Subject: *problem})
		return
	}
	err := pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if _, err := lockCase(ctx, tx, caseID, o.ID); err != nil {
			return err
		}
		if err := storeSubject(ctx, tx, caseID, subject); err != nil {
			return err
		}
		return Audit(ctx, tx, &o.ID, "case.subject", &caseID, nil)
	})
	a.afterAction(c, caseID, err, "subject")
}
