package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/portal/procurement/pcc"
)

// HolderByCode returns the id of the buyer or supplier whose id is code with its scheme before it,
// as people write codes: a buyer's 機關代碼 (3.87.33.37 for TW-GOV-3.87.33.37), a supplier's
// 統一編號 (TW-UBN-…) or other vendor code (TW-PCC-…). It returns "" when no holder has such an id;
// code must be valid UTF-8 without NUL, as PostgreSQL's text is.
func HolderByCode(ctx context.Context, db database.DB, role Role, code string) (string, error) {
	var ids []string
	var exists string
	switch role {
	case RoleBuyer:
		ids = []string{pcc.SchemeAgency + "-" + code}
		exists = `EXISTS (SELECT 1 FROM procurement_processes p WHERE p.buyer_id = c.id)`
	case RoleSupplier:
		ids = []string{pcc.SchemeUBN + "-" + code, pcc.SchemeVendor + "-" + code}
		exists = `(EXISTS (SELECT 1 FROM procurement_awards a WHERE a.supplier_id = c.id)
    OR EXISTS (SELECT 1 FROM procurement_bidders b WHERE b.id = c.id))`
	default:
		return "", fmt.Errorf("%w: party role %q", ErrBadQuery, role)
	}
	var id string
	err := db.QueryRow(ctx, `
SELECT c.id FROM unnest($1::text[]) WITH ORDINALITY AS c (id, n)
WHERE `+exists+`
ORDER BY c.n LIMIT 1`, ids).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: holder by code: %w", err)
	}
	return id, nil
}
