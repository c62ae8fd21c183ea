package store

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdata"
	"integrity-portal/portal/procurement/ocds"
)

// readPackage reads an OCDS file of the outside test data in testdata/ with ocds.ReadPackage.
func readPackage(t testing.TB, name string) []ocds.Release {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata.Dir(t, "ocds"), name))
	if err != nil {
		t.Fatal(err)
	}
	var rels []ocds.Release
	errs, err := ocds.ReadPackage(bytes.NewReader(b), func(_ string, r ocds.Release) error {
		rels = append(rels, r)
		return nil
	})
	if err != nil || len(errs) > 0 {
		t.Fatalf("%s: %v %v", name, errs, err)
	}
	return rels
}

// save runs Save in its own committed transaction.
func save(t testing.TB, pool *pgxpool.Pool, rels []ocds.Release, source string) SaveResult {
	t.Helper()
	ctx := context.Background()
	var res SaveResult
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var err error
		res, err = Save(ctx, tx, rels, source)
		return err
	})
	if err != nil {
		t.Fatalf("save: %v", err)
	}
	return res
}

// decodeJSON parses JSON as ocds.ReadPackage does (numbers as json.Number).
func decodeJSON(t testing.TB, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return m
}

// compiledOf returns the stored compiled release of ocid.
func compiledOf(t testing.TB, pool *pgxpool.Pool, ocid string) map[string]any {
	t.Helper()
	var s string
	if err := pool.QueryRow(context.Background(),
		`SELECT compiled::text FROM procurement_processes WHERE ocid = $1`, ocid).Scan(&s); err != nil {
		t.Fatalf("compiled of %s: %v", ocid, err)
	}
	return decodeJSON(t, s)
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
