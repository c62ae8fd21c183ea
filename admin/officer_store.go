package admin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/database"
)

// Roles an officer can hold (DESIGN.md §4). One officer can hold several.
var Roles = []string{"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor"}

// Officer is an account as listed: never its key material.
type Officer struct {
	ID          int64
	Username    string
	DisplayName string
	Roles       []string
	IsDemo      bool
	DisabledAt  *time.Time
	CreatedAt   time.Time
}

// NewOfficer is what it takes to create an account.
type NewOfficer struct {
	Username    string   `validate:"required,min=2,max=63,username"`
	DisplayName string   `validate:"required,max=200"`
	Roles       []string `validate:"required,min=1,dive,oneof=sysadmin intake investigator supervisor custodian auditor"`
	Password    string   `validate:"required,min=12,max=1024"`
	IsDemo      bool
}

var (
	// ErrUsernameTaken means another account already has the username.
	ErrUsernameTaken = errors.New("admin: that username is taken")
	// ErrNoOfficer means no account has the username.
	ErrNoOfficer = errors.New("admin: no such officer")
)

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
	return v
}()

// ValidateNewOfficer checks an account request; the error names each bad field.
func ValidateNewOfficer(n NewOfficer) error {
	err := officerValidator.Struct(n)
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	var msgs []string
	for _, fe := range verrs {
		msgs = append(msgs, describeOfficerField(fe))
	}
	return fmt.Errorf("admin: %s", strings.Join(msgs, "; "))
}

func describeOfficerField(fe validator.FieldError) string {
	switch strings.SplitN(fe.StructField(), "[", 2)[0] {
	case "Username":
		return "username must be 2–63 characters of a–z, 0–9, '.', '_' or '-', starting with a letter or digit"
	case "Password":
		return "password must be at least 12 characters"
	case "Roles":
		return "roles must be one or more of " + strings.Join(Roles, ", ")
	case "DisplayName":
		return "display name is required (at most 200 characters)"
	}
	return fe.Field() + " is not valid"
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
		INSERT INTO officers (username, display_name, roles, age_recipient, sealed_identity, is_demo)
		VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id, username, display_name, roles, is_demo, disabled_at, created_at`,
		n.Username, n.DisplayName, n.Roles, key.Recipient, key.Sealed, n.IsDemo)
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
		SELECT id, username, display_name, roles, is_demo, disabled_at, created_at
		FROM officers ORDER BY disabled_at IS NOT NULL, username`)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Officer])
	if err != nil {
		return nil, fmt.Errorf("admin: list officers: %w", err)
	}
	return list, nil
}

// DisableOfficer stops an account from logging in; its history stays.
func DisableOfficer(ctx context.Context, db database.DB, username string) error {
	tag, err := db.Exec(ctx, `UPDATE officers SET disabled_at = coalesce(disabled_at, now()) WHERE username = $1`,
		strings.ToLower(strings.TrimSpace(username)))
	if err != nil {
		return fmt.Errorf("admin: disable officer: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNoOfficer
	}
	return nil
}

// CountOfficers counts accounts, to know whether a bootstrap administrator is needed.
func CountOfficers(ctx context.Context, db database.DB) (int, error) {
	var n int
	if err := db.QueryRow(ctx, "SELECT count(*) FROM officers").Scan(&n); err != nil {
		return 0, fmt.Errorf("admin: count officers: %w", err)
	}
	return n, nil
}
