package portal

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/importer"
)

// importDirty imports, as `portal import procurement` does, a publisher's file full of nulls and
// empty values, with one release that stays invalid after cleaning (a tender in NTD, in 2023).
func importDirty(t *testing.T, pool importer.Beginner) *importer.Report {
	t.Helper()
	const name = "project_release-package_dirty-values.json"
	f, err := os.Open(filepath.Join(testdata.Dir(t, "ocds"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := importer.File(context.Background(), pool, f, name, importer.Options{})
	if err != nil || !rep.Stored {
		t.Fatalf("%s: %v, %+v", name, err, rep)
	}
	return rep
}

// A publisher's nulls and empty values are cleaned away: the tender page's JSON, the API and the
// 2022 package are valid. The 2023 package, whose release stays invalid, is withheld: /opendata names
// the process, the field and the schema's message, its download is refused with a page saying so,
// and every other file is served. Importing the file again changes nothing.
func TestDirtyImportPublishesOnlyValidPackages(t *testing.T) {
	pool := testdb.New(t)
	importDirty(t, pool)
	h := newRouter(t, pool)
	pkgSchema, relSchema := ocdsSchemas(t)
	const clean, invalid = "ocds-projectdv-111-001", "ocds-projectdv-112-001"

	page := get(t, h, "zh-TW", "/procurement/tenders/"+clean+".json")
	if page.status != 200 || strings.Contains(page.body, "submissionMethod") || strings.Contains(page.body, `""`) ||
		strings.Contains(page.body, "null") {
		t.Errorf("tender page JSON: %d %s", page.status, page.body)
	}
	validate(t, relSchema, "the tender page's JSON", page.body)
	var api apiTender
	if a := get(t, h, "en", "/api/v1/tenders/"+clean); a.status != 200 || json.Unmarshal([]byte(a.body), &api) != nil {
		t.Fatalf("API: %d %s", a.status, a.body)
	}
	validate(t, relSchema, "the API's compiled release", string(api.CompiledRelease))
	if got := apiTenderOf(t, h, clean).SupplierIDs; strings.Join(got, ",") != "TW-UBN-12345675,TW-UBN-24681357" {
		t.Errorf("suppliers with null fields: %v", got)
	}

	pkg := get(t, h, "zh-TW", "/opendata/ocds/2022.json")
	if pkg.status != 200 || !strings.Contains(pkg.body, clean) {
		t.Fatalf("2022 package: %d %.300s", pkg.status, pkg.body)
	}
	validate(t, pkgSchema, "the 2022 package", pkg.body)

	for _, c := range []struct{ lang, heading, refused string }{
		{"zh-TW", "暫停提供的發布包", "這個發布包暫停提供"},
		{"en", "Withheld packages", "This package is withheld"},
	} {
		od := get(t, h, c.lang, "/opendata")
		od.mustContain(t, "/opendata in "+c.lang, c.heading, `href="/opendata/ocds/2022.json"`, invalid,
			`href="/procurement/tenders/`+invalid+`"`, "<code>/tender/value/currency</code>", "value must be one of")
		if strings.Contains(od.body, `href="/opendata/ocds/2023.json"`) {
			t.Errorf("/opendata in %s links the withheld 2023 package", c.lang)
		}
		refused := get(t, h, c.lang, "/opendata/ocds/2023.json")
		if refused.status != 409 || refused.header.Get("Content-Disposition") != "" {
			t.Errorf("2023 package in %s: %d, %v", c.lang, refused.status, refused.header)
		}
		refused.mustContain(t, "the refusal in "+c.lang, c.refused, invalid, "/tender/value/currency")
	}
	for _, f := range []string{"/opendata/procurement-tenders.csv", "/opendata/procurement-tenders.json",
		"/opendata/procurement-compiled-releases.jsonl"} {
		if a := get(t, h, "zh-TW", f); a.status != 200 || !strings.Contains(a.body, invalid) {
			t.Errorf("%s: %d", f, a.status)
		}
	}

	rep := importDirty(t, pool)
	if rep.Saved.Unchanged != rep.Releases || rep.Saved.ProcessesUpdated != 0 {
		t.Errorf("importing again: %+v", rep.Saved)
	}
}

// A superuser who edits a stored compiled release does not get it published as it is: the process
// is checked again (and cleaned) before its year's package is served; an edit cleaning cannot make
// valid withholds the year, and the page names it.
func TestReleaseEditedInTheDatabaseIsNotPublished(t *testing.T) {
	pool := testdb.New(t)
	importDirty(t, pool)
	h := newRouter(t, pool)
	owner := testdb.AsOwner(t, pool)
	pkgSchema, _ := ocdsSchemas(t)
	const ocid = "ocds-projectdv-111-001"
	if a := get(t, h, "en", "/opendata/ocds/2022.json"); a.status != 200 {
		t.Fatalf("2022 package before the edits: %d", a.status)
	}
	edit := func(set string) {
		t.Helper()
		if _, err := owner.Exec(t.Context(), `UPDATE procurement_processes SET compiled = `+set+` WHERE ocid = $1`, ocid); err != nil {
			t.Fatal(err)
		}
	}

	edit(`jsonb_set(compiled, '{tender,submissionMethod}', '[null]')`)
	pkg := get(t, h, "en", "/opendata/ocds/2022.json")
	if pkg.status != 200 || strings.Contains(pkg.body, "submissionMethod") {
		t.Errorf("2022 package after an edit to [null]: %d %.300s", pkg.status, pkg.body)
	}
	validate(t, pkgSchema, "the 2022 package after an edit to [null]", pkg.body)

	edit(`jsonb_set(compiled, '{tender,status}', '"finished"')`)
	refused := get(t, h, "en", "/opendata/ocds/2022.json")
	if refused.status != 409 {
		t.Fatalf("2022 package after an edit to a status not in the codelist: %d %.300s", refused.status, refused.body)
	}
	refused.mustContain(t, "the refusal", ocid, "/tender/status")
	get(t, h, "zh-TW", "/opendata").mustContain(t, "/opendata after the edit", ocid, "<code>/tender/status</code>")
}
