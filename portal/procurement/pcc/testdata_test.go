package pcc

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// sampleFile is the g0v API document of shared/testdata/pcc: a tender notice (20190116) and an award
// notice (20190325) of case 1080107MH of 臺北市政府都市發展局 (3.79.56).
const sampleFile = "pcc-api_tender_3.79.56_1080107MH.json"

// testdataDir returns ../shared/testdata/pcc relative to the module root (the directory holding
// go.mod). If it is missing, the test fails under CI=true and is skipped otherwise.
func testdataDir(t testing.TB) string {
	t.Helper()
	dir, err := findTestdata()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared test data missing: %v", err)
		}
		t.Skipf("shared test data missing: %v", err)
	}
	return dir
}

// findTestdata walks up from the working directory (the package's, under go test) to go.mod, and
// returns ../shared/testdata/pcc from there if it exists.
func findTestdata() (string, error) {
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
			return "", errors.New("no go.mod above the package directory")
		}
		dir = parent
	}
	td := filepath.Join(dir, "..", "shared", "testdata", "pcc")
	if _, err := os.Stat(td); err != nil {
		return "", err
	}
	return td, nil
}

// testFile reads a file of the shared test data.
func testFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdataDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
