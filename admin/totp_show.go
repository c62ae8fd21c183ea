package admin

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// totpPage asks for the second factor, or enrols it.
type totpPage struct {
	Enrol  bool
	Secret string // during enrolment, in groups of four, for typing into an app by hand
	Error  string
}

// halfSession returns the session of an officer between password and second factor at stage, or
// sends them back to the sign-in form.
func (a *Admin) halfSession(c *gin.Context, stage string) (*SignedIn, bool) {
	o, err := a.session(c)
	if errors.Is(err, errNoSession) || err == nil && o.stage != stage {
		c.Redirect(http.StatusSeeOther, "/admin/login")
		return nil, false
	}
	if err != nil {
		a.Site.Fail(c, err)
		return nil, false
	}
	return o, true
}

// totpShow asks for the code from the officer's authenticator app (GET /admin/login/totp).
func (a *Admin) totpShow(c *gin.Context) {
	if _, ok := a.halfSession(c, "totp"); ok {
		a.Site.Render(c, http.StatusOK, a.pages.totp, "admin.totp.title", totpPage{})
	}
}
