//go:build unix

// This file drives the server programs: initdb and pg_ctl start/stop/status.

package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// initdb creates the cluster: DB superuser "portal", trust auth (only the
// 0700 unix socket is reachable), UTF-8.
func (c *Cluster) initdb(ctx context.Context) error {
	if entries, _ := os.ReadDir(c.dataDir); len(entries) > 0 {
		return fmt.Errorf("pgcluster: %s is not empty but holds no PostgreSQL cluster (no PG_VERSION); remove it or choose another data dir", c.dataDir)
	}
	var out string
	var err error
	// C.UTF-8 sorts and classifies like C but speaks UTF-8; not every system
	// ships it (e.g. macOS), and plain C works everywhere.
	for _, locale := range []string{"C.UTF-8", "C"} {
		if err := c.prepare(); err != nil { // a failed initdb empties the dir
			return err
		}
		out, err = c.run(ctx, "initdb", "-D", c.dataDir, "-U", dbUser, "--auth=trust", "-E", "UTF8", "--locale="+locale)
		if err == nil {
			return nil
		}
	}
	return fmt.Errorf("pgcluster: initdb %s failed: %w: %s", c.dataDir, err, lastLines(out, 3))
}

// start launches the server via pg_ctl, which detaches it (own session,
// output to the log file) and waits until it is ready.
func (c *Cluster) start(ctx context.Context) error {
	opts := strings.Join([]string{
		"-c listen_addresses=''", // no TCP at all
		"-c port=" + strconv.Itoa(c.port),
		"-c unix_socket_directories=" + shellQuote(c.socketDir),
		"-c unix_socket_permissions=0700",
		"-c shared_buffers=128MB",
	}, " ")
	out, err := c.run(ctx, "pg_ctl", "start", "-D", c.dataDir, "-l", c.logFile,
		"-w", "-t", strconv.Itoa(int(readyTimeout.Seconds())), "-s", "-o", opts)
	if err != nil {
		log, _ := os.ReadFile(c.logFile)
		return fmt.Errorf("pgcluster: start PostgreSQL on %s: %w: %s; server log %s says: %s",
			c.dataDir, err, lastLines(out, 2), c.logFile, lastLines(string(log), 3))
	}
	return nil
}

// stop stops the server if it runs (fast mode: roll back open transactions).
func (c *Cluster) stop(ctx context.Context) error {
	if running, err := c.running(ctx); err != nil || !running {
		return err
	}
	out, err := c.run(ctx, "pg_ctl", "stop", "-D", c.dataDir, "-m", "fast",
		"-w", "-t", strconv.Itoa(int(readyTimeout.Seconds())), "-s")
	if err != nil {
		if running, _ := c.running(ctx); !running { // it went away meanwhile
			return nil
		}
		return fmt.Errorf("pgcluster: stop PostgreSQL on %s: %w: %s; if it hangs, kill the process whose pid is on the first line of %s",
			c.dataDir, err, lastLines(out, 2), filepath.Join(c.dataDir, "postmaster.pid"))
	}
	return nil
}

// running asks pg_ctl status: exit 0 = running, 3 = not running.
func (c *Cluster) running(ctx context.Context) (bool, error) {
	out, err := c.run(ctx, "pg_ctl", "status", "-D", c.dataDir)
	var exit *exec.ExitError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &exit) && exit.ExitCode() == 3:
		return false, nil
	}
	return false, fmt.Errorf("pgcluster: pg_ctl status on %s: %w: %s; check that the data dir is readable by the server's OS user", c.dataDir, err, lastLines(out, 2))
}

// run runs one of the server programs as the cluster's OS user, from the
// data dir's parent (reachable by that user, unlike e.g. /root), and returns
// its combined output.
func (c *Cluster) run(ctx context.Context, prog string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.binDir, prog), args...)
	cmd.Dir = filepath.Dir(c.dataDir)
	c.user.prepare(cmd)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	// pg_ctl start leaves a daemon behind; should it ever keep our output
	// pipe open, don't wait for it forever.
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	return out.String(), err
}

// shellQuote quotes s for /bin/sh: pg_ctl passes -o through a shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// lastLines returns the last n non-empty lines of s joined on one line, to
// keep error messages short but useful.
func lastLines(s string, n int) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			keep = append(keep, l)
		}
	}
	if len(keep) > n {
		keep = keep[len(keep)-n:]
	}
	return strings.Join(keep, " | ")
}
