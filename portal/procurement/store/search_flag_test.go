package store

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestSearchFlagFilter(t *testing.T) {
	pool := setupSearch(t)
	ctx := context.Background()
	// Flags as flags.Recompute stores them; a tenderer whose id happens to be an ocid must not
	// count as a process flag.
	if _, err := pool.Exec(ctx, `
INSERT INTO procurement_flags (subject_type, subject_id, code, value) VALUES
    ('ocid', 'ocds-t-1', 'R003', 1), ('ocid', 'ocds-t-1', 'R018', 1),
    ('ocid', 'ocds-t-4', 'R003', 1),
    ('tenderer', 'ocds-t-2', 'R024', 0), ('buyer', 'ocds-t-5', 'R038', 0.5)`); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		q    Query
		want []int // in order
	}{
		{"no filter", Query{}, []int{2, 1, 6, 3, 4, 5}},
		{"any flag", Query{Flag: FlagAny}, []int{1, 4}},
		{"one code", Query{Flag: "R003"}, []int{1, 4}},
		{"another code", Query{Flag: "R018"}, []int{1}},
		{"a code nothing raised", Query{Flag: "R024"}, []int{}},
		{"with a keyword and a sort", Query{Flag: "R003", Keyword: "臺中", Sort: SortValueAsc}, []int{4, 1}},
		{"with a year", Query{Flag: FlagAny, Year: 2023}, []int{4}},
	}
	for _, tt := range tests {
		page, err := Search(ctx, pool, tt.q)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := numbers(page); !slices.Equal(got, tt.want) || page.Total != len(tt.want) {
			t.Errorf("%s: got %v (total %d), want %v", tt.name, got, page.Total, tt.want)
		}
	}
	for _, flag := range []string{"R025", "R038", "R040", "R999", "ANY", "r003", "R003 ", "'; --"} {
		if _, err := Search(ctx, pool, Query{Flag: flag}); !errors.Is(err, ErrBadQuery) {
			t.Errorf("flag %q: %v, want ErrBadQuery (only process-level codes filter processes)", flag, err)
		}
	}
}
