package admin

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// usersAdd creates an account with a one-time password shown once (POST /admin/users).
func (a *Admin) usersAdd(c *gin.Context) {
	o := officer(c)
	password := newPassword()
	n := NewOfficer{Username: c.PostForm("username"), DisplayName: c.PostForm("name"), Roles: c.PostFormArray("roles"), Password: password}
	var created Officer
	var err error
	if !a.passwordWork(c, func() { created, err = AddOfficer(c.Request.Context(), a.DB, n) }) {
		return
	}
	var problems OfficerProblems
	switch {
	case errors.As(err, &problems):
		a.renderUsers(c, http.StatusBadRequest, usersPage{Error: strings.Join(problems, "; ")})
		return
	case errors.Is(err, ErrUsernameTaken):
		a.renderUsers(c, http.StatusBadRequest, usersPage{Error: "that username is taken"})
		return
	case err != nil: // the database's own words are for the log, never for the page
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "user.add", nil, map[string]any{"username": created.Username, "roles": created.Roles})
	a.renderUsers(c, http.StatusOK, usersPage{Created: created.Username, Password: password})
}

// usersDisable stops an account (POST /admin/users/:username/disable).
func (a *Admin) usersDisable(c *gin.Context) {
	o := officer(c)
	username := c.Param("username")
	if err := DisableOfficer(c.Request.Context(), a.DB, username); errors.Is(err, ErrNoOfficer) {
		a.Site.Error(c, http.StatusNotFound)
		return
	} else if err != nil {
		a.Site.Fail(c, err)
		return
	}
	if _, err := a.DB.Exec(c.Request.Context(), `DELETE FROM officer_sessions s USING officers o WHERE o.id = s.officer_id AND o.username = $1`, username); err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "user.disable", nil, map[string]any{"username": username})
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

// usersReset gives an account a new password and identity (POST /admin/users/:username/reset).
func (a *Admin) usersReset(c *gin.Context) {
	o := officer(c)
	username := c.Param("username")
	password := newPassword()
	var err error
	if !a.passwordWork(c, func() { err = ResetOfficer(c.Request.Context(), a.DB, username, password) }) {
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
