package cases

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
)

// ReporterLang returns the language the case's reporter reads. A stored value that is not a
// supported code (the column's CHECK forbids it, but a superuser can edit past it) reads as zh-TW,
// the portal's default, rather than failing every notice of the case.
func ReporterLang(ctx context.Context, db database.DB, caseID int64) (i18n.Lang, error) {
	var code string
	err := db.QueryRow(ctx, `SELECT reporter_lang FROM cases WHERE id = $1`, caseID).Scan(&code)
	if errors.Is(err, pgx.ErrNoRows) {
		return i18n.ZhTW, ErrNotFound
	}
	if err != nil {
		return i18n.ZhTW, fmt.Errorf("cases: reporter language: %w", err)
	}
	return langOf(code), nil
}

// SetReporterLang records the language the reporter now reads, when they change it in the mailbox.
// The case's updated_at is left alone: the change says nothing about the case's progress.
func SetReporterLang(ctx context.Context, db database.DB, caseID int64, lang i18n.Lang) error {
	_, err := db.Exec(ctx, `UPDATE cases SET reporter_lang = $2 WHERE id = $1 AND reporter_lang IS DISTINCT FROM $2`,
		caseID, langOf(lang.Code()).Code())
	if err != nil {
		return fmt.Errorf("cases: set reporter language: %w", err)
	}
	return nil
}

// langOf maps a stored code to a supported language; anything else is zh-TW. Only the exact codes
// count, so that nothing but zh-TW|en is ever written back.
func langOf(code string) i18n.Lang {
	if code == i18n.En.Code() {
		return i18n.En
	}
	return i18n.ZhTW
}
