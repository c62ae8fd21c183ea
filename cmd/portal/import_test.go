package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
)

func TestImportProcurement(t *testing.T) {
	pool, url := testdb.NewWithURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PORTAL_VAR_DIR", t.TempDir())
	ocdsDir, pccDir := testdata.Dir(t, "ocds"), testdata.Dir(t, "pcc")
	ctx := context.Background()
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := dispatch(ctx, append([]string{"import", "procurement"}, args...), &out)
		return out.String(), err
	}
	fictional := filepath.Join(ocdsDir, "ocp-fictional_release-package_ocds-213czf-000-00001.json")
	out, err := run(fictional)
	if err != nil || !strings.Contains(out, "6 release(s) accepted (6 new") || !strings.Contains(out, "1 process(es) new") {
		t.Fatalf("first import: %v\n%s", err, out)
	}
	out, _ = run(fictional)
	if !strings.Contains(out, "6 unchanged") || !strings.Contains(out, "0 process(es) new, 0 updated") {
		t.Errorf("second import is not idempotent:\n%s", out)
	}
	out, err = run(filepath.Join(pccDir, "pcc-api_tender_3.79.56_1080107MH.json"))
	if err != nil || !strings.Contains(out, "2 release(s) accepted") || !strings.Contains(out, "1 process(es) new") {
		t.Fatalf("notices: %v\n%s", err, out)
	}
	var processes int
	pool.QueryRow(ctx, `SELECT count(*) FROM procurement_processes`).Scan(&processes)
	if processes != 2 {
		t.Errorf("%d processes, want 2", processes)
	}

	// A file with a bad item: nothing of it is stored, and the bad item is reported with its line.
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte(`{"ocid":"ocds-test-1","id":"r1","date":"2026-01-01T00:00:00Z","tag":["tender"],"tender":{"title":"道路維護"}}
{"id":"r2","date":"2026-01-02T00:00:00Z"}
{"ocid":"ocds-test-2","id":"r3","date":"2026-01-03T00:00:00Z","tag":["tender"],"tender":{"title":"路燈更新"}}
`), 0o600)
	out, err = run(bad)
	if err == nil || !strings.Contains(out, "1 rejected, so nothing was stored") || !strings.Contains(out, "rejected line 2") {
		t.Errorf("bad item: %v\n%s", err, out)
	}
	pool.QueryRow(ctx, `SELECT count(*) FROM procurement_releases WHERE ocid LIKE 'ocds-test-%'`).Scan(&processes)
	if processes != 0 {
		t.Errorf("%d release(s) of a rejected file were stored", processes)
	}
	// An unreadable file is not imported at all, and the command says so.
	garbage := filepath.Join(t.TempDir(), "garbage.json")
	os.WriteFile(garbage, []byte("<html>not json</html>"), 0o600)
	if out, err := run(garbage); err == nil || !strings.Contains(out, "garbage.json: not imported: format not recognised: the importer reads OCDS") {
		t.Errorf("garbage: %v\n%s", err, out)
	}
	// Notices in g0v's older layout, a YAML stream: the notices of a new process.
	out, err = run(filepath.Join(pccDir, "project_g0v-older_notices.yaml"))
	if err != nil || !strings.Contains(out, "(notices): 2 release(s) accepted (2 new") || !strings.Contains(out, "1 process(es) new") {
		t.Errorf("older layout: %v\n%s", err, out)
	}
}

func TestImportProcurementCSV(t *testing.T) {
	_, url := testdb.NewWithURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PORTAL_VAR_DIR", t.TempDir())
	ctx := context.Background()
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := dispatch(ctx, append([]string{"import", "procurement"}, args...), &out)
		return out.String(), err
	}
	sample := filepath.Join("..", "..", "portal", "procurement", "csvimport", "testdata", "sample.csv")
	out, err := run(sample)
	if err != nil || !strings.Contains(out, "(csv, utf-8): 4 release(s) accepted (4 new") || !strings.Contains(out, "4 process(es) new") {
		t.Fatalf("sample: %v\n%s", err, out)
	}

	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.CSV") // the extension in any case
	os.WriteFile(bad, []byte("標案案號,機關代碼,機關名稱,標案名稱,決標日期\n113A,3.76.47,臺中市政府建設局,道路維護,113/02/30\n"), 0o600)
	out, err = run(bad)
	if err == nil || !strings.Contains(out, `rejected line 2, 決標日期: "113/02/30" is not a date: February 2024 has 29 days`) ||
		!strings.Contains(out, "bad.CSV: not imported: 1 problem(s) on 1 line(s); nothing imported") {
		t.Errorf("bad rows: %v\n%s", err, out)
	}
	big5 := filepath.Join(dir, "big5.csv")
	os.WriteFile(big5, []byte("\xbc\xd0\xae\xd7\xae\xd7\xb8\xb9\n"), 0o600) // 標案案號 in Big5
	if out, err := run("-encoding", "utf-8", big5); err == nil || !strings.Contains(out, "line 1 is not valid UTF-8") {
		t.Errorf("Big5 declared UTF-8: %v\n%s", err, out)
	}
	if out, err := run("-encoding", "latin1", sample); err == nil || !strings.Contains(err.Error(), `encoding "latin1"`) {
		t.Errorf("unknown encoding: %v\n%s", err, out)
	}
}
