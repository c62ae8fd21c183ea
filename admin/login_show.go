package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// loginPage is the sign-in form.
type loginPage struct {
	Username string
	Error    string // message key
}

// loginShow shows the sign-in form (GET /admin/login).
func (a *Admin) loginShow(c *gin.Context) {
	a.Site.Render(c, http.StatusOK, a.pages.login, "admin.login.title", loginPage{})
}
