package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
)

// Bad JSON input is rejected with its path and a plain reason, and nothing of the file is stored.
func TestBadJSONIsRejectedWholeWithItsPath(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	good := `{"ocid":"ocds-bad-0","id":"ok","date":"2024-01-01T00:00:00Z","tag":["tender"],"tender":{"title":"路燈維護"}}`
	rel := func(extra string) string {
		return `{"ocid":"ocds-bad-1","id":"r1","date":"2024-01-01T00:00:00Z","tag":["tender"],"tender":{"title":"道路"` + extra + `}}`
	}
	cases := map[string]struct{ body, where, why string }{
		"truncated":        {good + "\n" + `{"ocid":"ocds-bad-1","id":"r1","date":"2024-01`, "line 3", "not JSON"},
		"amount as text":   {rel(`,"value":{"amount":"一百萬","currency":"TWD"}`), "line 2.tender.value.amount", `must be a number, not "一百萬"`},
		"huge amount":      {rel(`,"value":{"amount":1e400,"currency":"TWD"}`), "line 2.tender.value.amount", "not a usable number"},
		"too large":        {rel(`,"value":{"amount":123456789012345678901,"currency":"TWD"}`), "line 2.tender.value.amount", "too large"},
		"negative":         {rel(`,"value":{"amount":-5000,"currency":"TWD"}`), "line 2.tender.value.amount", "negative"},
		"tenderers":        {rel(`,"numberOfTenderers":"三"`), "line 2.tender.numberOfTenderers", "must be a number"},
		"date that is not": {rel(`,"tenderPeriod":{"endDate":"2024-02-30T17:00:00+08:00"}`), "line 2.tender.tenderPeriod.endDate", "not a date-time that exists"},
		"release date":     {`{"ocid":"ocds-bad-1","id":"r1","date":"2023-02-29T00:00:00Z"}`, "line 2", "not an RFC 3339 date-time"},
		"conflicting ids":  {rel(`,"value":{"amount":5}`) + "\n" + rel(`,"value":{"amount":6}`), "line 3", `differs from the one at line 2`},
		"NUL in an identifier": {`{"ocid":"ocds-bad-1","id":"r1","date":"2024-01-01T00:00:00Z","buyer":{"identifier":{"scheme":"TW-GOV","id":"3.8\u00007"},"name":"甲"}}`,
			"line 2.buyer.identifier.id", "NUL character"},
		"NUL in a list": {rel(`,"submissionMethod":["electronic","\u0000"]`), "line 2.tender.submissionMethod[1]", "NUL character"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			rep, err := File(ctx, db, strings.NewReader(good+"\n"+c.body), name+".jsonl", Options{})
			if !errors.Is(err, ErrRejected) || rep == nil || rep.Stored {
				t.Fatalf("err %v, report %+v: want a rejected file", err, rep)
			}
			found := false
			for _, r := range rep.Rejected { // line 1 is the good release every file starts with
				found = found || (strings.HasPrefix(r.Where, c.where) && strings.Contains(r.Reason, c.why))
			}
			if !found {
				t.Errorf("no rejection at %s saying %q: %+v", c.where, c.why, rep.Rejected)
			}
			var n int
			db.QueryRow(ctx, `SELECT count(*) FROM procurement_releases`).Scan(&n)
			if n != 0 {
				t.Errorf("%d release(s) stored from a rejected file", n)
			}
		})
	}
}

// A Big5 file declared (as all JSON is) UTF-8 is refused at its first bad line, even when its
// characters are cut across reads.
func TestBig5JSONIsRefused(t *testing.T) {
	db := testdb.New(t)
	body := "{\"ocid\":\"ocds-b5-1\",\"id\":\"r1\",\"date\":\"2024-01-01T00:00:00Z\",\"tender\":{\"title\":\"路燈\"}}\n" +
		"{\"ocid\":\"ocds-b5-2\",\"id\":\"r1\",\"date\":\"2024-01-01T00:00:00Z\",\"tender\":{\"title\":\"\xbc\xd0\xae\xd7\"}}\n"
	rep, err := File(context.Background(), db, iotest.OneByteReader(strings.NewReader(body)), "big5.json", Options{})
	if rep != nil || err == nil || !strings.Contains(err.Error(), "line 2 is not valid UTF-8") {
		t.Fatalf("Big5 JSON: %+v, %v", rep, err)
	}
	// Valid UTF-8 read one byte at a time passes whole.
	var out bytes.Buffer
	if _, err := out.ReadFrom(utf8Only(iotest.OneByteReader(strings.NewReader("路燈\n維護 ok")))); err != nil || out.String() != "路燈\n維護 ok" {
		t.Errorf("utf8Only changed valid text: %q, %v", out.String(), err)
	}
}

// Every real file of the outside test data in testdata/ imports whole: the checks reject mistakes, not real data.
func TestEverySharedFileImportsWhole(t *testing.T) {
	db := testdb.New(t)
	for _, dir := range []string{"ocds", "pcc"} {
		files, _ := filepath.Glob(filepath.Join(testdata.Dir(t, dir), "*.json"))
		if len(files) == 0 {
			t.Fatalf("no %s test files", dir)
		}
		for _, path := range files {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := File(context.Background(), db, f, path, Options{OCIDPrefix: "ocds-twpcc"})
			f.Close()
			if err != nil || !rep.Stored || rep.Releases == 0 {
				t.Errorf("%s: %v, %+v", filepath.Base(path), err, rep)
			}
		}
	}
}

// A CSV file of thousands of processes is stored whole, in one transaction through the bulk path.
func TestALargeCSVFileImportsWhole(t *testing.T) {
	db := testdb.New(t)
	var b strings.Builder
	b.WriteString("標案案號,機關代碼,機關名稱,標案名稱,決標日期,決標金額,得標廠商統一編號,得標廠商\n")
	const n = 8000
	for i := range n {
		fmt.Fprintf(&b, "L%05d,3.76.47,臺中市政府建設局,道路維護第%d標,113/03/01,1000000,12345678,大甲營造有限公司\n", i, i)
	}
	rep, err := File(context.Background(), db, strings.NewReader(b.String()), "large.csv", Options{OCIDPrefix: "ocds-twpcc"})
	if err != nil || !rep.Stored || rep.Saved.ProcessesCreated != n {
		t.Fatalf("large CSV: %v, %+v", err, rep)
	}
}
