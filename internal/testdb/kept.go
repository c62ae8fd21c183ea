package testdb

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/database"
)

// Kept returns a pool, as the serving role, and its connection string, on the database name, which
// outlives the test so that a benchmark can reuse data that takes long to make. The first call makes
// it from the migrated template; a later one migrates it to the current schema. stage is what
// MarkKept last recorded on it ("" for a new database).
func Kept(t testing.TB, name string) (pool *pgxpool.Pool, url, stage string) {
	t.Helper()
	tmpl, err := template()
	if err != nil {
		unavailable(t, err)
	}
	ctx := context.Background()
	admin, err := maintenance(ctx)
	if err != nil {
		unavailable(t, err)
	}
	defer admin.Close(ctx)
	var exists bool
	err = withLock(ctx, admin, func() error {
		if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return admin.QueryRow(ctx, `SELECT coalesce(shobj_description(oid, 'pg_database'), '')
				FROM pg_database WHERE datname = $1`, name).Scan(&stage)
		}
		_, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE "+pgx.Identifier{tmpl}.Sanitize())
		return err
	})
	if err != nil {
		t.Fatalf("testdb: kept database %s: %v", name, err)
	}
	owner, err := database.Open(ctx, withDatabase(t, name))
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	_, err = database.Migrate(ctx, owner)
	owner.Close()
	if err != nil {
		t.Fatalf("testdb: migrate kept database %s: %v", name, err)
	}
	url = asServing(withDatabase(t, name))
	pool, err = database.Open(ctx, url)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool, url, stage
}

// MarkKept records stage on the kept database name, for the next Kept to return.
func MarkKept(t testing.TB, name, stage string) {
	t.Helper()
	ctx := context.Background()
	admin, err := maintenance(ctx)
	if err != nil {
		unavailable(t, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "COMMENT ON DATABASE "+pgx.Identifier{name}.Sanitize()+" IS "+quoteLiteral(stage)); err != nil {
		t.Fatalf("testdb: mark kept database %s: %v", name, err)
	}
}

func quoteLiteral(s string) string {
	out := "'"
	for _, r := range s {
		if r == '\'' {
			out += "'"
		}
		out += string(r)
	}
	return out + "'"
}

// DropKept drops the kept database name.
func DropKept(t testing.TB, name string) {
	t.Helper()
	ctx := context.Background()
	admin, err := maintenance(ctx)
	if err != nil {
		unavailable(t, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		t.Fatalf("testdb: drop kept database %s: %v", name, err)
	}
}
