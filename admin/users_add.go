package admin

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// usersAdd creates an account with a one-time password shown once (POST /admin/users).
func (a *Admin) usersAdd(c *gin.Context) {
	o := officer(c)
	password := newPassword()
	n := NewOfficer{Username: c.PostForm("username"), DisplayName: c.PostForm("name"), Roles: c.PostFormArray("roles"), Password: password, By: &o.ID}
	var created Officer
	var err error
	if !a.passwordWork(c, func() { created, err = AddOfficer(c.Request.Context(), a.DB, n) }) {
		return
	}
	var problems OfficerProblems
	// What was typed comes back, to fix rather than type again (not the password: it was never shown).
	refused := usersPage{Form: NewOfficer{Username: c.PostForm("username"), DisplayName: c.PostForm("name"), Roles: n.Roles}}
	switch {
	case errors.As(err, &problems):
		refused.Errors = problems.Keys
		a.renderUsers(c, http.StatusBadRequest, refused)
		return
	case errors.Is(err, ErrUsernameTaken):
		refused.Errors = []string{"admin.users.err_taken"}
		a.renderUsers(c, http.StatusBadRequest, refused)
		return
	case err != nil: // the database's own words are for the log, never for the page
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "user.add", nil, map[string]any{"username": created.Username, "roles": created.Roles})
	a.renderUsers(c, http.StatusOK, usersPage{Created: created.Username, Password: password})
}
