//go:build unix

// Package pgcluster provisions and runs a private PostgreSQL cluster for
// development, so the portal needs no pre-installed database server—only the
// server programs (see FindBinaries).
//
// Typical use:
//
//	c, err := pgcluster.Start(ctx, "./var/pg", "portal", log)
//	if err != nil { ... }
//	defer c.Stop(ctx)
//	conn, err := pgx.Connect(ctx, c.URL("portal"))
//
// Invariants:
//   - No TCP: listen_addresses is empty; the server listens only on a unix
//     socket in a 0700 directory (./var/pg-run, or a short hashed dir under
//     os.TempDir() when that path is too long for a socket), so only the
//     server's OS user and root can connect. Authentication is trust, as DB
//     user "portal".
//   - The server log goes to a file next to the data dir (./var/pg.log),
//     never to the terminal.
//   - One cluster per data dir: Start and Stop take a flock on a lock file
//     next to it (./var/.pg.lock), so concurrent callers, even in different
//     processes, reuse one server instead of racing.
//   - Start never destroys data: an initialized dir (PG_VERSION present) is
//     reused, and a server already running on it is reused and left running
//     by Stop; only the Cluster that started the server stops it.
//   - As root, every server program runs as the unprivileged OS user
//     "postgres" (or "nobody"), which owns the data and socket dirs. If that
//     user cannot reach the requested data dir, the cluster lives under
//     os.TempDir() instead (logged once; see Cluster.DataDir).
//
// The package is Unix-only (flock, unix sockets, setuid).
package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// dbUser is the superuser initdb creates; connections use it.
const dbUser = "portal"

// readyTimeout bounds how long Start waits for a server to accept
// connections and Stop waits for it to exit.
const readyTimeout = 60 * time.Second

// Cluster is a PostgreSQL server on one data directory, reached over a unix
// socket. Get one from Start.
type Cluster struct {
	binDir    string
	dataDir   string  // absolute; may differ from the requested dir, see Start
	socketDir string  // where the server's socket really is (from postmaster.pid)
	port      int     // names the socket file
	logFile   string  // server log, next to dataDir
	lockFile  string  // flock shared by all callers on the requested dir
	user      *osUser // OS user the programs run as; nil = this process's user
	started   bool    // this Cluster started the server, so Stop stops it
}

// Start makes (first time: initdb) or reuses the cluster whose data lives in
// dataDir (e.g. "./var/pg"), starts the server unless it already runs, waits
// until it accepts connections and creates database dbName if missing.
//
// It is safe for several processes to call Start on the same dir at once:
// one starts the server, the others reuse it. log receives a few progress
// lines (nil discards them).
//
// As root, if the unprivileged server user cannot traverse to dataDir, the
// data goes to a directory under os.TempDir() derived from dataDir's
// absolute path instead; Cluster.DataDir says where.
func Start(ctx context.Context, dataDir, dbName string, log *slog.Logger) (*Cluster, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if dbName == "" {
		return nil, errors.New("pgcluster: empty database name")
	}
	want, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	binDir, err := FindBinaries()
	if err != nil {
		return nil, err
	}
	su, err := serverUser()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(want), 0o755); err != nil {
		return nil, fmt.Errorf("pgcluster: create parent of data dir: %w", err)
	}
	c := &Cluster{binDir: binDir, dataDir: want, port: port, lockFile: lockPath(want), user: su}
	unlock, err := lock(ctx, c.lockFile)
	if err != nil {
		return nil, err
	}
	defer unlock()

	if blocked := su.blockedAt(filepath.Dir(want)); blocked != "" {
		c.dataDir = relocatedDataDir(want)
		if err := privateDir(filepath.Dir(c.dataDir), 0o711, nil); err != nil {
			return nil, err
		}
		log.Warn("pgcluster: data dir moved: OS user "+su.name+" cannot traverse "+blocked,
			"requested", want, "using", c.dataDir)
	}
	c.socketDir = socketDirFor(c.dataDir)
	c.logFile = filepath.Join(filepath.Dir(c.dataDir), filepath.Base(c.dataDir)+".log")
	if err := c.prepare(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); errors.Is(err, fs.ErrNotExist) {
		if err := c.initdb(ctx); err != nil {
			return nil, err
		}
		log.Info("pgcluster: initialized PostgreSQL cluster", "dir", c.dataDir)
	}

	running, err := c.running(ctx)
	if err != nil {
		return nil, err
	}
	if running {
		log.Info("pgcluster: reusing running PostgreSQL", "dir", c.dataDir)
	} else {
		if err := c.start(ctx); err != nil {
			return nil, err
		}
		c.started = true
		log.Info("pgcluster: started PostgreSQL", "dir", c.dataDir, "log", c.logFile)
	}
	err = c.waitReady(ctx)
	if err == nil {
		err = c.createDB(ctx, dbName)
	}
	if err != nil {
		if c.started { // don't leave a half-set-up server behind
			_ = c.stop(context.WithoutCancel(ctx))
		}
		return nil, err
	}
	return c, nil
}

// URL is the pgx connection string for database dbName over the unix
// socket, e.g. "postgres:///portal?host=/abs/var/pg-run&port=5432&user=portal".
// The port is spelled out so a PGPORT in the environment cannot redirect it.
func (c *Cluster) URL(dbName string) string { return c.URLAs(dbName, dbUser) }

// URLAs is URL for another database user, e.g. a role with fewer rights than the superuser.
func (c *Cluster) URLAs(dbName, user string) string {
	q := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "%2F", "/") }
	return "postgres:///" + url.PathEscape(dbName) +
		"?host=" + q(c.socketDir) + "&port=" + strconv.Itoa(c.port) + "&user=" + q(user)
}

// DataDir is the absolute data directory actually in use; it differs from
// the one given to Start only when Start had to relocate it (see Start).
func (c *Cluster) DataDir() string { return c.dataDir }

// Stop stops the server (pg_ctl stop -m fast) if this Cluster started it; a
// server that Start found already running is left alone for its owner.
// Calling Stop again is a no-op.
func (c *Cluster) Stop(ctx context.Context) error {
	if c == nil || !c.started {
		return nil
	}
	unlock, err := lock(ctx, c.lockFile)
	if err != nil {
		return err
	}
	defer unlock()
	if err := c.stop(ctx); err != nil {
		return err
	}
	c.started = false
	return nil
}

// StopDir stops whatever server runs on dataDir (also when Start relocated
// it), e.g. for a `make test` teardown. It returns nil if none runs or the
// dir does not exist.
func StopDir(ctx context.Context, dataDir string) error {
	want, err := filepath.Abs(dataDir)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	var dirs []string
	for _, d := range []string{want, relocatedDataDir(want)} {
		if _, err := os.Stat(filepath.Join(d, "PG_VERSION")); err == nil {
			dirs = append(dirs, d)
		}
	}
	if len(dirs) == 0 {
		return nil
	}
	binDir, err := FindBinaries()
	if err != nil {
		return err
	}
	unlock, err := lock(ctx, lockPath(want))
	if err != nil {
		return err
	}
	defer unlock()
	for _, d := range dirs {
		owner, err := ownerOf(d) // whoever ran it, not whoever we would pick today
		if err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		c := &Cluster{binDir: binDir, dataDir: d, user: owner}
		if err := c.stop(ctx); err != nil {
			return err
		}
	}
	return nil
}

// prepare creates the data dir, socket dir and log file and, as root, hands
// them to the server user, which must be able to write them.
func (c *Cluster) prepare() error {
	if err := os.Mkdir(c.dataDir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("pgcluster: create data dir: %w", err)
	}
	if fi, err := os.Stat(c.dataDir); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	} else if c.user != nil && !c.user.owns(fi) {
		if err := c.user.chownTree(c.dataDir); err != nil {
			return fmt.Errorf("pgcluster: give data dir to OS user %s: %w", c.user.name, err)
		}
	}
	if err := privateDir(c.socketDir, 0o700, c.user); err != nil {
		return err
	}
	f, err := os.OpenFile(c.logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("pgcluster: create server log: %w", err)
	}
	f.Close()
	if err := c.user.chown(c.logFile); err != nil {
		return fmt.Errorf("pgcluster: give %s to OS user %s: %w", c.logFile, c.user.name, err)
	}
	return nil
}

// waitReady waits until the server accepts connections. It re-reads
// postmaster.pid each round because a reused server may still be starting
// and its socket dir (written there once listening) is the one to trust.
func (c *Cluster) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	var last error
	for {
		if info, err := readPidFile(c.dataDir); err != nil {
			last = err
		} else {
			c.socketDir, c.port = info.socketDir, info.port
			if last = c.ping(ctx); last == nil {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pgcluster: PostgreSQL on %s does not accept connections: %w; see %s", c.dataDir, last, c.logFile)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (c *Cluster) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return conn.Ping(ctx)
}

// createDB creates database name unless it exists.
func (c *Cluster) createDB(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("pgcluster: connect to create database %q: %w", name, err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("pgcluster: look up database %q: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	if pgErr := (*pgconn.PgError)(nil); errors.As(err, &pgErr) && pgErr.Code == "42P04" {
		return nil // duplicate_database: someone outside our lock made it first
	}
	if err != nil {
		return fmt.Errorf("pgcluster: create database %q: %w", name, err)
	}
	return nil
}
