package pcc

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/ocds"
)

// The files of case 1010102A: its tender and award notices in today's flat API layout, and the same
// notices in g0v's older nested layout, as YAML and JSON (testdata/README.md).
const (
	flatFile         = "project_pcc-api_1010102A.json"
	nestedAwardYAML  = "project_g0v-older_award-notice.yaml"
	nestedStreamYAML = "project_g0v-older_notices.yaml"
	nestedAwardJSON  = "project_g0v-older_award-notice.json"
	nestedArrayJSON  = "project_g0v-older_notices.json"
)

// releasesOf maps notices to releases, as JSON for comparison.
func releasesOf(t *testing.T, notices []Notice) []string {
	t.Helper()
	var out []string
	for _, n := range notices {
		rel, err := ToRelease(n, "ocds-twpcc")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rel)
		out = append(out, string(b))
	}
	return out
}

// Each shape of the nested layout gives the releases the flat layout of the same notices gives:
// the same keys reach pcc's parsing, the bidders and items of the lists numbered as the API numbers
// them.
func TestNestedLayoutGivesTheFlatLayoutsReleases(t *testing.T) {
	flat, bad, err := ReadNotices(bytes.NewReader(testFile(t, flatFile)))
	if err != nil || len(bad) > 0 || len(flat) != 2 {
		t.Fatalf("flat: %d notices, %v, %v", len(flat), bad, err)
	}
	want := releasesOf(t, flat)
	for name, wantRels := range map[string][]string{
		nestedAwardYAML: want[1:], nestedStreamYAML: want, nestedAwardJSON: want[1:], nestedArrayJSON: want,
	} {
		notices, bad, err := ReadNested(bytes.NewReader(testFile(t, name)))
		if err != nil || len(bad) > 0 {
			t.Fatalf("%s: %v, %v", name, bad, err)
		}
		if got := releasesOf(t, notices); !reflect.DeepEqual(got, wantRels) {
			t.Errorf("%s: releases differ from the flat layout's:\n got %s\nwant %s", name, got, wantRels)
		}
	}
	// The flat keys themselves, apart from type (the flat API gives it; the nested layout's is read
	// from its sections into the brief).
	notices, _, _ := ReadNested(bytes.NewReader(testFile(t, nestedStreamYAML)))
	for i, n := range notices {
		f := flat[i]
		delete(f.Detail, "type")
		if !reflect.DeepEqual(n.Detail, f.Detail) || n.Date != f.Date || n.UnitID != f.UnitID || n.JobNumber != f.JobNumber ||
			n.Type() != f.Brief.Type || n.Brief.Title != f.Brief.Title {
			t.Errorf("notice %d: nested %+v\nflat %+v", i, n, f)
		}
	}
	award := notices[1]
	for key, want := range map[string]string{
		"投標廠商:投標廠商1:廠商代碼":       "04595257",
		"投標廠商:投標廠商2:是否得標":       "否",
		"決標品項:第1品項:得標廠商1:得標廠商":  "大勇營造有限公司",
		"決標品項:第1品項:未得標廠商1:標價金額": "3,420,000元",
		"決標資料:決標公告序號":           "001",
		"採購資料:開標時間":             "101/02/10 10:00",
	} {
		if got := award.Detail[key]; got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
}

// YAML keeps every value as the text written: no 否, no, yes, 0010, 1.50, 2012-03-15 or ~ becomes a
// boolean, number, date or null, as YAML decoders make them by default.
func TestNestedYAMLKeepsValuesAsText(t *testing.T) {
	doc := "機關資料:\n  機關代碼: 3.80.15\n採購資料:\n  標案案號: 0010\n  a: 否\n  b: no\n  c: yes\n  d: true\n  e: 1.50\n" +
		"  f: 2012-03-15\n  g: 1e3\n  h: .inf\n  i: \"  spaced \"\n  j: |\n    two\n    lines\n  k: 0x1F\n  l: ~\n  m:\n" +
		"決標資料:\n  決標公告日期: 101/03/15\n"
	notices, bad, err := ReadNested(strings.NewReader(doc))
	if err != nil || len(bad) > 0 || len(notices) != 1 {
		t.Fatalf("%v, %v, %d", bad, err, len(notices))
	}
	n := notices[0]
	for key, want := range map[string]string{"標案案號": "0010", "a": "否", "b": "no", "c": "yes", "d": "true", "e": "1.50",
		"f": "2012-03-15", "g": "1e3", "h": ".inf", "i": "  spaced ", "j": "two\nlines\n", "k": "0x1F"} {
		if got := n.Detail["採購資料:"+key]; got != want {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}
	for _, key := range []string{"l", "m"} {
		if v, ok := n.Detail["採購資料:"+key]; ok {
			t.Errorf("null %s kept as %q", key, v)
		}
	}
	if n.JobNumber != "0010" || n.Date != "20120315" || n.UnitID != "3.80.15" || n.Type() != "決標公告" {
		t.Errorf("record: %+v", n)
	}
}

// A document that cannot be a notice is reported with its place, and the rest are read; a file that
// is not YAML, or uses aliases, is refused whole.
func TestNestedLayoutReportsWhatItCannotRead(t *testing.T) {
	good := "機關資料:\n  機關代碼: 3.80.15\n採購資料:\n  標案案號: A1\n決標資料:\n  決標公告日期: 101/03/15\n"
	stream := good + "---\n- a\n- b\n---\n機關資料:\n  機關名稱: 無代碼\n採購資料:\n  標案案號: A2\n---\n" +
		"機關資料:\n  機關代碼: 3.80.15\n採購資料:\n  標案案號: A3\n---\n" + good + "---\nplain text\n"
	notices, bad, err := ReadNested(strings.NewReader(stream))
	if err != nil || len(notices) != 2 {
		t.Fatalf("%d notices, %v", len(notices), err)
	}
	want := []ocds.ItemError{
		{Path: "notices[1]"}, {Path: "notices[2]"}, {Path: "notices[3]"}, {Path: "notices[4]"}, {Path: "notices[6]"},
	}
	codes := []string{"nested.not_map", "nested.not_map", "nested.no_unit_id", "nested.no_date", "nested.not_map"}
	if len(bad) != len(want) {
		t.Fatalf("rejections %+v", bad)
	}
	for i := range bad {
		if bad[i].Path != want[i].Path || bad[i].Problems[0].Code != codes[i] || bad[i].Reason == "" {
			t.Errorf("rejection %d: %+v, want %s %s", i, bad[i], want[i].Path, codes[i])
		}
	}
	for doc, code := range map[string]string{
		"機關資料:\n  機關代碼: [1, 2\n":                    "yaml.unreadable",
		"機關資料: &a\n  機關代碼: 1\n採購資料: *a\n":           "yaml.alias",
		"機關資料:\n  機關代碼: \xb4\xfa\n":                 "yaml.not_utf8",
		`[{"機關資料": {"機關代碼": "3.80.15"}}, {"機關資料": `: "json.unreadable",
	} {
		if _, _, err := ReadNested(strings.NewReader(doc)); err == nil || problem.From(err)[0].Code != code {
			t.Errorf("%q: %v, want %s", doc, err, code)
		}
	}
}
