//go:build unix

package pgcluster

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// required are the server programs a cluster needs; they must come from one
// directory so their versions match.
var required = []string{"initdb", "pg_ctl", "postgres"}

// debianBinGlob is where Debian/Ubuntu packages put the server programs; they
// are not on PATH there.
const debianBinGlob = "/usr/lib/postgresql/*/bin"

// ErrNoBinaries is matched (errors.Is) by the error FindBinaries and Start
// return when the PostgreSQL server programs are not installed. Callers can
// use it to fall back to DATABASE_URL.
var ErrNoBinaries = errors.New("PostgreSQL server binaries not found")

// FindBinaries locates the directory holding initdb, pg_ctl and postgres:
// PATH first (following a symlinked initdb to its real directory), then
// /usr/lib/postgresql/*/bin, newest version first.
//
// If they are missing, the error is one line that says how to install them
// and matches ErrNoBinaries.
func FindBinaries() (binDir string, err error) {
	return findBinaries(exec.LookPath, debianBinGlob)
}

// findBinaries is FindBinaries with the PATH lookup and the glob injectable,
// so tests can simulate a machine without PostgreSQL.
func findBinaries(lookPath func(string) (string, error), glob string) (string, error) {
	var dirs []string
	if p, err := lookPath("initdb"); err == nil {
		// e.g. /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb:
		// the real directory holds the postgres of the same version.
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
		dirs = append(dirs, filepath.Dir(p))
	}
	versioned, _ := filepath.Glob(glob) // only fails on a malformed pattern
	slices.SortFunc(versioned, func(a, b string) int {
		return compareVersions(filepath.Base(filepath.Dir(b)), filepath.Base(filepath.Dir(a))) // newest first
	})
	dirs = append(dirs, versioned...)

	for _, d := range dirs {
		if hasAll(d) {
			return d, nil
		}
	}
	return "", &missingError{glob: glob, hint: installHint(runtime.GOOS, lookPath)}
}

func hasAll(dir string) bool {
	for _, name := range required {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
			return false
		}
	}
	return true
}

// compareVersions orders directory names like "9.6", "15" and "16" numerically.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return x - y
		}
	}
	return 0
}

// installHint names the install command for this machine's package manager.
func installHint(goos string, lookPath func(string) (string, error)) string {
	if goos == "darwin" {
		return "brew install postgresql@17"
	}
	if _, err := lookPath("dnf"); err == nil {
		return "sudo dnf install postgresql-server"
	}
	return "sudo apt-get install postgresql"
}

type missingError struct{ glob, hint string }

func (e *missingError) Error() string {
	return "PostgreSQL server binaries (" + strings.Join(required, ", ") + ") not found in PATH or " +
		e.glob + "; install them with: " + e.hint + "  (or set DATABASE_URL)"
}

func (e *missingError) Is(target error) bool { return target == ErrNoBinaries }
