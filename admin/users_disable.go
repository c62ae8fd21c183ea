package admin

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// usersDisable stops an account (POST /admin/users/:username/disable). A system administrator cannot
// disable their own account, nor the last active administrator's: nobody could undo it.
func (a *Admin) usersDisable(c *gin.Context) {
	o := officer(c)
	username := strings.ToLower(strings.TrimSpace(c.Param("username")))
	if username == o.Username {
		a.renderUsers(c, http.StatusConflict, usersPage{Refusal: "admin.users.err_disable_self"})
		return
	}
	err := DisableOfficer(c.Request.Context(), a.DB, username)
	switch {
	case errors.Is(err, ErrNoOfficer):
		a.Site.Error(c, http.StatusNotFound)
		return
	case errors.Is(err, ErrLastSysadmin):
		a.renderUsers(c, http.StatusConflict, usersPage{Refusal: "admin.users.err_disable_last"})
		return
	case err != nil:
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "user.disable", nil, map[string]any{"username": username})
	c.Redirect(http.StatusSeeOther, "/admin/users")
}
