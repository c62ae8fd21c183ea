package i18n

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestNegotiate(t *testing.T) {
	cases := []struct {
		choice, accept string
		want           Lang
	}{
		{"", "", ZhTW},
		{"", "en-US,en;q=0.9", En},
		{"", "en-GB", En},
		{"", "zh-TW,zh;q=0.9,en;q=0.8", ZhTW},
		{"", "zh-CN", ZhTW},
		{"", "zh-Hant-HK", ZhTW},
		{"", "ja-JP", ZhTW},
		{"", "ja-JP, en;q=0.3", En},
		{"", "garbage;;;q=", ZhTW},
		{"en", "zh-TW", En},
		{"zh-TW", "en", ZhTW},
		{"xx", "en", En},
	}
	for _, c := range cases {
		if got := Negotiate(c.choice, c.accept); got != c.want {
			t.Errorf("Negotiate(%q, %q) = %s, want %s", c.choice, c.accept, got, c.want)
		}
	}
}

func TestROCDates(t *testing.T) {
	cases := []struct {
		t      time.Time
		zh, en string
	}{
		{time.Date(2025, 11, 26, 0, 0, 0, 0, time.UTC), "民國114年11月26日（2025-11-26）", "26 Nov 2025"},
		{time.Date(1912, 1, 1, 0, 0, 0, 0, time.UTC), "民國1年1月1日（1912-01-01）", "1 Jan 1912"},
		{time.Date(1911, 12, 31, 0, 0, 0, 0, time.UTC), "民國前1年12月31日（1911-12-31）", "31 Dec 1911"},
		{time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), "民國89年2月29日（2000-02-29）", "29 Feb 2000"},
	}
	for _, c := range cases {
		if got := Date(ZhTW, c.t); got != c.zh {
			t.Errorf("Date(zh, %v) = %q, want %q", c.t, got, c.zh)
		}
		if got := Date(En, c.t); got != c.en {
			t.Errorf("Date(en, %v) = %q, want %q", c.t, got, c.en)
		}
	}
	if got := Month(ZhTW, time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)); got != "民國115年1月（2026-01）" {
		t.Errorf("Month = %q", got)
	}
	if ROCYear(2026) != 115 {
		t.Errorf("ROCYear(2026) = %d", ROCYear(2026))
	}
}

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for key, msg := range c[ZhTW] {
		if _, ok := c[En][key]; !ok {
			t.Errorf("en lacks %q", key)
		}
		if strings.TrimSpace(msg) == "" {
			t.Errorf("zh-TW %q is empty", key)
		}
	}
	for key := range c[En] {
		if _, ok := c[ZhTW][key]; !ok {
			t.Errorf("zh-TW lacks %q", key)
		}
	}
	if got := c.T(En, "no.such.key"); got != "[no.such.key]" {
		t.Errorf("missing key renders %q", got)
	}
}

// A catalogue file that names a key twice keeps only the last message, silently: each key has one
// home, so an edit to the first one never goes unseen.
func TestCataloguesNameEachKeyOnce(t *testing.T) {
	for _, name := range []string{"zh-TW.json", "en.json"} {
		b, err := catalogFS.ReadFile("catalog/" + name)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		if _, err := dec.Token(); err != nil { // the opening brace
			t.Fatalf("%s: %v", name, err)
		}
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			key := tok.(string)
			if seen[key] {
				t.Errorf("%s names %q twice", name, key)
			}
			seen[key] = true
			if _, err := dec.Token(); err != nil { // the message
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
}

// TestTemplatesUseOnlyKnownKeys reads every template in the repository and checks each literal
// message key exists, so a typo shows in the test run, not on a citizen's screen.
func TestTemplatesUseOnlyKnownKeys(t *testing.T) {
	c, _ := Load()
	root := filepath.Join("..", "..")
	literal := regexp.MustCompile(`\.T "([^"]+)"`)
	counted := regexp.MustCompile(`\.TN (?:\S+|\([^)]*\)) "([^"]+)"`)  // {{.TN n "key"}} reads key or key_one
	labelled := regexp.MustCompile(`label \$ "([a-z]+)" "([a-z_.]+)"`) // a literal code: {{label $ "kind" "report"}}
	var keys []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == "node_modules" || d.Name() == "var" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(p, ".html") {
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
		for _, m := range counted.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1], m[1]+"_one")
		}
		for _, m := range labelled.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, LabelKey(m[1], m[2]))
		}
		return nil
	})
	if len(keys) < 10 {
		t.Fatalf("found only %d message keys in templates: is the walk broken?", len(keys))
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := c[ZhTW][k]; !ok {
			t.Errorf("template uses unknown key %q", k)
		}
	}
}

// FuzzNegotiate: any header and choice give a supported language, without panicking.
func FuzzNegotiate(f *testing.F) {
	f.Add("", "en-US,en;q=0.9")
	f.Add("en", "zh-TW;q=0.1")
	f.Add("zh", "*;q=0.5, fr")
	f.Add("", strings.Repeat("a-", 500))
	f.Fuzz(func(t *testing.T, choice, accept string) {
		got := Negotiate(choice, accept)
		if got != ZhTW && got != En {
			t.Fatalf("Negotiate(%q, %q) = %q", choice, accept, got)
		}
		if l, ok := ParseCode(choice); ok && got != l {
			t.Fatalf("explicit choice %q ignored", choice)
		}
	})
}
