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

// Lockout: this many wrong passwords in a row lock the account for lockoutFor.
const (
	maxFailedLogins = 5
	lockoutFor      = "15 minutes"
)

// loginSubmit checks the password (POST /admin/login): opening the officer's sealed identity is the
// check. The second factor follows, or its enrolment on a first login.
func (a *Admin) loginSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	username := strings.ToLower(strings.TrimSpace(c.PostForm("username")))
	password := c.PostForm("password")
	fail := func(status int, key, until string) {
		a.Site.Render(c, status, a.pages.login, "admin.login.title", loginPage{Username: username, Error: key, Until: until})
	}
	// The password check did not run (memory budget full): nothing is counted, the form comes back.
	busy := func(err error) bool {
		if !errors.Is(err, crypto.ErrBusy) {
			return false
		}
		web.RetryAfter(c, a.Memory.Wait())
		fail(http.StatusServiceUnavailable, "admin.login.err_busy", "")
		return true
	}
	var (
		id              int64
		k               crypto.OfficerKey
		hasTOTP, locked bool
		lockedUntil     *time.Time
	)
	err := a.DB.QueryRow(ctx, `
		SELECT id, age_recipient, sealed_identity, totp_sealed IS NOT NULL, coalesce(locked_until > now(), false), locked_until
		FROM officers WHERE username = $1 AND disabled_at IS NULL`, username).
		Scan(&id, &k.Recipient, &k.Sealed, &hasTOTP, &locked, &lockedUntil)
	if errors.Is(err, pgx.ErrNoRows) {
		if busy(a.openDummyKey(ctx, password)) {
			return
		}
		fail(http.StatusUnauthorized, "admin.login.err_wrong", "")
		return
	}
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	if locked {
		fail(http.StatusTooManyRequests, "admin.login.err_locked", lockedUntil.In(taipei).Format("15:04"))
		return
	}
	identity, err := a.Memory.OpenOfficerKey(ctx, k, password)
	if busy(err) {
		return
	}
	if err != nil {
		var until *time.Time
		err := a.DB.QueryRow(ctx, `
			UPDATE officers SET
			  failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
			  locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN now() + $3::interval ELSE locked_until END
			WHERE id = $1 RETURNING CASE WHEN locked_until > now() THEN locked_until END`, id, maxFailedLogins, lockoutFor).Scan(&until)
		if err != nil {
			a.Site.Fail(c, err)
			return
		}
		a.audit(c, &id, "login.failed", nil, nil)
		if until != nil {
			fail(http.StatusTooManyRequests, "admin.login.err_locked", until.In(taipei).Format("15:04"))
			return
		}
		fail(http.StatusUnauthorized, "admin.login.err_wrong", "")
		return
	}
	if _, err := a.DB.Exec(ctx, `UPDATE officers SET failed_logins = 0 WHERE id = $1`, id); err != nil {
		a.Site.Fail(c, err)
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
