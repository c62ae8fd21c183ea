package importer

import (
	"bytes"
	"testing"

	"integrity-portal/portal/procurement/ocds"
)

// FuzzReadJSON: any bytes give a report or an error, never a panic; accepted releases always have
// an ocid, and a file with rejections accepts nothing from the caller's point of view.
func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`{"ocid":"ocds-f-1","id":"r1","date":"2024-01-01T00:00:00Z","tender":{"value":{"amount":5}}}`))
	f.Add([]byte(`{"releases":[{"ocid":"ocds-f-1","date":"2024-02-30T00:00:00Z"}]}`))
	f.Add([]byte(`{"records":[{"detail":{"機關資料:機關代碼":"3.79.56"}}]}`))
	f.Add([]byte("{\"ocid\":\"\xbc\xd0\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var releases []ocds.Release
		rep, err := readJSON(bytes.NewReader(data), Options{OCIDPrefix: "ocds-fuzz"},
			func(r ocds.Release) error { releases = append(releases, r); return nil }, func() {})
		if err != nil {
			return
		}
		if rep.Releases != len(releases) || len(rep.Rejected) > MaxListed || len(rep.Rejected) > rep.RejectedTotal {
			t.Fatalf("inconsistent report %+v for %d releases", rep, len(releases))
		}
		for _, r := range releases {
			if r.OCID() == "" {
				t.Fatal("a release without an ocid was accepted")
			}
		}
	})
}
