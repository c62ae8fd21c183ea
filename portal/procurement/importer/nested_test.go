package importer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/problem"
	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
)

// The notices of case 1010102A in today's flat API layout and in g0v's older nested layout
// (testdata/README.md), with the number of notices each holds.
var nestedFiles = map[string]int{
	"project_g0v-older_award-notice.yaml": 1,
	"project_g0v-older_notices.yaml":      2,
	"project_g0v-older_award-notice.json": 1,
	"project_g0v-older_notices.json":      2,
}

const flatNotices = "project_pcc-api_1010102A.json"

func importPCCFile(t *testing.T, pool *pgxpool.Pool, name string) *Report {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata.Dir(t, "pcc"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := File(context.Background(), pool, f, name, Options{OCIDPrefix: twpcc})
	if err != nil || !rep.Stored || rep.Format != "notices" {
		t.Fatalf("%s: %v, %+v", name, err, rep)
	}
	return rep
}

func compiledOf(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var s string
	if err := pool.QueryRow(context.Background(), `SELECT compiled::text FROM procurement_processes WHERE ocid = 'ocds-twpcc-3.80.15-1010102A'`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Every shape of the older layout stores what the flat layout of the same notices stores: after the
// flat file, each is unchanged release for release, and so is importing it again; alone, the stream
// compiles to the flat file's compiled release.
func TestOlderLayoutStoresWhatTheFlatLayoutStores(t *testing.T) {
	flat := testdb.New(t)
	if rep := importPCCFile(t, flat, flatNotices); rep.Saved.Inserted != 2 {
		t.Fatalf("flat: %+v", rep.Saved)
	}
	want := compiledOf(t, flat)
	for name, n := range nestedFiles {
		for range 2 {
			if rep := importPCCFile(t, flat, name); rep.Releases != n || rep.Saved.Unchanged != n || rep.Saved.Inserted+rep.Saved.Updated != 0 {
				t.Errorf("%s after the flat file: %+v", name, rep.Saved)
			}
		}
	}
	nested := testdb.New(t)
	if rep := importPCCFile(t, nested, "project_g0v-older_notices.yaml"); rep.Saved.Inserted != 2 {
		t.Fatalf("stream: %+v", rep.Saved)
	}
	if got := compiledOf(t, nested); got != want {
		t.Errorf("compiled from the YAML stream:\n%s\nfrom the flat layout:\n%s", got, want)
	}
	if c := counts(t, nested); c != counts(t, flat) {
		t.Errorf("rows %v, flat %v", c, counts(t, flat))
	}
}

// A notice of the older layout that cannot be one is rejected with its place, and nothing of the
// file is stored.
func TestOlderLayoutRejectsWithThePlace(t *testing.T) {
	pool := testdb.New(t)
	doc := "機關資料:\n  機關代碼: 3.80.15\n採購資料:\n  標案案號: A1\n決標資料:\n  決標公告日期: 101/03/15\n---\n機關資料:\n  機關名稱: 甲\n"
	rep, err := File(context.Background(), pool, strings.NewReader(doc), "two.yaml", Options{OCIDPrefix: twpcc})
	if !errors.Is(err, ErrRejected) || rep == nil || rep.Stored || len(rep.Rejected) != 1 || rep.Rejected[0].Path != "notices[1]" ||
		rep.Rejected[0].Problems[0].Code != "nested.no_unit_id" {
		t.Fatalf("%v, %+v", err, rep)
	}
	if c := counts(t, pool); c != [3]int{} {
		t.Errorf("rows %v stored from a rejected file", c)
	}
}

// A file of no format the importer reads is answered ErrUnrecognised, whatever its name, never a
// decoder's complaint; a file of a format it reads keeps that format's own messages.
func TestUnrecognisedFilesAreAnsweredWithTheFormats(t *testing.T) {
	pool := testdb.New(t)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	unknown := map[string][]byte{
		"empty.json":          nil,
		"blank.csv":           []byte(" \n\r\n\t"),
		"image.png":           png,
		"image.csv":           png,
		"header.txt":          []byte("name,price\napple,3\n"),
		"random.yaml":         []byte("server:\n  port: 8080\n  hosts: [a, b]\n"),
		"list.yml":            []byte("- one\n- two\n"),
		"number.json":         []byte("42\n"),
		"text.json":           []byte(`"hello"`),
		"object.json":         []byte(`{"name": "not OCDS", "items": [1, 2]}`),
		"numbers.json":        []byte(`[1, 2, 3]`),
		"nul.bin":             []byte("\x00\x00\x00\x00"),
		"nul.json":            []byte("ab\x00cd\n"),
		"latin1.txt":          []byte("caf\xe9 \xff\xfe\n"),
		"utf16.json":          []byte("\xff\xfe{\x00\"\x00"),
		"workbook.xlsx":       []byte("PK\x03\x04\x14\x00\x06\x00"),
		"long-line.txt":       bytes.Repeat([]byte("x"), 50<<20),
		"long-line-named.csv": bytes.Repeat([]byte("長"), 20<<20),
	}
	for name, body := range unknown {
		rep, err := File(context.Background(), pool, bytes.NewReader(body), name, Options{OCIDPrefix: twpcc})
		if rep != nil || !errors.Is(err, ErrUnrecognised) || !strings.HasPrefix(err.Error(), "format not recognised") ||
			problem.From(err)[0].Code != "file.unrecognised" {
			t.Errorf("%s: %+v, %v; want format not recognised", name, rep, err)
		}
	}
	// Recognised formats keep their messages.
	for name, c := range map[string]struct {
		body, why string
	}{
		"unknown-columns.csv": {"name,price\napple,3\n", `unknown column(s) "name", "price"`},
		"nul.csv":             {"標案案號,機關代碼\n1\x00,2\n", "NUL"},
		"no-ocid.json":        {`{"releases": [{"id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]}]}`, "release has no ocid"},
		"cut.json":            {`{"releases": [{"ocid": "ocds-x-1", "id": "1", "date": "2024-0`, "unreadable document"},
		"bad.yaml":            {"機關資料:\n  機關代碼: [3.80.15\n採購資料:\n  標案案號: A1\n", "YAML"},
		"big5.json":           {"{\"releases\": [\n{\"ocid\": \"\xb4\xfa\"}]}", "not valid UTF-8"},
	} {
		rep, err := File(context.Background(), pool, strings.NewReader(c.body), name, Options{OCIDPrefix: twpcc})
		text := ""
		if err != nil {
			text = err.Error()
		}
		if rep != nil {
			for _, r := range rep.Rejected {
				text += "\n" + r.Reason
			}
		}
		if errors.Is(err, ErrUnrecognised) || !strings.Contains(text, c.why) {
			t.Errorf("%s: %v, %+v; want it to say %q", name, err, rep, c.why)
		}
	}
}
