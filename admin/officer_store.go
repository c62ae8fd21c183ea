package admin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/crypto"
	"integrity-portal/internal/database"
	"integrity-portal/internal/web"
)

// Roles an officer can hold (DESIGN.md §4). One officer can hold several.
var Roles = []string{"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor", "data"}

// Officer is an account as listed: never its key material.
type Officer struct {
	ID          int64
	Username    string
	DisplayName string
	Roles       []string
	IsDemo      bool
	DisabledAt  *time.Time
	CreatedAt   time.Time
	// AwaitsApproval: the account holds a case role that no second supervisor has approved yet, so it
	// receives no case key.
	AwaitsApproval bool
}

// officerColumns are an Officer's columns, in its fields' order.
const officerColumns = `id, username, display_name, roles, is_demo, disabled_at, created_at,
	is_case_officer(roles) AND roles_approved_at IS NULL`

// NewOfficer is what it takes to create an account.
type NewOfficer struct {
	Username    string   `validate:"required,min=2,max=63,username"`
	DisplayName string   `validate:"required,max=200,plaintext"`
	Roles       []string `validate:"required,min=1,dive,oneof=sysadmin intake investigator supervisor custodian auditor data"`
	Password    string   `validate:"required,min=12,max=1024"`
	IsDemo      bool
	By          *int64 // the administrator creating it; nil from the command line
}

var (
	// ErrUsernameTaken means another account already has the username.
	ErrUsernameTaken = errors.New("admin: that username is taken")
	// ErrNoOfficer means no account has the username.
	ErrNoOfficer = errors.New("admin: no such officer")
)

// OfficerProblems are what is wrong with an account request, one sentence each: what the sysadmin
// may be shown, in English for the command line (Texts) and as message keys for the page (Keys).
// Any other error from AddOfficer is the system's, not theirs.
type OfficerProblems struct {
	Texts, Keys []string
}

func (p OfficerProblems) Error() string { return "admin: " + strings.Join(p.Texts, "; ") }

var officerValidator = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterValidation("username", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		for i, r := range s {
			ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || i > 0 && strings.ContainsRune("._-", r)
			if !ok {
				return false
			}
		}
		return true
	})
	// A name is one line of text: PostgreSQL refuses NUL and invalid UTF-8, and no name needs control characters.
	v.RegisterValidation("plaintext", func(fl validator.FieldLevel) bool { return web.ValidText(fl.Field().String(), false) })
	return v
}()

// ValidateNewOfficer checks an account request; the error names each bad field.
func ValidateNewOfficer(n NewOfficer) error {
	err := officerValidator.Struct(n)
	var verrs validator.ValidationErrors
	if err != nil && !errors.As(err, &verrs) {
		return err
	}
	var p OfficerProblems
	for _, fe := range verrs {
		text, key := describeOfficerField(fe)
		if !slices.Contains(p.Keys, key) { // one sentence for a field, however many of its rules failed
			p.Texts, p.Keys = append(p.Texts, text), append(p.Keys, key)
		}
	}
	if len(p.Texts) == 0 {
		if why := weakPassword(n.Password, n.Username); why != "" {
			p.Texts, p.Keys = append(p.Texts, why.String()), append(p.Keys, string(why))
		}
	}
	if len(p.Texts) == 0 {
		return nil
	}
	return p
}

// describeOfficerField says what a field must be, in English and as a message key.
func describeOfficerField(fe validator.FieldError) (string, string) {
	switch strings.SplitN(fe.StructField(), "[", 2)[0] {
	case "Username":
		return "username must be 2–63 characters of a–z, 0–9, '.', '_' or '-', starting with a letter or digit", "admin.users.err_username"
	case "Password":
		return "password must be at least 12 characters", "admin.users.err_password"
	case "Roles":
		return "roles must be one or more of " + strings.Join(Roles, ", "), "admin.users.err_roles"
	case "DisplayName":
		return "display name is required (at most 200 characters, one line, no control characters)", "admin.users.err_name"
	}
	return fe.Field() + " is not valid", "admin.users.err_field"
}

// AddOfficer creates an account with a fresh age identity sealed under its password.
func AddOfficer(ctx context.Context, db database.DB, n NewOfficer) (Officer, error) {
	n.Username = strings.ToLower(strings.TrimSpace(n.Username))
	n.DisplayName = strings.TrimSpace(n.DisplayName)
	if err := ValidateNewOfficer(n); err != nil {
		return Officer{}, err
	}
	key, err := crypto.NewOfficerKey(n.Password)
	if err != nil {
		return Officer{}, err
	}
	rows, _ := db.Query(ctx, `
		INSERT INTO officers (username, display_name, roles, age_recipient, sealed_identity, is_demo, roles_changed_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		RETURNING `+officerColumns,
		n.Username, n.DisplayName, n.Roles, key.Recipient, key.Sealed, n.IsDemo, n.By)
	o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Officer])
	if database.IsUniqueViolation(err) {
		return Officer{}, ErrUsernameTaken
	}
	if err != nil {
		return Officer{}, fmt.Errorf("admin: add officer: %w", err)
	}
	return o, nil
}

// ListOfficers returns every account, enabled first, then by username.
func ListOfficers(ctx context.Context, db database.DB) ([]Officer, error) {
	rows, _ := db.Query(ctx, `
		SELECT `+officerColumns+`
		FROM officers ORDER BY disabled_at IS NOT NULL, username`)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Officer])
	if err != nil {
		return nil, fmt.Errorf("admin: list officers: %w", err)
	}
	return list, nil
}

// ErrLastSysadmin means the account is the last active system administrator: disabling it would
// leave nobody to manage accounts.
var ErrLastSysadmin = errors.New("admin: the last active system administrator cannot be disabled")

// DisableOfficer stops an account from logging in and ends its sessions; its history stays. It refuses
// to disable the last active system administrator.
func DisableOfficer(ctx context.Context, db *pgxpool.Pool, username string) error {
	username = strings.ToLower(strings.TrimSpace(username))
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		// Lock the active administrators' rows, so that two disabling each other cannot both pass.
		rows, _ := tx.Query(ctx, `SELECT username FROM officers WHERE 'sysadmin' = ANY (roles) AND disabled_at IS NULL ORDER BY id FOR UPDATE`)
		admins, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("admin: disable officer: %w", err)
		}
		if len(admins) == 1 && admins[0] == username {
			return ErrLastSysadmin
		}
		tag, err := tx.Exec(ctx, `UPDATE officers SET disabled_at = coalesce(disabled_at, now()) WHERE username = $1`, username)
		if err != nil {
			return fmt.Errorf("admin: disable officer: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNoOfficer
		}
		_, err = tx.Exec(ctx, `DELETE FROM officer_sessions s USING officers o WHERE o.id = s.officer_id AND o.username = $1`, username)
		return err
	})
}

// CountOfficers counts accounts, to know whether a bootstrap administrator is needed.
func CountOfficers(ctx context.Context, db database.DB) (int, error) {
	var n int
	if err := db.QueryRow(ctx, "SELECT count(*) FROM officers").Scan(&n); err != nil {
		return 0, fmt.Errorf("admin: count officers: %w", err)
	}
	return n, nil
}

// ResetOfficer gives an account a new password and a new identity, as an administrator's reset must:
// the old identity's password is unknown, so the officer loses every case grant (sealed to the old
// key), their second factor (sealed to it too) and their sessions. The new key awaits a supervisor's
// approval like a new account's (the administrator knows its password); then a supervisor grants
// cases again, or the recovery key does (portal keys regrant). by is the administrator resetting it,
// nil from the command line.
func ResetOfficer(ctx context.Context, db *pgxpool.Pool, username, password string, by *int64) error {
	username = strings.ToLower(strings.TrimSpace(username))
	if len([]rune(password)) < 12 {
		return fmt.Errorf("admin: password must be at least 12 characters")
	}
	if why := weakPassword(password, username); why != "" {
		return fmt.Errorf("admin: %s", why.String())
	}
	key, err := crypto.NewOfficerKey(password)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `UPDATE officers SET age_recipient = $2, sealed_identity = $3, totp_sealed = NULL, totp_last_step = 0,
			failed_logins = 0, locked_until = NULL, must_change_password = true, roles_changed_by = $4 WHERE username = $1 RETURNING id`,
			username, key.Recipient, key.Sealed, by).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNoOfficer
		}
		if err != nil {
			return fmt.Errorf("admin: reset: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM case_grants WHERE officer_id = $1`, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM officer_sessions WHERE officer_id = $1`, id)
		return err
	})
}
