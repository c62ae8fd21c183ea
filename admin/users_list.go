package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type usersPage struct {
	Officers []Officer
	Roles    []string
	Created  string // username just created or reset
	Password string // its one-time password, shown once
	Reset    bool
	Error    string
	Refusal  string // message key of a refused action
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
