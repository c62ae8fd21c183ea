//go:build unix

package pgcluster

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// port only names the socket file (.s.PGSQL.5432): with no TCP listener, two
// clusters never clash as long as their socket directories differ.
const port = 5432

// maxSocketPath is the longest socket path we accept: sun_path holds 108
// bytes on Linux and 104 on macOS, including the terminating NUL.
const maxSocketPath = 103

// socketDirFor picks where the server puts its socket: "<data>-run" next to
// the data dir (./var/pg -> ./var/pg-run), one per cluster so clusters
// sharing ./var do not collide. If that path is too long for a unix socket,
// or holds characters the unix_socket_directories list syntax would split
// on, it uses a short private dir under os.TempDir() named from a hash of
// the data dir, so every process computes the same place.
func socketDirFor(dataDir string) string {
	d := filepath.Join(filepath.Dir(dataDir), filepath.Base(dataDir)+"-run")
	if fitsSocket(d) && !strings.ContainsAny(d, `,"`) {
		return d
	}
	d = filepath.Join(os.TempDir(), "pgsock-"+shortHash(dataDir))
	if !fitsSocket(d) { // absurdly long TMPDIR
		d = filepath.Join("/tmp", "pgsock-"+shortHash(dataDir))
	}
	return d
}

func fitsSocket(dir string) bool {
	return len(filepath.Join(dir, ".s.PGSQL."+strconv.Itoa(port))) <= maxSocketPath
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// privateDir makes dir (if missing) with mode perm and gives it to owner.
// Because such dirs may live in a shared /tmp under a predictable name, an
// existing one must be a real directory (not a symlink) that we or owner
// already own; anything else could be a trap set by another user.
func privateDir(dir string, perm fs.FileMode, owner *osUser) error {
	if err := os.Mkdir(dir, perm); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("pgcluster: create %s: %w", dir, err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if !fi.IsDir() || !(owner.owns(fi) || fileUID(fi) == uint32(os.Geteuid())) {
		return fmt.Errorf("pgcluster: %s exists but is not a directory owned by us; remove it and retry", dir)
	}
	if err := os.Chmod(dir, perm); err != nil { // Mkdir's mode is cut by the umask
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := owner.chown(dir); err != nil {
		return fmt.Errorf("pgcluster: give %s to OS user %s: %w", dir, owner.name, err)
	}
	return nil
}

// pidInfo is what a running server reports in postmaster.pid: the socket
// directory it really uses (line 5), its port (line 4) and its TCP listen
// addresses (line 6, empty when there is no TCP listener).
type pidInfo struct {
	socketDir string
	port      int
	listen    string
}

func readPidFile(dataDir string) (pidInfo, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return pidInfo{}, err
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 6 || strings.TrimSpace(lines[4]) == "" {
		return pidInfo{}, errors.New("postmaster.pid is not complete yet")
	}
	p, err := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err != nil {
		return pidInfo{}, fmt.Errorf("postmaster.pid: bad port: %w", err)
	}
	return pidInfo{socketDir: strings.TrimSpace(lines[4]), port: p, listen: strings.TrimSpace(lines[5])}, nil
}
