package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// SupplierNames returns the name of each supplier of the processes ocids (a page of search results,
// whose Items hold only the suppliers' ids), by supplier id: the name its awards in those
// processes give, a non-empty one where there is one.
func SupplierNames(ctx context.Context, db database.DB, ocids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ocids) == 0 {
		return out, nil
	}
	rows, err := db.Query(ctx, `
SELECT DISTINCT ON (supplier_id) supplier_id, supplier_name FROM procurement_awards
WHERE ocid = ANY ($1) AND supplier_id IS NOT NULL
ORDER BY supplier_id, supplier_name = '', supplier_name`, ocids)
	if err != nil {
		return nil, fmt.Errorf("store: supplier names: %w", err)
	}
	var id, name string
	if _, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error {
		out[id] = name
		return nil
	}); err != nil {
		return nil, fmt.Errorf("store: supplier names: %w", err)
	}
	return out, nil
}
