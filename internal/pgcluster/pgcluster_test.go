//go:build unix

package pgcluster

import (
	"integrity-portal/internal/testdata"

	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestMissingBinariesMessage(t *testing.T) {
	notFound := func(string) (string, error) { return "", exec.ErrNotFound }
	_, err := findBinaries(notFound, filepath.Join(t.TempDir(), "*", "bin"))
	if err == nil {
		t.Fatal("findBinaries found binaries in an empty dir")
	}
	msg := err.Error()
	t.Log(msg)
	if !errors.Is(err, ErrNoBinaries) {
		t.Errorf("error does not match ErrNoBinaries: %v", err)
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("message is not one line: %q", msg)
	}
	wants := []string{"initdb", "pg_ctl", "install them with: ", "DATABASE_URL"}
	if runtime.GOOS == "linux" {
		wants = append(wants, "sudo apt-get install postgresql  (or set DATABASE_URL)")
	}
	for _, want := range wants {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
}

func TestFindBinariesPicksNewestComplete(t *testing.T) {
	root := t.TempDir()
	mk := func(version string, progs ...string) {
		dir := filepath.Join(root, version, "bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, p := range progs {
			if err := os.WriteFile(filepath.Join(dir, p), []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk("9.6", required...)
	mk("15", required...)
	mk("16", "initdb", "pg_ctl") // incomplete: no postgres
	notFound := func(string) (string, error) { return "", exec.ErrNotFound }
	got, err := findBinaries(notFound, filepath.Join(root, "*", "bin"))
	if want := filepath.Join(root, "15", "bin"); err != nil || got != want {
		t.Fatalf("findBinaries = %q, %v; want %q", got, err, want)
	}
}

func TestSocketDirFor(t *testing.T) {
	if got, want := socketDirFor("/srv/app/var/pg"), "/srv/app/var/pg-run"; got != want {
		t.Errorf("short path: got %q, want %q", got, want)
	}
	long := "/" + strings.Repeat("d", 120) + "/var/pg"
	got := socketDirFor(long)
	if underTmp := strings.HasPrefix(got, os.TempDir()) || strings.HasPrefix(got, "/tmp"); !underTmp || !fitsSocket(got) {
		t.Errorf("long path: got %q, want a short dir under %s", got, os.TempDir())
	}
	if socketDirFor(long) != got {
		t.Error("socket dir is not stable for one data dir")
	}
}

// requireBinaries fails integration tests on machines without PostgreSQL, with the fix.
func requireBinaries(t *testing.T) {
	t.Helper()
	if _, err := FindBinaries(); err != nil {
		testdata.Missing(t, "PostgreSQL", err.Error())
	}
}

// reachableDir is a temp dir the unprivileged postgres user can traverse
// when the tests run as root (t.TempDir and its parent are 0700).
func reachableDir(t *testing.T) string {
	d := t.TempDir()
	for _, p := range []string{filepath.Dir(d), d} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// start starts a cluster and registers a cleanup that stops whatever runs
// on dataDir, even if the test fails half-way.
func start(t *testing.T, dataDir string) *Cluster {
	t.Helper()
	t.Cleanup(func() {
		if err := StopDir(context.Background(), dataDir); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := Start(ctx, dataDir, "portal", slog.New(slog.NewTextHandler(t.Output(), nil)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func connect(t *testing.T, c *Cluster) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL("portal"))
	if err != nil {
		t.Fatalf("connect %s: %v", c.URL("portal"), err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}

func scalar[T any](t *testing.T, conn *pgx.Conn, sql string) T {
	t.Helper()
	var v T
	if err := conn.QueryRow(context.Background(), sql).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

func exec1(t *testing.T, conn *pgx.Conn, sql string) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func isRunning(t *testing.T, c *Cluster) bool {
	t.Helper()
	running, err := c.running(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return running
}

func TestStartStopReuse(t *testing.T) {
	requireBinaries(t)
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(reachableDir(t), "var", "pg")

	c1 := start(t, dir)
	if !c1.started {
		t.Fatal("first Start did not start the server")
	}
	conn := connect(t, c1)
	if got := scalar[int](t, conn, "SELECT 1"); got != 1 {
		t.Fatalf("SELECT 1 = %d", got)
	}
	if got := scalar[string](t, conn, "SHOW listen_addresses"); got != "" {
		t.Errorf("listen_addresses = %q, want '' (no TCP)", got)
	}
	if info, err := readPidFile(c1.DataDir()); err != nil || info.listen != "" {
		t.Errorf("postmaster.pid listen line = %q, %v; want empty", info.listen, err)
	}
	exec1(t, conn, "CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)")
	conn.Close(ctx)
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "pg.log")); err != nil {
		t.Errorf("server log: %v", err)
	}

	// A second Start on a running server reuses it, and its Stop leaves it up.
	c2 := start(t, dir)
	if c2.started {
		t.Error("second Start claims to have started an already running server")
	}
	if err := c2.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if !isRunning(t, c1) {
		t.Fatal("Stop of a reusing Cluster stopped the server")
	}

	if err := c1.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if isRunning(t, c1) {
		t.Fatal("server still runs after Stop")
	}
	if err := c1.Stop(ctx); err != nil {
		t.Fatalf("second Stop: %v", err)
	}

	// Restart on the same dir: no initdb, data kept.
	c3 := start(t, dir)
	if !c3.started {
		t.Error("Start after Stop did not start the server")
	}
	if got := scalar[int](t, connect(t, c3), "SELECT x FROM kept"); got != 42 {
		t.Errorf("kept.x = %d after restart, want 42", got)
	}
	if err := c3.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentStartAndStopDir(t *testing.T) {
	requireBinaries(t)
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(reachableDir(t), "var", "pg")

	t.Cleanup(func() { StopDir(ctx, dir) })
	var wg sync.WaitGroup
	clusters, errs := make([]*Cluster, 2), make([]error, 2)
	for i := range clusters {
		wg.Go(func() { clusters[i], errs[i] = Start(ctx, dir, "portal", nil) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if clusters[0].started == clusters[1].started {
		t.Errorf("want exactly one starter, got started = %v, %v", clusters[0].started, clusters[1].started)
	}
	for _, c := range clusters {
		if got := scalar[int](t, connect(t, c), "SELECT 1"); got != 1 {
			t.Fatalf("SELECT 1 = %d", got)
		}
	}

	for range 2 { // idempotent
		if err := StopDir(ctx, dir); err != nil {
			t.Fatal(err)
		}
	}
	if isRunning(t, clusters[0]) {
		t.Fatal("server still runs after StopDir")
	}
	if err := StopDir(ctx, filepath.Join(t.TempDir(), "never-made")); err != nil {
		t.Errorf("StopDir on a missing dir: %v", err)
	}
}

func TestLongPathUsesShortSocketDir(t *testing.T) {
	requireBinaries(t)
	t.Parallel()
	dir := reachableDir(t)
	for len(dir) < 110 {
		dir = filepath.Join(dir, "a-rather-long-directory-name")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(dir, "pg")

	c := start(t, dir)
	t.Cleanup(func() { os.RemoveAll(c.socketDir) })
	if strings.HasPrefix(c.socketDir, filepath.Dir(dir)) {
		t.Errorf("socket dir %s is next to the long data dir", c.socketDir)
	}
	if got := scalar[int](t, connect(t, c), "SELECT 1"); got != 1 {
		t.Fatalf("SELECT 1 = %d", got)
	}
}

// TestRootRelocatesUnreachableDataDir: root runs the server as another OS user, which cannot enter a
// 0700 directory, so the data moves; anyone else runs it as themselves, and it stays.
func TestRootRelocatesUnreachableDataDir(t *testing.T) {
	requireBinaries(t)
	t.Parallel()
	want := filepath.Join(t.TempDir(), "var", "pg") // t.TempDir is 0700: the server user cannot enter
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(relocatedDataDir(want))) })

	c := start(t, want)
	if os.Geteuid() != 0 {
		if c.DataDir() != want {
			t.Fatalf("not root: DataDir = %s; want %s, unmoved", c.DataDir(), want)
		}
		return
	}
	if c.DataDir() == want || !strings.HasPrefix(c.DataDir(), os.TempDir()) {
		t.Fatalf("DataDir = %s; want a relocated dir under %s", c.DataDir(), os.TempDir())
	}
	if got := scalar[int](t, connect(t, c), "SELECT 1"); got != 1 {
		t.Fatalf("SELECT 1 = %d", got)
	}
	if err := StopDir(context.Background(), want); err != nil {
		t.Fatal(err)
	}
	if isRunning(t, c) {
		t.Fatal("StopDir on the requested path left the relocated server running")
	}
}
