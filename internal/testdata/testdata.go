// Package testdata finds the outside test data that lives beside the repository, in
// ../shared/testdata (relative to the directory holding go.mod). Tests call Dir; under CI=true a
// missing directory fails the test, elsewhere it skips it with the reason.
package testdata

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns ../shared/testdata/sub, or fails (CI) or skips the test when it is missing.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	dir, err := Find(sub)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared test data missing: %v", err)
		}
		t.Skipf("shared test data missing: %v", err)
	}
	return dir
}

// Find returns ../shared/testdata/sub, or an error when it is missing: for optional uses such as fuzz seeds.
func Find(sub string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
	td := filepath.Join(dir, "..", "shared", "testdata", sub)
	if _, err := os.Stat(td); err != nil {
		return "", err
	}
	return td, nil
}
