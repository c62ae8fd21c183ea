package flags

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/portal/procurement/indicators"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/store"
)

// readJSONL reads releases, one per line, as ocds.ReadPackage decodes them (numbers as
// json.Number). A release without a date gets one, which store.Save needs and no indicator reads.
func readJSONL(t testing.TB, path string) []ocds.Release {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rels []ocds.Release
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		rel := decode(t, sc.Text())
		if rel.Date() == "" {
			rel["date"] = "2024-01-01T00:00:00Z"
		}
		rels = append(rels, rel)
	}
	return rels
}

func decode(t testing.TB, s string) ocds.Release {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var r ocds.Release
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return r
}

// save stores releases with store.Save in one committed transaction.
func save(t testing.TB, pool *pgxpool.Pool, rels []ocds.Release) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := store.Save(ctx, tx, rels, "test")
		return err
	})
	if err != nil {
		t.Fatalf("save: %v", err)
	}
}

// mustRecompute runs Recompute and fails the test on error.
func mustRecompute(t testing.TB, pool *pgxpool.Pool, s indicators.Settings) Run {
	t.Helper()
	run, err := Recompute(context.Background(), pool, s, nil)
	if err != nil {
		t.Fatalf("recompute: %v", err)
	}
	return run
}

// parseSettings parses INI text and fails the test on error.
func parseSettings(t testing.TB, ini string) indicators.Settings {
	t.Helper()
	s, err := indicators.ParseSettings(strings.NewReader(ini))
	if err != nil {
		t.Fatalf("settings %q: %v", ini, err)
	}
	return s
}

// dump returns every row of a table as text, in a fixed order, to compare two states.
func dump(t testing.TB, pool *pgxpool.Pool, table string) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), fmt.Sprintf(`SELECT t::text FROM %s t ORDER BY t::text`, table))
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}
