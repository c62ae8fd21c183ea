package importer

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/csvimport"
)

// exampleBlock is an example of docs/data-formats.md: a marker naming its file in testdata/formats,
// then a fenced block that must be that file's text.
var exampleBlock = regexp.MustCompile("(?s)<!-- example: testdata/formats/([^ ]+) -->\n```[a-z]*\n(.*?)```")

// Every example of docs/data-formats.md is its file in testdata/formats, word for word, and imports
// whole, in the format the document says; the same notice in the flat and the older layout stores
// one release, and the CSV saved in Big5 imports as the UTF-8 file does. So the document cannot
// drift from what the importer reads.
func TestDataFormatsExamplesImport(t *testing.T) {
	root, err := testdata.Root()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs", "data-formats.md"))
	if err != nil {
		t.Fatal(err)
	}
	dir := testdata.Dir(t, "formats")
	shown := map[string]bool{}
	for _, m := range exampleBlock.FindAllSubmatch(doc, -1) {
		name := string(m[1])
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("the document shows %s, which testdata/formats lacks: %v", name, err)
			continue
		}
		if string(b) != string(m[2]) {
			t.Errorf("the document's example %s differs from the file:\n%s\nfile:\n%s", name, m[2], b)
		}
		shown[name] = true
	}
	files, _ := os.ReadDir(dir)
	for _, f := range files {
		if !shown[f.Name()] {
			t.Errorf("testdata/formats/%s is not shown in docs/data-formats.md", f.Name())
		}
	}

	pool := testdb.New(t)
	imports := []struct {
		name               string
		format             string
		releases, unchaged int
	}{
		{"release-package.json", "ocds", 1, 0},
		{"record-package.json", "ocds", 2, 0}, // DOC-2's release, not its compiledRelease; DOC-3's compiledRelease
		{"releases.jsonl", "ocds", 2, 0},
		{"procurement-zh.csv", "csv", 1, 0},
		{"procurement-en.csv", "csv", 1, 0},
		{"pcc-api.json", "notices", 1, 0},
		{"g0v-older.yaml", "notices", 1, 1}, // the notice of pcc-api.json
		{"g0v-older.json", "notices", 1, 1},
	}
	for _, c := range imports {
		b, err := os.ReadFile(filepath.Join(dir, c.name))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := File(context.Background(), pool, strings.NewReader(string(b)), c.name, Options{OCIDPrefix: twpcc})
		if err != nil || !rep.Stored || rep.Format != c.format || rep.Releases != c.releases || rep.Saved.Unchanged != c.unchaged {
			t.Errorf("%s: %v, %+v; want %s, %d release(s), %d unchanged", c.name, err, rep, c.format, c.releases, c.unchaged)
		}
	}
	zh, _ := os.ReadFile(filepath.Join(dir, "procurement-zh.csv"))
	rep, err := File(context.Background(), pool, strings.NewReader(toBig5(t, string(zh))), "big5.csv", Options{OCIDPrefix: twpcc})
	if err != nil || rep.Encoding != string(csvimport.Big5) || rep.Saved.Unchanged != 1 {
		t.Errorf("the CSV example in Big5: %v, %+v", err, rep)
	}
	var processes int
	pool.QueryRow(context.Background(), `SELECT count(*) FROM procurement_processes`).Scan(&processes)
	if processes != 7 {
		t.Errorf("%d processes, want 7 (DOC-1 to DOC-7)", processes)
	}
}
