package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// RowExtras are what a page of search results shows beside its Items: each supplier's name, by
// supplier id, and the codes of the red flags raised for each process, by ocid, in code order.
type RowExtras struct {
	SupplierNames map[string]string
	Flags         map[string][]string
}

// Extras reads the RowExtras of the processes ocids in one statement, so that a page of results
// costs the server's pool one more round trip, not two: under 32 clients on a pool of four
// connections each round trip a page holds is a wait for the others.
func Extras(ctx context.Context, db database.DB, ocids []string) (RowExtras, error) {
	x := RowExtras{SupplierNames: map[string]string{}, Flags: map[string][]string{}}
	if len(ocids) == 0 {
		return x, nil
	}
	rows, err := db.Query(ctx, `
(SELECT DISTINCT ON (supplier_id) false AS flag, supplier_id AS key, supplier_name AS value
 FROM procurement_awards WHERE ocid = ANY ($1) AND supplier_id IS NOT NULL
 ORDER BY supplier_id, supplier_name = '', supplier_name)
UNION ALL
(SELECT true, subject_id, code FROM procurement_flags
 WHERE subject_type = 'ocid' AND subject_id = ANY ($1) ORDER BY subject_id, code)`, ocids)
	if err != nil {
		return x, fmt.Errorf("store: search extras: %w", err)
	}
	var flag bool
	var key, value string
	if _, err := pgx.ForEachRow(rows, []any{&flag, &key, &value}, func() error {
		if flag {
			x.Flags[key] = append(x.Flags[key], value)
		} else {
			x.SupplierNames[key] = value
		}
		return nil
	}); err != nil {
		return x, fmt.Errorf("store: search extras: %w", err)
	}
	return x, nil
}
