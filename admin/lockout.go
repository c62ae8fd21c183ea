package admin

import (
	"context"
	"fmt"

	"integrity-portal/internal/database"
)

// Lockout: wrong passwords and wrong second-factor codes count together; this many in a row lock the
// account for lockoutFor. Only a complete sign-in (password and code) or a password change starts
// the count again, so that a known password does not buy fresh guesses at the code.
const (
	maxFailedLogins = 5
	lockoutFor      = "15 minutes"
)

// countFailure counts a wrong password or code against an officer's account. It reports whether this
// failure locked the account, and if so ends every half-finished sign-in of the account (whole
// sessions stay: a stranger's wrong passwords must not sign the officer out).
func countFailure(ctx context.Context, db database.DB, officerID int64) (locked bool, err error) {
	err = db.QueryRow(ctx, `
		UPDATE officers SET
		  failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
		  locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN now() + $3::interval ELSE locked_until END
		WHERE id = $1 RETURNING coalesce(locked_until > now(), false)`, officerID, maxFailedLogins, lockoutFor).Scan(&locked)
	if err != nil {
		return false, fmt.Errorf("admin: count failure: %w", err)
	}
	if locked {
		if _, err := db.Exec(ctx, `DELETE FROM officer_sessions WHERE officer_id = $1 AND stage <> 'active'`, officerID); err != nil {
			return true, fmt.Errorf("admin: end sessions: %w", err)
		}
	}
	return locked, nil
}
