package admin

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
)

type usersPage struct {
	Officers []Officer
	Roles    []string
	Created  string // username just created or reset
	Password string // its one-time password, shown once
	Reset    bool
	Errors   []string   // message keys of what is wrong with the account asked for
	Form     NewOfficer // the account asked for, when refused
	Refusal  string     // message key of a refused action
}

// usersList shows the accounts to the system administrator (GET /admin/users).
func (a *Admin) usersList(c *gin.Context) { a.renderUsers(c, http.StatusOK, usersPage{}) }

func (a *Admin) renderUsers(c *gin.Context, status int, p usersPage) {
	list, err := ListOfficers(c.Request.Context(), a.DB)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	p.Officers, p.Roles = list, Roles
	a.Site.Render(c, status, a.pages.users, "admin.users.title", p)
}

// Chosen reports whether the refused account asked for role, to tick its box again.
func (p usersPage) Chosen(role string) bool { return slices.Contains(p.Form.Roles, role) }
