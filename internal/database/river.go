package database

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// The background jobs (internal/jobs) run on River, whose tables come from River's own migrations.
// They are applied after the portal's, under the same advisory lock, so one `portal migrate` brings
// the whole schema up to date.

func riverMigrator(pool *pgxpool.Pool) (*rivermigrate.Migrator[pgx.Tx], error) {
	return rivermigrate.New(riverpgxv5.New(pool), nil)
}

// migrateRiver applies River's pending migrations, each in its own transaction as River requires
// (one adds an enum value the next uses). It runs while apply holds the lock, on a pool of its
// own: runners queued on the lock may hold every connection of the shared pool.
func migrateRiver(ctx context.Context, pool *pgxpool.Pool) error {
	cfg := pool.Config()
	cfg.MaxConns, cfg.MinConns = 1, 0
	own, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("migrate job queue: %w", err)
	}
	defer own.Close()
	m, err := riverMigrator(own)
	if err != nil {
		return fmt.Errorf("migrate job queue: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate job queue: %w", err)
	}
	return nil
}

// riverPending reports whether River's tables are missing or behind.
func riverPending(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	m, err := riverMigrator(pool)
	if err != nil {
		return false, fmt.Errorf("job queue status: %w", err)
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("job queue status: %w", err)
	}
	return !res.OK, nil
}

// RiverLatest is the newest River migration this binary carries, so a test template built with an
// older River is rebuilt.
func RiverLatest() int {
	m, err := rivermigrate.New(riverpgxv5.New(nil), nil)
	if err != nil {
		return 0
	}
	all := m.AllVersions()
	return all[len(all)-1].Version
}
