package admin

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
)

// maxCodeFailures wrong codes end a sign-in: the password is asked for again.
const maxCodeFailures = 3

// What became of a submitted code.
const (
	codeRight  = iota
	codeWrong  // counted; the officer may try again
	codeReused // right, but its step was used already
	codeEnded  // the sign-in is over: the account is locked, or this sign-in had its share of wrong codes
)

// totpSubmit checks the code (POST /admin/login/totp) and, if right and unused, opens a full session.
// Wrong codes count toward the account's lockout like wrong passwords, and three end the sign-in.
func (a *Admin) totpSubmit(c *gin.Context) {
	o, ok := a.halfSession(c, "totp")
	if !ok {
		return
	}
	ctx := c.Request.Context()
	code := normaliseCode(c.PostForm("code"))
	var result int
	err := pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		// The officer's row stays locked while the code is checked, so that guesses sent in parallel are
		// counted one after another and none slips past the lockout.
		var (
			sealed []byte
			locked bool
		)
		err := tx.QueryRow(ctx, `SELECT o.totp_sealed, coalesce(o.locked_until > now(), false) OR s.id_hash IS NULL
			FROM officers o LEFT JOIN officer_sessions s ON s.id_hash = $2 AND s.officer_id = o.id AND s.stage = 'totp'
			WHERE o.id = $1 FOR UPDATE OF o`, o.ID, o.idHash).Scan(&sealed, &locked)
		if err != nil {
			return err
		}
		if locked || sealed == nil {
			result = codeEnded
			return nil
		}
		secret, err := crypto.Open(sealed, o.Identity)
		if err != nil {
			return err
		}
		step := totpStep(string(secret), code, time.Now())
		if step == 0 {
			locked, err := countFailure(ctx, tx, o.ID)
			if err != nil {
				return err
			}
			var failures int
			if err := tx.QueryRow(ctx, `UPDATE officer_sessions SET totp_failures = totp_failures + 1 WHERE id_hash = $1 RETURNING totp_failures`,
				o.idHash).Scan(&failures); err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			if result = codeWrong; locked || failures >= maxCodeFailures {
				result = codeEnded
			}
			return Audit(ctx, tx, &o.ID, "login.totp_failed", nil, nil)
		}
		tag, err := tx.Exec(ctx, `UPDATE officers SET totp_last_step = $2, failed_logins = 0 WHERE id = $1 AND totp_last_step < $2`, o.ID, step)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 { // a code seen over someone's shoulder cannot be replayed
			result = codeReused
		}
		return nil
	})
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	switch result {
	case codeWrong:
		a.Site.Render(c, http.StatusUnauthorized, a.pages.totp, "admin.totp.title", totpPage{Error: "admin.totp.err_wrong"})
		return
	case codeReused:
		a.Site.Render(c, http.StatusUnauthorized, a.pages.totp, "admin.totp.title", totpPage{Error: "admin.totp.err_reused"})
		return
	case codeEnded:
		if err := a.endSession(ctx, c); err != nil {
			a.Site.Fail(c, err)
			return
		}
		a.Site.Render(c, http.StatusUnauthorized, a.pages.login, "admin.login.title", loginPage{Error: "admin.totp.err_ended"})
		return
	}
	if err := a.startSession(c, o.ID, o.Identity, "active"); err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "login", nil, nil)
	c.Redirect(http.StatusSeeOther, a.landing(o))
}

// normaliseCode accepts full-width digits and spaces, as typed on a Chinese keyboard.
func normaliseCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		}
		return -1
	}, s)
}
