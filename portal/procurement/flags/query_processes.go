package flags

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// ForProcesses returns the codes of the flags raised for each of the processes ocids (a page of
// search results), in code order, through the key of procurement_flags.
func ForProcesses(ctx context.Context, db database.DB, ocids []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(ocids) == 0 {
		return out, nil
	}
	rows, err := db.Query(ctx, `
SELECT subject_id, code FROM procurement_flags
WHERE subject_type = 'ocid' AND subject_id = ANY ($1) ORDER BY subject_id, code`, ocids)
	if err != nil {
		return nil, fmt.Errorf("flags: for processes: %w", err)
	}
	var ocid, code string
	_, err = pgx.ForEachRow(rows, []any{&ocid, &code}, func() error {
		out[ocid] = append(out[ocid], code)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("flags: for processes: %w", err)
	}
	return out, nil
}
