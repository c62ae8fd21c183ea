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
	f.Add([]byte("機關資料:\n  機關代碼: 3.80.15\n採購資料:\n  標案案號: A1\n決標資料:\n  決標公告日期: 101/03/15\n"))
	f.Add([]byte(`[{"機關資料":{"機關代碼":"3.80.15"},"投標廠商":{"投標廠商":[{"廠商代碼":"1"}]}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var releases []ocds.Release
		k := detect(data[:min(len(data), headSize)], len(data) <= headSize, "fuzz.json")
		if k == kindUnknown || k == kindCSV {
			k = kindOCDS // the reader must not panic on anything
		}
		rep, err := readJSON(bytes.NewReader(data), k, Options{OCIDPrefix: "ocds-fuzz"},
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
