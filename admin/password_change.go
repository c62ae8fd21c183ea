package admin

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/crypto"
	"integrity-portal/internal/web"
)

type passwordPage struct {
	Forced bool
	Error  string
	Done   bool
}

// passwordShow asks for a new password (GET /admin/password); an officer with a one-time password
// from the administrator is sent here first.
func (a *Admin) passwordShow(c *gin.Context) {
	a.Site.Render(c, http.StatusOK, a.pages.password, "admin.password.title", passwordPage{Forced: officer(c).mustChange})
}

// passwordChange re-seals the officer's identity under a new password (POST /admin/password). The key
// stays the same, so every case grant still opens.
func (a *Admin) passwordChange(c *gin.Context) {
	o := officer(c)
	pw, again := c.PostForm("password"), c.PostForm("again")
	fail := func(msg string) {
		a.Site.Render(c, http.StatusBadRequest, a.pages.password, "admin.password.title", passwordPage{Forced: o.mustChange, Error: msg})
	}
	if pw != again {
		fail("admin.password.err_again")
		return
	}
	if len([]rune(pw)) < 12 || len(pw) > 1024 {
		fail("admin.password.err_short")
		return
	}
	if weakPassword(pw, o.Username) != "" {
		fail("admin.password.err_weak")
		return
	}
	k, err := a.Memory.ResealOfficerKey(c.Request.Context(), o.Identity, pw)
	if errors.Is(err, crypto.ErrBusy) {
		web.RetryAfter(c, a.Memory.Wait())
		a.Site.Render(c, http.StatusServiceUnavailable, a.pages.password, "admin.password.title", passwordPage{Forced: o.mustChange, Error: "admin.password.err_busy"})
		return
	}
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	if _, err := a.DB.Exec(c.Request.Context(), `UPDATE officers SET sealed_identity = $2, must_change_password = false WHERE id = $1 AND age_recipient = $3`,
		o.ID, k.Sealed, k.Recipient); err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "password.change", nil, nil)
	a.Site.Render(c, http.StatusOK, a.pages.password, "admin.password.title", passwordPage{Done: true})
}
