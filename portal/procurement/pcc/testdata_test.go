package pcc

import (
	"integrity-portal/internal/testdata"

	"os"
	"path/filepath"
	"testing"
)

// sampleFile is the g0v API document of testdata/pcc: a tender notice (20190116) and an award
// notice (20190325) of case 1080107MH of 臺北市政府都市發展局 (3.79.56).
const sampleFile = "pcc-api_tender_3.79.56_1080107MH.json"

// testdataDir returns testdata/pcc; see internal/testdata.
func testdataDir(t testing.TB) string { return testdata.Dir(t, "pcc") }

// testFile reads a file of the outside test data in testdata/.
func testFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdataDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
