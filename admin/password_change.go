package admin

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/web"
)

type passwordPage struct {
	Forced bool
	Error  string
	Done   bool
	Home   string // the officer's landing, to go on to once the password is changed
}

// passwordShow asks for a new password (GET /admin/password); an officer with a one-time password
// from the administrator is sent here first.
func (a *Admin) passwordShow(c *gin.Context) {
	a.Site.Render(c, http.StatusOK, a.pages.password, "admin.password.title", passwordPage{Forced: officer(c).mustChange})
}

// passwordChange re-seals the officer's identity under a new password (POST /admin/password). The key
// stays the same, so every case grant still opens. The current password is asked for, so that a
// session left open cannot be turned into the account, and every other session of the officer ends.
func (a *Admin) passwordChange(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	current, pw, again := c.PostForm("current"), c.PostForm("password"), c.PostForm("again")
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
	if why := weakPassword(pw, o.Username); why != "" {
		fail(string(why))
		return
	}
	if current == "" || len(current) > 1024 {
		fail("admin.password.err_current")
		return
	}
	var k crypto.OfficerKey
	if err := a.DB.QueryRow(ctx, `SELECT age_recipient, sealed_identity FROM officers WHERE id = $1`, o.ID).Scan(&k.Recipient, &k.Sealed); err != nil {
		a.Site.Fail(c, err)
		return
	}
	_, err := a.checkPassword(ctx, k, current)
	if a.passwordBusy(c, err) {
		return
	}
	if errors.Is(err, crypto.ErrCannotOpen) {
		locked, err := countFailure(ctx, a.DB, o.ID)
		if err != nil {
			a.Site.Fail(c, err)
			return
		}
		a.audit(c, &o.ID, "password.change_failed", nil, nil)
		if locked { // someone guessing at an open session loses it
			if err := a.endSession(ctx, c); err != nil {
				a.Site.Fail(c, err)
				return
			}
			c.Redirect(http.StatusSeeOther, "/admin/login")
			return
		}
		fail("admin.password.err_current")
		return
	} else if err != nil {
		a.Site.Fail(c, err)
		return
	}
	nk, err := a.Memory.ResealOfficerKey(ctx, o.Identity, pw)
	if a.passwordBusy(c, err) {
		return
	}
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	err = pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE officers SET sealed_identity = $2, must_change_password = false, failed_logins = 0
			WHERE id = $1 AND age_recipient = $3`, o.ID, nk.Sealed, nk.Recipient); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM officer_sessions WHERE officer_id = $1 AND id_hash <> $2`, o.ID, o.idHash)
		if err != nil {
			return err
		}
		return Audit(ctx, tx, &o.ID, "password.change", nil, map[string]any{"sessions_ended": tag.RowsAffected()})
	})
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	o.mustChange = false
	web.SetFrame(c, a.frame(o)) // the whole menu, now that the one-time password is gone
	a.Site.Render(c, http.StatusOK, a.pages.password, "admin.password.title", passwordPage{Done: true, Home: a.landing(o)})
}

// passwordBusy answers the form again, busy, when the password work did not run (the memory budget
// stayed full): nothing was checked, nothing counted.
func (a *Admin) passwordBusy(c *gin.Context, err error) bool {
	if !errors.Is(err, crypto.ErrBusy) {
		return false
	}
	web.RetryAfter(c, a.Memory.Wait())
	a.Site.Render(c, http.StatusServiceUnavailable, a.pages.password, "admin.password.title", passwordPage{Forced: officer(c).mustChange, Error: "admin.password.err_busy"})
	return true
}
