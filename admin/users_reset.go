package admin

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// usersReset gives an account a new password and identity (POST /admin/users/:username/reset).
func (a *Admin) usersReset(c *gin.Context) {
	o := officer(c)
	username := c.Param("username")
	password := newPassword()
	var err error
	if !a.passwordWork(c, func() { err = ResetOfficer(c.Request.Context(), a.DB, username, password, &o.ID) }) {
		return
	}
	if errors.Is(err, ErrNoOfficer) {
		a.Site.Error(c, http.StatusNotFound)
		return
	} else if err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "user.reset", nil, map[string]any{"username": username})
	a.renderUsers(c, http.StatusOK, usersPage{Created: username, Password: password, Reset: true})
}
