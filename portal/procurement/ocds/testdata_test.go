package ocds

import (
	"integrity-portal/internal/testdata"

	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// outsideTestdata returns testdata; see internal/testdata.
func outsideTestdata(t testing.TB) string { return testdata.Dir(t, "") }

// testFile reads a file under the outside test data in testdata/.
func testFile(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{outsideTestdata(t)}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decode parses JSON as ReadPackage does (numbers as json.Number).
func decode(t testing.TB, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return v
}

// rel parses a release written in JSON.
func rel(t testing.TB, s string) Release {
	t.Helper()
	return Release(decode(t, s).(map[string]any))
}

// readAll reads a package with ReadPackage, returning the releases and their paths.
func readAll(t testing.TB, data []byte) ([]string, []Release, []ItemError, error) {
	t.Helper()
	var paths []string
	var rels []Release
	errs, err := ReadPackage(bytes.NewReader(data), func(path string, r Release) error {
		paths = append(paths, path)
		rels = append(rels, r)
		return nil
	})
	return paths, rels, errs, err
}

// diff describes the first difference between two JSON values, or returns "" if they are equal.
// Object key order is irrelevant; array order is not.
func diff(path string, got, want any) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			break
		}
		keys := make([]string, 0, len(w)+len(g))
		for k := range w {
			keys = append(keys, k)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			gv, gok := g[k]
			wv, wok := w[k]
			switch {
			case !gok:
				return fmt.Sprintf("%s/%s: missing, want %s", path, k, show(wv))
			case !wok:
				return fmt.Sprintf("%s/%s: got %s, want nothing", path, k, show(gv))
			}
			if d := diff(path+"/"+k, gv, wv); d != "" {
				return d
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			break
		}
		for i := range w {
			if d := diff(fmt.Sprintf("%s/%d", path, i), g[i], w[i]); d != "" {
				return d
			}
		}
	}
	return fmt.Sprintf("%s: got %s, want %s", path, show(got), show(want))
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
