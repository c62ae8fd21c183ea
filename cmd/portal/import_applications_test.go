package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
)

func TestImportApplicationsCommand(t *testing.T) {
	pool, url := testdb.NewWithURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PORTAL_VAR_DIR", t.TempDir())
	ctx := context.Background()
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := dispatch(ctx, append([]string{"import"}, args...), &out)
		return out.String(), err
	}
	sample := func(name string) string {
		return filepath.Join("..", "..", "portal", "applications", "testdata", name)
	}

	// Applications before their agencies are registered: refused, naming the line.
	out, err := run("applications", sample("applications.csv"))
	if err == nil || !strings.Contains(out, "15 rejected on 15 line(s), so nothing was stored") ||
		!strings.Contains(out, `rejected line 2, 機關代碼: "387000001A" is not a known agency`) {
		t.Fatalf("applications first: %v\n%s", err, out)
	}
	out, err = run("periods", sample("periods.csv"))
	if err != nil || !strings.Contains(out, "(periods, utf-8): 3 row(s) read, 3 period(s) new, 0 updated, 0 unchanged; 2 agency(ies) and 3 service(s) registered; 0 rejected") ||
		!strings.Contains(out, "note: 1 row(s) without a published period") || !strings.Contains(out, "statistics recomputed") {
		t.Fatalf("periods: %v\n%s", err, out)
	}
	out, err = run("calendar", "-encoding", "utf-8", sample("calendar.csv"))
	if err != nil || !strings.Contains(out, "(calendar, utf-8): 5 row(s) read, 5 day(s) new") || !strings.Contains(out, "note: in part") {
		t.Fatalf("calendar: %v\n%s", err, out)
	}
	out, err = run("applications", sample("applications.csv"))
	if err != nil || !strings.Contains(out, "15 application(s) new") ||
		!strings.Contains(out, "statistics recomputed as of") || !strings.Contains(out, ": 15 application(s)") {
		t.Fatalf("applications: %v\n%s", err, out)
	}
	// The calendar lists only a few days of 2024, none of the years since: the command says so.
	if !strings.Contains(out, "warning: no office calendar for [") {
		t.Errorf("no warning of calendar gaps:\n%s", out)
	}
	var cityRows int
	pool.QueryRow(ctx, `SELECT count(*) FROM application_stats WHERE agency_id = 0`).Scan(&cityRows)
	if cityRows == 0 {
		t.Error("no city-wide statistics")
	}

	// Again: nothing changes, and nothing is recomputed.
	out, err = run("applications", sample("applications.csv"))
	if err != nil || !strings.Contains(out, "0 application(s) new, 0 updated, 15 unchanged") || strings.Contains(out, "recomputed") {
		t.Errorf("applications again: %v\n%s", err, out)
	}

	// A file with applicant data is refused whole; a bad encoding option is refused before any file.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("機關代碼,機關名稱,申請項目代碼,申請項目,申請方式,收件日期,申請人姓名\n"), 0o600)
	if out, err := run("applications", bad); err == nil || !strings.Contains(out, `"申請人姓名" (a person's name)`) {
		t.Errorf("applicant data: %v\n%s", err, out)
	}
	if out, err := run("calendar", "-encoding", "latin1", bad); err == nil || !strings.Contains(err.Error(), `encoding "latin1"`) {
		t.Errorf("unknown encoding: %v\n%s", err, out)
	}
	if out, err := run("timetable", bad); err == nil || !strings.Contains(err.Error(), "procurement, applications, periods or calendar") {
		t.Errorf("unknown kind: %v\n%s", err, out)
	}
}
