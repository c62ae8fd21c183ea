package ocds

import (
	"integrity-portal/internal/testdata"

	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadPackageReleasePackage(t *testing.T) {
	paths, rels, errs, err := readAll(t, testFile(t, "ocds", "ocp-fictional_release-package_ocds-213czf-000-00001.json"))
	if err != nil || len(errs) > 0 {
		t.Fatalf("got %v, %v", errs, err)
	}
	want := []string{"releases[0]", "releases[1]", "releases[2]", "releases[3]", "releases[4]", "releases[5]"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
	for _, r := range rels {
		if r.OCID() != "ocds-213czf-000-00001" || r.IsCompiled() {
			t.Errorf("release %v: ocid %q compiled %v", r["id"], r.OCID(), r.IsCompiled())
		}
	}
	if rels[5].Date() != "2011-01-10T09:30:00Z" {
		t.Errorf("last date %q", rels[5].Date())
	}
}

func TestReadPackageRecordPackage(t *testing.T) {
	paths, rels, errs, err := readAll(t, testFile(t, "ocds", "ocp-fictional_record-package_ocds-213czf-000-00001.json"))
	if err != nil || len(errs) > 0 {
		t.Fatalf("got %v, %v", errs, err)
	}
	// The record's releases are linked releases (a url each), which are skipped.
	if !slices.Equal(paths, []string{"records[0].compiledRelease"}) {
		t.Fatalf("paths %q", paths)
	}
	if !rels[0].IsCompiled() || rels[0]["id"] != "ocds-213czf-000-00001-2011-01-10T09:30:00Z" {
		t.Errorf("compiled release: tag %v id %v", rels[0]["tag"], rels[0]["id"])
	}
}

func TestReadPackageParaguay(t *testing.T) {
	paths, rels, errs, err := readAll(t, testFile(t, "ocds", "paraguay-dncp_release-package_1.1-2.json"))
	if err != nil || len(errs) > 0 {
		t.Fatalf("got %v, %v", errs, err)
	}
	if !slices.Equal(paths, []string{"releases[0]"}) || rels[0].OCID() != "ocds-03ad3f-246807" {
		t.Fatalf("paths %q, ocid %q", paths, rels[0].OCID())
	}
	got, err := Merge(nil, rels)
	if err != nil {
		t.Fatal(err)
	}
	if got["id"] != "ocds-03ad3f-246807-2018-12-18T13:20:42Z" || got["contracts"] == nil {
		t.Errorf("compiled: %v", show(got))
	}
}

func TestReadPackageForms(t *testing.T) {
	const r1 = `{"ocid": "ocds-x-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]}`
	const r2 = `{"ocid": "ocds-x-2", "id": "2", "date": "2024-01-02T00:00:00+08:00", "tag": ["compiled"]}`
	tests := []struct {
		name  string
		input string
		paths []string
		errs  []string
	}{
		{"single release", "{\n" + r1[1:], []string{"$"}, nil},
		{"single release on one line", r1, []string{"$"}, nil},
		{"release package on one line", `{"uri": "u", "releases": [` + r1 + `,` + r2 + `]}`, []string{"releases[0]", "releases[1]"}, nil},
		{"releases before metadata", "{\"releases\": [\n" + r1 + "], \"publisher\": {\"name\": \"p\"}}", []string{"releases[0]"}, nil},
		{"array of releases", "[\n" + r1 + ",\n" + r2 + "\n]", []string{"[0]", "[1]"}, nil},
		{"byte order mark", "\xef\xbb\xbf{\n\"releases\": [" + r1 + "]}", []string{"releases[0]"}, nil},
		{"record on its own", "{\n\"ocid\": \"ocds-x-2\", \"releases\": [{\"url\": \"u\", \"date\": \"d\"}, " + r2 + "], \"compiledRelease\": " + r2 + "}",
			[]string{"releases[1]"}, nil},
		{"record on its own, compiledRelease first", "{\n\"ocid\": \"ocds-x-2\", \"compiledRelease\": " + r2 + ", \"releases\": [" + r2 + "]}",
			[]string{"releases[0]"}, nil},
		{"record on its own with only linked releases", "{\n\"ocid\": \"ocds-x-2\", \"releases\": [{\"url\": \"u\"}], \"compiledRelease\": " + r2 + "}",
			[]string{"compiledRelease"}, nil},
		{"record on its own with only linked releases and nothing compiled", "{\n\"ocid\": \"ocds-x-2\", \"releases\": [{\"url\": \"u\"}]}",
			nil, []string{"$: record has only linked releases"}},
		// Real publishers give the compiled release the id of the release it was compiled from.
		{"record package whose compiledRelease shares its release's id", "{\n\"records\": [{\"ocid\": \"ocds-x-2\", \"releases\": [" + r2 +
			"], \"compiledRelease\": " + strings.Replace(r2, `"tag": ["compiled"]`, `"tag": ["compiled"], "tender": {"title": "t"}`, 1) + "}]}",
			[]string{"records[0].releases[0]"}, nil},
		{"record package with only a compiledRelease", "{\n\"records\": [{\"ocid\": \"ocds-x-2\", \"compiledRelease\": " + r2 + ", \"versionedRelease\": {\"ocid\": \"ocds-x-2\"}}]}",
			[]string{"records[0].compiledRelease"}, nil},
		{"releases of another process in a record", "{\n\"records\": [{\"ocid\": \"ocds-x-9\", \"releases\": [" + r1 + "]}, {\"ocid\": \"ocds-x-9\", \"compiledRelease\": " + r2 + "}]}",
			nil, []string{`records[0].releases[0]: release ocid "ocds-x-1" is not its record's ocid "ocds-x-9"`,
				`records[1].compiledRelease: release ocid "ocds-x-2" is not its record's ocid "ocds-x-9"`}},
		{"releases of another process in a record on its own", "{\n\"ocid\": \"ocds-x-9\", \"releases\": [" + r1 + "]}",
			nil, []string{`releases[0]: release ocid "ocds-x-1" is not its record's ocid`}},
		{"record package with embedded releases", "{\n\"records\": [{\"ocid\": \"ocds-x-1\", \"releases\": [" + r1 + "], \"versionedRelease\": {}}]}",
			[]string{"records[0].releases[0]"}, nil},
		{"JSON Lines", r1 + "\n\n" + r2 + "\r\n" + r1, []string{"line 1", "line 3", "line 4"}, nil},
		{"JSON Lines of packages", `{"releases": [` + r1 + `]}` + "\n" + `{"records": [{"compiledRelease": ` + r2 + `}]}` + "\n",
			[]string{"line 1: releases[0]", "line 2: records[0].compiledRelease"}, nil},
		{"JSON Lines with malformed lines", r1 + "\n" + `{"ocid": "ocds-x-1", "date": ` + "\n" + r2 + " 7\n[1]\n\"s\"\n" + r2 + "\n",
			[]string{"line 1", "line 6"},
			[]string{"line 2: not JSON", "line 3: not JSON: more data", "line 4: [0]: release is a JSON number", "line 5: a JSON string"}},
		{"documents one after another", "{\n\"releases\": [" + r1 + "]}\n{\"releases\": [" + r2 + "]} 3",
			[]string{"releases[0]", "value 2: releases[0]"}, []string{"value 3: a JSON number"}},
		{"malformed items", "{\n\"releases\": [" + r1 + `, 42, null, {"id": "x"}, {"ocid": "", "date": "2024-01-01"},
			{"ocid": "ocds-x-1", "date": 20240101}, {"ocid": "ocds-x-1", "date": "soon"}, {"ocid": "ocds-x-1"},
			{"url": "https://example.org/r.json"}, ` + r2 + "]}",
			[]string{"releases[0]", "releases[9]"},
			[]string{
				"releases[1]: release is a JSON number, not an object",
				"releases[2]: release is a JSON null, not an object",
				"releases[3]: release has no ocid",
				"releases[4]: release ocid is not a non-empty string",
				"releases[5]: release date is not a non-empty string",
				`releases[6]: release date "soon" is not an RFC 3339 date-time`,
				"releases[7]: release has no date",
				"releases[8]: a linked release",
			}},
		{"malformed records", "{\n\"records\": [3, {\"ocid\": \"o\", \"releases\": [{\"url\": \"u\"}]}, {\"compiledRelease\": []}, {\"releases\": 5}]}", nil,
			[]string{
				"records[0]: record is a JSON number",
				"records[1]: record has only linked releases",
				"records[2].compiledRelease: release is a JSON array",
				"records[3].releases: a JSON number, not an array",
				"records[3]: record has neither",
			}},
		{"releases not an array", "{\n\"uri\": \"u\", \"releases\": {\"a\": [1, {\"b\": 2}]}, \"version\": \"1.1\"}", nil,
			[]string{"releases: releases is a JSON object, not an array"}},
		{"records not an array", "{\n\"records\": null}", nil, []string{"records: records is a JSON null, not an array"}},
		{"not OCDS", "{\n\"hello\": \"world\"}", nil, []string{"$: release has no ocid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths, _, errs, err := readAll(t, []byte(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(paths, tt.paths) {
				t.Errorf("paths %q, want %q", paths, tt.paths)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("item errors %q, want %q", errs, tt.errs)
			}
			for i, e := range errs {
				if got := e.Error(); !strings.HasPrefix(got, tt.errs[i]) {
					t.Errorf("item error %d: %q, want %q…", i, got, tt.errs[i])
				}
			}
		})
	}
}

func TestReadPackageGarbage(t *testing.T) {
	for name, input := range map[string]string{
		"empty":             "",
		"blank":             " \n\t\n",
		"not JSON":          "this is not JSON at all",
		"HTML":              "<!doctype html>\n<html><body>502 Bad Gateway</body></html>\n",
		"truncated package": "{\n\"releases\": [{\"ocid\": \"ocds-x-1\", \"date\": \"2024-01-01T00:00:00Z\"}, {\"ocid\": ",
		"truncated array":   "[1, 2",
		"bad token":         "{\n\"releases\": [}\n",
		"a string":          `"release"`,
		"a number":          "42",
		"no JSON line":      "{nope}\n{nope}\n",
		"trailing garbage":  "{\n\"releases\": []}\nxyz",
		"CSV":               "西元日期,星期,是否放假,備註\n20260101,四,2,開國紀念日\n",
	} {
		errs, err := ReadPackage(strings.NewReader(input), func(string, Release) error { return nil })
		if err == nil {
			t.Errorf("%s: no error (item errors %v)", name, errs)
		}
	}
}

func TestReadPackageReadError(t *testing.T) {
	boom := errors.New("boom")
	r := iotest.DataErrReader(errReader{strings.NewReader("{\n\"releases\": ["), boom})
	if _, err := ReadPackage(r, nil); !errors.Is(err, boom) {
		t.Errorf("got %v, want %v", err, boom)
	}
}

type errReader struct {
	r   *strings.Reader
	err error
}

func (e errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil {
		return n, e.err
	}
	return n, nil
}

func TestReadPackageCallbackError(t *testing.T) {
	stop := errors.New("stop")
	var n int
	data := testFile(t, "ocds", "ocp-fictional_release-package_ocds-213czf-000-00001.json")
	_, err := ReadPackage(bytes.NewReader(data), func(path string, _ Release) error {
		if n++; n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || !strings.Contains(err.Error(), "releases[1]") || n != 2 {
		t.Errorf("got %v after %d releases", err, n)
	}
}

func TestReadPackageManyItemErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("{\n\"releases\": [")
	for i := range maxItemErrors + 5 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("1")
	}
	b.WriteString("]}")
	errs, err := ReadPackage(strings.NewReader(b.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != maxItemErrors+1 || errs[maxItemErrors].Reason != "5 more malformed items not listed" {
		t.Errorf("got %d item errors, last %v", len(errs), errs[len(errs)-1])
	}
}

// TestReadPackageLongFirstLine checks JSON Lines whose first line is longer than ReadPackage looks
// ahead: they are read as documents one after another.
func TestReadPackageLongFirstLine(t *testing.T) {
	long := `{"ocid": "ocds-x-1", "date": "2024-01-01T00:00:00Z", "description": "` + strings.Repeat("長", maxFirstLine/3+10) + `"}`
	input := long + "\n" + long + "\n"
	paths, _, errs, err := readAll(t, []byte(input))
	if err != nil || len(errs) > 0 {
		t.Fatalf("got %v, %v", errs, err)
	}
	if want := []string{"$", "value 2"}; !slices.Equal(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
}

func FuzzReadPackage(f *testing.F) {
	// The small real package is a seed when present; the fuzz target runs without it. (The fictional
	// example's 20-40 kB files are left out: minimizing inputs that size takes the fuzzer most of a
	// short run.)
	if td, err := testdata.Find(""); err == nil {
		if b, err := os.ReadFile(filepath.Join(td, "ocds", "paraguay-dncp_release-package_1.1-2.json")); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"", "{}", "[]", "{\n}", "null", "{\n\"releases\": [1, {}]}",
		`{"ocid": "o", "date": "2024-01-01T00:00:00Z", "awards": [{"id": 1}, {"id": "1", "x": null}]}` + "\n" + `{"ocid": "o", "date": "2024-01-01", "awards": [{"x": 1}]}`,
		"{\n\"records\": [{\"ocid\": \"o\", \"releases\": [{\"url\": \"u\"}], \"compiledRelease\": {\"ocid\": \"o\", \"date\": \"2024-01-01T00:00:00Z\"}}]}",
		"{\"a\":1}\n{\"b\":2}\n", "\xef\xbb\xbf[", "{\"releases\": {\"x\": [1,2,{\"y\":[]}]}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		byOCID := map[string][]Release{}
		errs, err := ReadPackage(bytes.NewReader(data), func(path string, r Release) error {
			if path == "" {
				t.Error("empty path")
			}
			if r.OCID() == "" {
				t.Errorf("%s: delivered a release without ocid", path)
			}
			byOCID[r.OCID()] = append(byOCID[r.OCID()], r)
			return nil
		})
		for _, e := range errs {
			if e.Path == "" || e.Reason == "" {
				t.Errorf("item error without path or reason: %#v", e)
			}
		}
		_ = err
		// Whatever ReadPackage delivers can be merged.
		for ocid, rels := range byOCID {
			got, err := Merge(nil, rels)
			if err != nil {
				t.Errorf("%s: %v", ocid, err)
				continue
			}
			if got.OCID() != ocid || !got.IsCompiled() {
				t.Errorf("%s: compiled %v", ocid, show(got))
			}
		}
	})
}
