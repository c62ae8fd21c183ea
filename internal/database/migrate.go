package database

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/migrations"
)

// migrationLock is the advisory lock key that serializes migration runs across servers.
const migrationLock = 0x706f7274616c // "portal"

// Migration is one schema file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations reads the embedded files; a badly named file is an error, not silently skipped.
func Migrations() ([]Migration, error) { return readMigrations(migrations.FS) }

func readMigrations(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	seen := map[int]string{}
	for _, name := range names {
		num, rest, ok := strings.Cut(strings.TrimSuffix(path.Base(name), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migrations: %s is not named NNN_name.sql", name)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations: %s and %s share number %d", other, name, v)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: rest, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)`

// Migrate applies every pending migration, then River's, and returns how many of the portal's own it
// applied.
func Migrate(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	ms, err := Migrations()
	if err != nil {
		return 0, err
	}
	return apply(ctx, pool, ms)
}

func apply(ctx context.Context, pool *pgxpool.Pool, ms []Migration) (int, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return 0, fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock)

	if _, err := conn.Exec(ctx, createMigrationsTable); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	// The migrations grant to the serving group, so it must exist before them.
	if err := ensureServingGroup(ctx, conn.Conn()); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	applied, err := appliedVersions(ctx, conn.Conn())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range ms {
		if applied[m.Version] {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.Version, m.Name)
			return err
		})
		if err != nil {
			return n, fmt.Errorf("migrate: %03d_%s: %w", m.Version, m.Name, err)
		}
		n++
	}
	return n, migrateRiver(ctx, pool)
}

func appliedVersions(ctx context.Context, conn *pgx.Conn) (map[int]bool, error) {
	rows, _ := conn.Query(ctx, "SELECT version FROM schema_migrations")
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return nil, fmt.Errorf("migrate: read applied versions: %w", err)
	}
	set := make(map[int]bool, len(versions))
	for _, v := range versions {
		set[v] = true
	}
	return set, nil
}

// Status is how the database's schema compares with this binary's migrations.
type Status struct {
	Current, Latest int
	Pending         []Migration
	RiverPending    bool // the job queue's own tables are behind
}

// Behind reports whether migrations are waiting to be applied.
func (s Status) Behind() bool { return len(s.Pending) > 0 || s.RiverPending }

// SchemaStatus reads which migrations are applied. It does not take the lock: it only reads.
func SchemaStatus(ctx context.Context, pool *pgxpool.Pool) (Status, error) {
	ms, err := Migrations()
	if err != nil {
		return Status{}, err
	}
	var st Status
	if len(ms) > 0 {
		st.Latest = ms[len(ms)-1].Version
	}
	var exists bool
	if err := pool.QueryRow(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&exists); err != nil {
		return st, fmt.Errorf("schema status: %w", err)
	}
	applied := map[int]bool{}
	if exists {
		conn, err := pool.Acquire(ctx)
		if err != nil {
			return st, fmt.Errorf("schema status: %w", err)
		}
		applied, err = appliedVersions(ctx, conn.Conn())
		conn.Release()
		if err != nil {
			return st, err
		}
	}
	for _, m := range ms {
		if applied[m.Version] {
			st.Current = max(st.Current, m.Version)
		} else {
			st.Pending = append(st.Pending, m)
		}
	}
	if st.RiverPending, err = riverPending(ctx, pool); err != nil {
		return st, err
	}
	return st, nil
}

// Ready checks that the database answers and its schema is current: the /readyz test.
func Ready(ctx context.Context, pool *pgxpool.Pool) error {
	st, err := SchemaStatus(ctx, pool)
	if err != nil {
		return err
	}
	if st.Behind() {
		return fmt.Errorf("schema is behind: %d migration(s) pending, job queue behind: %t", len(st.Pending), st.RiverPending)
	}
	return nil
}
