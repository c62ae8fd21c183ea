// Package testdata finds the outside test data kept in the repository's testdata/ directory (beside
// go.mod; its README gives each file's source, commit and licence), and reports anything a test needs
// that is missing.
//
// Invariant: a test never skips for want of a database, a browser or a file. Missing says what is
// missing with a one-line fix and fails the test; only an explicit `go test -short` (never used by
// `make test`) turns that into a skip.
package testdata

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns <repository>/testdata/sub, or fails the test when it is missing.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	dir, err := Find(sub)
	if err != nil {
		Missing(t, "test data "+sub, err.Error()+": restore it with git checkout -- testdata")
	}
	return dir
}

// Find returns <repository>/testdata/sub, or an error when it is missing: for optional uses such as
// fuzz seeds.
func Find(sub string) (string, error) {
	root, err := Root()
	if err != nil {
		return "", err
	}
	td := filepath.Join(root, "testdata", sub)
	if _, err := os.Stat(td); err != nil {
		return "", err
	}
	return td, nil
}

// Root returns the directory holding go.mod, walking up from the working directory.
func Root() (string, error) {
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
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Missing fails t because what a test needs is absent, with the one-line fix. Under -short, the
// developer's explicit opt-out, it skips instead.
func Missing(t testing.TB, what, fix string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("%s missing (-short): %s", what, fix)
	}
	t.Fatalf("%s missing: %s", what, fix)
}
