package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/store"
)

// importFile imports a file of testdata/ocds/ and fails t unless it is stored whole.
func importFile(t *testing.T, db Beginner, name string) *Report {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata.Dir(t, "ocds"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := File(context.Background(), db, f, name, Options{})
	if err != nil || !rep.Stored {
		t.Fatalf("%s: %v, %+v", name, err, rep)
	}
	return rep
}

// A record package as real publishers write it, each compiledRelease with the id of the release it
// was compiled from, imports whole: a record's releases are its process, its compiledRelease is no
// release of its own, and importing the file again changes nothing.
func TestRecordPackageWhoseCompiledReleaseSharesItsReleaseID(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	const name = "project_record-package_compiled-release-shares-id.json"
	rep := importFile(t, db, name)
	if rep.Releases != 3 || rep.Saved.Inserted != 3 || rep.Saved.ProcessesCreated != 2 {
		t.Errorf("first import: %+v", rep)
	}
	var ids []string
	rows, _ := db.Query(ctx, `SELECT ocid || ' ' || release_id FROM procurement_releases ORDER BY 1`)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		ids = append(ids, s)
	}
	if strings.Join(ids, ", ") != "ocds-07smqs-993235 993235, ocds-07smqs-993236 993236-award, ocds-07smqs-993236 993236-tender" {
		t.Errorf("stored releases: %q", ids)
	}
	d, err := store.Tender(ctx, db, "ocds-07smqs-993236")
	if err != nil || d.Title != "ADQUISICIÓN DE EQUIPO DE CÓMPUTO" || d.ReleaseCount != 2 || len(d.Awards) != 1 || deref(d.Status) != "complete" {
		t.Errorf("merged process: %+v, %v", d, err)
	}
	again := importFile(t, db, name)
	if again.Saved.Unchanged != 3 || again.Saved.Inserted+again.Saved.Updated+again.Saved.ProcessesCreated+again.Saved.ProcessesUpdated != 0 {
		t.Errorf("re-import changed something: %+v", again.Saved)
	}
}

// A record that embeds no release gives its compiledRelease as its process, beside linked releases
// or without any, and importing it again changes nothing.
func TestRecordWithOnlyACompiledRelease(t *testing.T) {
	db := testdb.New(t)
	const name = "project_record-package_compiled-release-only.json"
	rep := importFile(t, db, name)
	if rep.Releases != 2 || rep.Saved.ProcessesCreated != 2 {
		t.Errorf("first import: %+v", rep)
	}
	d, err := store.Tender(context.Background(), db, "ocds-07smqs-1000001")
	if err != nil || d.Title != "Adquisición de medicamentos para el año 2020" || len(d.Awards) != 1 ||
		len(d.Awards[0].Suppliers) != 1 || d.Awards[0].Suppliers[0].Name != "Medicamentos Ñandú, S.A." {
		t.Errorf("process: %+v, %v", d, err)
	}
	if again := importFile(t, db, name); again.Saved.Unchanged != 2 || again.Saved.ProcessesUpdated != 0 {
		t.Errorf("re-import changed something: %+v", again.Saved)
	}
}

// A record whose release or compiledRelease belongs to another process, and a record of linked
// releases alone, are refused with their paths and reasons in both languages, and nothing is stored.
func TestRecordsThatCannotBeAProcessAreRefused(t *testing.T) {
	db := testdb.New(t)
	rel := func(ocid, id string) string {
		return `{"ocid":"` + ocid + `","id":"` + id + `","date":"2024-01-01T00:00:00Z","tag":["compiled"],"tender":{"title":"道路"}}`
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ body, where, why, code, zh string }{
		"compiledRelease of another ocid": {`{"records":[{"ocid":"ocds-r-1","compiledRelease":` + rel("ocds-r-2", "1") + `}]}`,
			"records[0].compiledRelease", `release ocid "ocds-r-2" is not its record's ocid "ocds-r-1"`, "json.record_ocid",
			"發行資料的 ocid「ocds-r-2」不是所屬紀錄的 ocid「ocds-r-1」"},
		"release of another ocid": {`{"records":[{"ocid":"ocds-r-1","releases":[` + rel("ocds-r-2", "1") + `],"compiledRelease":` + rel("ocds-r-1", "1") + `}]}`,
			"records[0].releases[0]", `is not its record's ocid`, "json.record_ocid", "不是所屬紀錄的 ocid"},
		"only linked releases": {`{"records":[{"ocid":"ocds-r-1","releases":[{"url":"https://example.org/r.json"}],"versionedRelease":{}}]}`,
			"records[0]", "only linked releases", "json.record_linked_only", "只有連結式發行資料"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			good := `{"records":[{"ocid":"ocds-r-0","releases":[` + rel("ocds-r-0", "a") + `]}]}` + "\n"
			rep, err := File(context.Background(), db, strings.NewReader(good+c.body+"\n"), "records.jsonl", Options{})
			if !errors.Is(err, ErrRejected) || rep == nil || rep.Stored || len(rep.Rejected) != 1 {
				t.Fatalf("err %v, report %+v: want one rejection", err, rep)
			}
			r := rep.Rejected[0]
			if r.Where != "line 2: "+c.where || !strings.Contains(r.Reason, c.why) || len(r.Problems) != 1 || r.Problems[0].Code != c.code {
				t.Errorf("rejection %+v, want %s: %q (%s)", r, c.where, c.why, c.code)
			}
			for lang, want := range map[i18n.Lang]string{i18n.ZhTW: c.zh, i18n.En: c.why} {
				if got := r.Problems.In(translator{cat, lang}); !strings.Contains(got, want) {
					t.Errorf("%s: %q, want %q", lang, got, want)
				}
			}
			var n int
			db.QueryRow(context.Background(), `SELECT count(*) FROM procurement_releases`).Scan(&n)
			if n != 0 {
				t.Errorf("%d release(s) stored from a refused file", n)
			}
		})
	}
}

// translator renders messages of one language.
type translator struct {
	cat  i18n.Catalogues
	lang i18n.Lang
}

func (t translator) T(key string, args ...any) string { return t.cat.T(t.lang, key, args...) }
