package intake

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/cases"
)

type identityForm struct {
	Name    string `form:"name" validate:"required,max=200"`
	Contact string `form:"contact" validate:"max=500"`
}

// mailboxIdentity lets the reporter disclose, or add to, their identity later (POST
// /mailbox/identity). It is sealed to the case's internal key: the reporter cannot read it back, and
// only officers granted that key can.
func (in *Intake) mailboxIdentity(c *gin.Context) {
	ctx := c.Request.Context()
	caseID, _, err := in.session(c)
	if errors.Is(err, errNoSession) {
		c.Redirect(http.StatusSeeOther, "/mailbox")
		return
	}
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	var f identityForm
	decodeForm(map[string]string{"name": c.PostForm("name"), "contact": c.PostForm("contact")}, &f)
	errs := fieldErrors{}
	validationErrors(formValidator.Struct(f), errs)
	if len(errs) > 0 {
		for k, v := range errs {
			errs["identity_"+k] = v
			delete(errs, k)
		}
		in.renderMailbox(c, http.StatusBadRequest, mailboxPage{Errors: errs, IdentityOpen: true})
		return
	}
	b, _ := json.Marshal(cases.IdentityContent{Name: f.Name, Contact: f.Contact})
	if _, err := cases.AddEntry(ctx, in.DB, caseID, cases.EntryIdentity, cases.AuthorReporter, "internal", b); err != nil {
		in.Site.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/mailbox/case?sent=identity")
}
