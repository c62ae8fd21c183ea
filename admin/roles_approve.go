package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// rolesApprove records a supervisor's approval of an account's case roles (POST
// /admin/roles/:officer/approve). From then on intake seals new cases to it and it may be granted
// cases. The database refuses the account itself, whoever made the change, and anyone who is not an
// approved supervisor.
func (a *Admin) rolesApprove(c *gin.Context) {
	o := officer(c)
	id, err := strconv.ParseInt(c.Param("officer"), 10, 64)
	if err != nil {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	switch err := ApproveRoles(c.Request.Context(), a.DB, id, o.ID); {
	case errors.Is(err, ErrNothingToApprove):
		a.renderRoles(c, http.StatusConflict, rolesPage{Refusal: "admin.roles.err_nothing"})
	case errors.Is(err, ErrNotYourApproval):
		a.renderRoles(c, http.StatusForbidden, rolesPage{Refusal: "admin.roles.err_not_yours"})
	case err != nil:
		a.Site.Fail(c, err)
	default:
		c.Redirect(http.StatusSeeOther, "/admin/roles?done=1")
	}
}
