package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// logout ends this session (POST /admin/logout).
func (a *Admin) logout(c *gin.Context) {
	o := officer(c)
	if err := a.endSession(c.Request.Context(), c); err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "logout", nil, nil)
	c.Redirect(http.StatusSeeOther, "/admin/login")
}

// logoutEverywhere ends every session of the officer, on every device (POST /admin/logout/all).
func (a *Admin) logoutEverywhere(c *gin.Context) {
	o := officer(c)
	if _, err := a.DB.Exec(c.Request.Context(), `DELETE FROM officer_sessions WHERE officer_id = $1`, o.ID); err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.Site.SetCookie(c, sessionCookie, "", -1)
	a.audit(c, &o.ID, "logout.everywhere", nil, nil)
	c.Redirect(http.StatusSeeOther, "/admin/login")
}
