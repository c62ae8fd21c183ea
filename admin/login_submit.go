package admin

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/web"
)

// loginSubmit checks the password (POST /admin/login): opening the officer's sealed identity is the
// check. The second factor follows, or its enrolment on a first login. An unknown username, a wrong
// password and a locked account get the same answer after the same work, one password check each, so
// that nobody learns which usernames exist or which are locked.
func (a *Admin) loginSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	username := strings.ToLower(strings.TrimSpace(c.PostForm("username")))
	password := c.PostForm("password")
	fail := func(status int, key string) {
		a.Site.Render(c, status, a.pages.login, "admin.login.title", loginPage{Username: username, Error: key})
	}
	var (
		id              int64
		k               crypto.OfficerKey
		hasTOTP, locked bool
	)
	err := a.DB.QueryRow(ctx, `
		SELECT id, age_recipient, sealed_identity, totp_sealed IS NOT NULL, coalesce(locked_until > now(), false)
		FROM officers WHERE username = $1 AND disabled_at IS NULL`, username).
		Scan(&id, &k.Recipient, &k.Sealed, &hasTOTP, &locked)
	known := err == nil
	if errors.Is(err, pgx.ErrNoRows) {
		k = crypto.OfficerKey{Sealed: dummySeal}
	} else if err != nil {
		a.Site.Fail(c, err)
		return
	}
	identity, err := a.checkPassword(ctx, k, password)
	if errors.Is(err, crypto.ErrBusy) { // the check did not run (memory budget full): nothing is counted
		web.RetryAfter(c, a.Memory.Wait())
		fail(http.StatusServiceUnavailable, "admin.login.err_busy")
		return
	}
	if err != nil && !errors.Is(err, crypto.ErrCannotOpen) {
		a.Site.Fail(c, err)
		return
	}
	if known && !locked && identity == nil {
		if _, err := countFailure(ctx, a.DB, id); err != nil {
			a.Site.Fail(c, err)
			return
		}
		a.audit(c, &id, "login.failed", nil, nil)
	}
	if !known || locked || identity == nil {
		fail(http.StatusUnauthorized, "admin.login.err_wrong")
		return
	}
	stage, next := "totp", "/admin/login/totp"
	if !hasTOTP {
		stage, next = "enrol", "/admin/login/enrol"
	}
	if err := a.startSession(c, id, identity, stage); err != nil {
		a.Site.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, next)
}

// taipei is the office's time zone, for times shown to officers.
var taipei = func() *time.Location {
	if l, err := time.LoadLocation("Asia/Taipei"); err == nil {
		return l
	}
	return time.FixedZone("CST", 8*3600)
}()
