package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"integrity-portal/crypto"
	"integrity-portal/intake"
	"integrity-portal/internal/config"
	"integrity-portal/internal/database"
	"integrity-portal/internal/pgcluster"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/store"
)

// env is what every command starts from: the configuration, a logger and, when opened, the database.
type env struct {
	cfg     *config.Config
	log     *slog.Logger
	pool    *pgxpool.Pool
	dbURL   string // what pool connects to
	cluster *pgcluster.Cluster
	// ownerURL connects as the owner, for the migrations; empty: the pool's role is the owner.
	ownerURL string
	// intakePool stores submissions and mailbox replies, apart from pool (PORTAL_DB_INTAKE_CONNS).
	intakePool *pgxpool.Pool
	metrics    *web.Metrics
	intake     *intake.Intake
	jobs       *river.Client[pgx.Tx] // made on first use by jobClient
	search     *store.Searcher       // the tender search's index, made by the server
	// receiptParams override the receipt KDF's costs; zero means the defaults. Tests lower them.
	receiptParams crypto.ReceiptParams
}

// openData is how a command that works on the data starts: the configuration, the database, and a
// schema that is current (migrated when allowed). The caller closes the env.
func openData(ctx context.Context) (*env, error) {
	e, err := loadEnv(os.Stderr)
	if err != nil {
		return nil, err
	}
	if err := e.openDatabase(ctx); err != nil {
		return nil, err
	}
	if err := e.prepareSchema(ctx, e.cfg.AutoMigrate); err != nil {
		e.close()
		return nil, err
	}
	return e, nil
}

// loadEnv reads the configuration and makes the logger. In development it fills in the secrets it
// keeps under PORTAL_VAR_DIR, so that forms survive a restart.
func loadEnv(stderr io.Writer) (*env, error) {
	cfg, err := config.Load(config.Environment())
	if err != nil {
		return nil, err
	}
	var h slog.Handler = slog.NewTextHandler(stderr, nil)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(stderr, nil)
	}
	e := &env{cfg: cfg, log: slog.New(h)}
	if !cfg.Production() {
		if cfg.SessionSecret == "" {
			if cfg.SessionSecret, err = devSecret(cfg.VarDir, "session-secret"); err != nil {
				return nil, err
			}
		}
		if cfg.ReceiptPepper == "" {
			if cfg.ReceiptPepper, err = devSecret(cfg.VarDir, "receipt-pepper"); err != nil {
				return nil, err
			}
		}
	}
	return e, nil
}

// devSecret reads or makes a random development secret in varDir (mode 0600).
func devSecret(varDir, name string) (string, error) {
	path := filepath.Join(varDir, name)
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return strings.TrimSpace(string(b)), nil
	}
	if err := os.MkdirAll(varDir, 0o755); err != nil {
		return "", fmt.Errorf("development secret: %w", err)
	}
	b := make([]byte, 32)
	rand.Read(b)
	s := hex.EncodeToString(b)
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("development secret: %w", err)
	}
	return s, nil
}

// openDatabase connects to DATABASE_URL as the serving role, or starts the private development
// cluster when it is empty and connects to it as its serving role. The owner's connection string,
// for the migrations, is MIGRATION_DATABASE_URL (or DATABASE_URL), or the cluster's superuser.
func (e *env) openDatabase(ctx context.Context) error {
	url := e.cfg.DatabaseURL
	e.ownerURL = e.cfg.MigrationDatabaseURL
	if url == "" {
		c, err := pgcluster.Start(ctx, filepath.Join(e.cfg.VarDir, "pg"), "portal", e.log)
		if err != nil {
			return err
		}
		e.cluster = c
		e.ownerURL = c.URL("portal")
		if err := ensureServingLogin(ctx, e.ownerURL); err != nil {
			e.close()
			return err
		}
		url = c.URLAs("portal", database.ServingLogin)
	}
	pool, err := database.OpenSized(ctx, url, e.cfg.DBConns, "")
	if err != nil {
		e.close()
		return err
	}
	e.pool, e.dbURL = pool, url
	return nil
}

// ensureServingLogin makes the development cluster's serving role, as its superuser.
func ensureServingLogin(ctx context.Context, ownerURL string) error {
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	defer conn.Close(ctx)
	return database.EnsureServingLogin(ctx, conn, database.ServingLogin, "")
}

// withOwner runs fn on a pool connected as the owner, opened for it and closed after.
func (e *env) withOwner(ctx context.Context, fn func(owner *pgxpool.Pool) error) error {
	if e.ownerURL == "" || e.ownerURL == e.cfg.DatabaseURL {
		return fn(e.pool)
	}
	owner, err := database.Open(ctx, e.ownerURL)
	if err != nil {
		return fmt.Errorf("as the owner (MIGRATION_DATABASE_URL): %w", err)
	}
	defer owner.Close()
	return fn(owner)
}

// close releases the pool and stops the private cluster if this process started it.
func (e *env) close() {
	if e.search != nil {
		e.search.Close()
	}
	if e.intakePool != nil {
		e.intakePool.Close()
	}
	if e.pool != nil {
		e.pool.Close()
	}
	if e.cluster != nil {
		if err := e.cluster.Stop(context.Background()); err != nil {
			e.log.Warn("stopping the private PostgreSQL", "err", err)
		}
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
