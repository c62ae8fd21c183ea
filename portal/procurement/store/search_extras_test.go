package store

import (
	"context"
	"reflect"
	"testing"
)

func TestExtras(t *testing.T) {
	pool := setupSearch(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `INSERT INTO procurement_flags (subject_type, subject_id, code, value) VALUES
		('ocid', 'ocds-t-1', 'R018', 1), ('ocid', 'ocds-t-1', 'R003', 2), ('ocid', 'ocds-t-2', 'R024', 1),
		('tenderer', 'ocds-t-1', 'R028', 1)`); err != nil {
		t.Fatal(err)
	}
	x, err := Extras(ctx, pool, []string{"ocds-t-1", "ocds-t-3", "ocds-t-9"})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"12345678": "廠商12345678", "87654321": "廠商87654321"}; !reflect.DeepEqual(x.SupplierNames, want) {
		t.Errorf("names %v, want %v", x.SupplierNames, want)
	}
	if want := map[string][]string{"ocds-t-1": {"R003", "R018"}}; !reflect.DeepEqual(x.Flags, want) {
		t.Errorf("flags %v, want %v", x.Flags, want)
	}
}
