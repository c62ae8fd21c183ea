// Package testdb gives each test a fresh PostgreSQL database, cloned from a migrated template.
//
// A test's pool connects as the serving role (database.ServingLogin), as `portal serve` does, so a
// test cannot do what the server cannot; the migrations run as the server's superuser, the owner, and
// AsOwner gives a test that must act as the owner (to tamper with the audit log) a pool of its own.
//
// The server is TEST_DATABASE_URL when set; otherwise a private cluster under <repo>/var/test-pg,
// started on first use and left running for the next test binary (make test stops it at the end).
// A test that cannot reach PostgreSQL fails with the one-line fix.
package testdb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/database"
	"integrity-portal/internal/pgcluster"
	"integrity-portal/internal/testdata"
)

// cloneLock serializes CREATE DATABASE … TEMPLATE across test processes: PostgreSQL refuses to copy a
// template that another session is copying or connected to.
const cloneLock = 0x74657374646200 // "testdb"

var (
	serverOnce sync.Once
	serverURL  string
	serverErr  error
)

// server returns a connection string to the maintenance database of the test server.
func server() (string, error) {
	serverOnce.Do(func() {
		if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
			serverURL = u
			return
		}
		root, err := repoRoot()
		if err != nil {
			serverErr = err
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		c, err := pgcluster.Start(ctx, filepath.Join(root, "var", "test-pg"), "postgres", log)
		if err != nil {
			serverErr = err
			return
		}
		serverURL = c.URL("postgres")
	})
	return serverURL, serverErr
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("testdb: no go.mod above the working directory")
		}
		dir = parent
	}
}

// unavailable fails the test: every database test needs PostgreSQL.
func unavailable(t testing.TB, err error) {
	t.Helper()
	testdata.Missing(t, "PostgreSQL", fmt.Sprintf("%v: run make test-deps (installs Debian's postgresql) or set TEST_DATABASE_URL", err))
}

// servingPassword is the serving role's password on a TEST_DATABASE_URL server that asks for one
// (the private cluster trusts its socket). It is a test server's, and public.
const servingPassword = "portal-test-serving"

// New returns a pool, as the serving role, on a fresh, migrated database that is dropped when the
// test ends.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, _ := NewWithURL(t)
	return pool
}

// NewWithURL is New, also returning the serving role's connection string (for code that opens its
// own pool).
func NewWithURL(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	tmpl, err := template()
	if err != nil {
		unavailable(t, err)
	}
	return create(t, tmpl, true)
}

// Empty returns a pool, as the owner, on a fresh database with no schema at all, for testing
// migrations.
func Empty(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	return create(t, "template0", false)
}

// AsOwner returns a pool on pool's database as the owner (the test server's superuser), closed when
// the test ends: for a test that acts as someone who got past the serving role.
func AsOwner(t testing.TB, pool *pgxpool.Pool) *pgxpool.Pool {
	t.Helper()
	owner, err := database.Open(context.Background(), withDatabase(t, pool.Config().ConnConfig.Database))
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(owner.Close)
	return owner
}

func create(t testing.TB, tmpl string, serving bool) (*pgxpool.Pool, string) {
	t.Helper()
	ctx := context.Background()
	admin, err := maintenance(ctx)
	if err != nil {
		unavailable(t, err)
	}
	defer admin.Close(ctx)
	name := "test_" + randomHex(8)
	err = withLock(ctx, admin, func() error {
		_, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE "+pgx.Identifier{tmpl}.Sanitize())
		return err
	})
	if err != nil {
		t.Fatalf("testdb: create database: %v", err)
	}
	url := withDatabase(t, name)
	if serving {
		url = asServing(url)
	}
	pool, err := database.Open(ctx, url)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() {
		pool.Close()
		ctx := context.Background()
		admin, err := maintenance(ctx)
		if err != nil {
			return
		}
		defer admin.Close(ctx)
		admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	})
	return pool, url
}

func withDatabase(t testing.TB, name string) string {
	u, err := server()
	if err != nil {
		unavailable(t, err)
	}
	return replaceDatabase(u, name)
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// template makes, once per server and schema, a migrated database to clone. Its name carries a hash
// of the migrations, so a changed schema gets a new template.
func template() (string, error) {
	templateOnce.Do(func() {
		templateName, templateErr = buildTemplate(context.Background())
	})
	return templateName, templateErr
}

func buildTemplate(ctx context.Context) (string, error) {
	ms, err := database.Migrations()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range ms {
		fmt.Fprintf(h, "%d\x00%s\x00%s\x00", m.Version, m.Name, m.SQL)
	}
	fmt.Fprintf(h, "river %d", database.RiverLatest())
	name := "tmpl_" + hex.EncodeToString(h.Sum(nil))[:16]
	admin, err := maintenance(ctx)
	if err != nil {
		return "", err
	}
	defer admin.Close(ctx)
	err = withLock(ctx, admin, func() error {
		var exists bool
		if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return nil
		}
		building := name + "_building"
		admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{building}.Sanitize()+" WITH (FORCE)")
		if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{building}.Sanitize()+" TEMPLATE template0"); err != nil {
			return err
		}
		pool, err := database.Open(ctx, replaceDatabase(serverURL, building))
		if err != nil {
			return err
		}
		_, err = database.Migrate(ctx, pool)
		pool.Close()
		if err != nil {
			return err
		}
		_, err = admin.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{building}.Sanitize()+" RENAME TO "+pgx.Identifier{name}.Sanitize())
		return err
	})
	if err == nil {
		// Roles belong to the whole server; the lock keeps test binaries from making them at once.
		err = withLock(ctx, admin, func() error {
			return database.EnsureServingLogin(ctx, admin, database.ServingLogin, servingPassword)
		})
	}
	return name, err
}

func maintenance(ctx context.Context) (*pgx.Conn, error) {
	u, err := server()
	if err != nil {
		return nil, err
	}
	return pgx.Connect(ctx, u)
}

func withLock(ctx context.Context, conn *pgx.Conn, fn func() error) error {
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", cloneLock); err != nil {
		return err
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", cloneLock)
	return fn()
}

// replaceDatabase returns url with its database replaced by name.
func replaceDatabase(url, name string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return url
	}
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s%s",
		quoteKV(cfg.Host), cfg.Port, quoteKV(cfg.User), quoteKV(name), passwordKV(cfg.Password))
}

// asServing returns url with the serving role as its user.
func asServing(url string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return url
	}
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s%s",
		quoteKV(cfg.Host), cfg.Port, quoteKV(database.ServingLogin), quoteKV(cfg.Database), passwordKV(servingPassword))
}

func passwordKV(p string) string {
	if p == "" {
		return ""
	}
	return " password=" + quoteKV(p)
}

// quoteKV quotes a value for a key=value connection string.
func quoteKV(s string) string {
	out := "'"
	for _, r := range s {
		if r == '\'' || r == '\\' {
			out += `\`
		}
		out += string(r)
	}
	return out + "'"
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
