package flags

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"integrity-portal/portal/procurement/indicators"
)

// writeFlags copies the indicators' result into the (emptied) procurement_flags and returns the
// number of rows. The rows go through a temporary table so that a process flag gets its buyer
// from procurement_processes in one join rather than one lookup each.
func writeFlags(ctx context.Context, tx pgx.Tx, res *indicators.Result) (int64, error) {
	if _, err := tx.Exec(ctx, `
CREATE TEMPORARY TABLE procurement_flags_new (
    subject_type text, subject_id text, code text, value double precision
) ON COMMIT DROP`); err != nil {
		return 0, fmt.Errorf("flags: recompute: %w", err)
	}
	rows := flagRows(res)
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"procurement_flags_new"},
		[]string{"subject_type", "subject_id", "code", "value"}, pgx.CopyFromRows(rows)); err != nil {
		return 0, fmt.Errorf("flags: recompute: copy flags: %w", err)
	}
	tag, err := tx.Exec(ctx, `
INSERT INTO procurement_flags (subject_type, subject_id, code, value, buyer_id)
SELECT n.subject_type, n.subject_id, n.code, n.value, p.buyer_id
FROM procurement_flags_new n
LEFT JOIN procurement_processes p ON n.subject_type = 'ocid' AND p.ocid = n.subject_id`)
	if err != nil {
		return 0, fmt.Errorf("flags: recompute: write flags: %w", err)
	}
	return tag.RowsAffected(), nil
}

// flagRows flattens a Result into rows, in a fixed order (group, id, code) so that two runs over
// the same data write the same rows in the same order.
func flagRows(res *indicators.Result) [][]any {
	var rows [][]any
	for _, g := range []struct {
		name  string
		group map[string]map[string]float64
	}{{"OCID", res.OCID}, {"Buyer", res.Buyer}, {"ProcuringEntity", res.ProcuringEntity}, {"Tenderer", res.Tenderer}} {
		subject := string(subjectOfGroup[g.name])
		ids := make([]string, 0, len(g.group))
		for id := range g.group {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			codes := g.group[id]
			keys := make([]string, 0, len(codes))
			for c := range codes {
				keys = append(keys, c)
			}
			slices.Sort(keys)
			for _, code := range keys {
				rows = append(rows, []any{subject, id, code, codes[code]})
			}
		}
	}
	return rows
}

// countFlags counts the stored flags per code and subject, and the buyers that R040 and R051 were
// measured for (R051 only where there are values), for pages to show without counting.
func countFlags(ctx context.Context, tx pgx.Tx) (map[string]map[Subject]int64, error) {
	rows, err := tx.Query(ctx, `
SELECT code, subject_type, count(*) FROM procurement_flags GROUP BY 1, 2
UNION ALL
SELECT 'R040', 'buyer', count(DISTINCT buyer_id) FROM procurement_concentration
UNION ALL
SELECT 'R051', 'buyer', count(DISTINCT buyer_id) FROM procurement_concentration WHERE hhi IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("flags: recompute: count: %w", err)
	}
	counts := map[string]map[Subject]int64{}
	var code, subject string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&code, &subject, &n}, func() error {
		if counts[code] == nil {
			counts[code] = map[Subject]int64{}
		}
		counts[code][Subject(subject)] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("flags: recompute: count: %w", err)
	}
	return counts, nil
}
