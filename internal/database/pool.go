// Package database opens the PostgreSQL pool and applies the schema migrations.
//
// Invariants: migrations run in file-number order, each in its own transaction, under one
// session-level advisory lock, so any number of servers may start at once and each file is applied
// exactly once; the applied set is recorded in schema_migrations.
package database

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Open connects to url with pgx's default pool size (the number of CPUs, at least 4) and checks the
// server answers.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) { return OpenSized(ctx, url, 0, "") }

// OpenSized is Open with at most maxConns connections (0: the default), named after the part of the
// portal that uses them (in pg_stat_activity's application_name: "integrity-portal-<part>").
func OpenSized(ctx context.Context, url string, maxConns int, part string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parse error may echo the URL, password included: say less.
		return nil, fmt.Errorf("database: DATABASE_URL is not a valid PostgreSQL connection string")
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "integrity-portal"
	if part != "" {
		cfg.ConnConfig.RuntimeParams["application_name"] += "-" + part
	}
	if maxConns > 0 {
		cfg.MaxConns = int32(maxConns)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database: cannot reach PostgreSQL: %w", err)
	}
	return pool, nil
}
