package main

import (
	"integrity-portal/internal/testdata"

	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestIndicatorsCommand runs the subcommand as an operator would, on a conformance pair with settings.
func TestIndicatorsCommand(t *testing.T) {
	dir := testdata.Dir(t, "cardinal")
	settings := filepath.Join(t.TempDir(), "settings.ini")
	os.WriteFile(settings, []byte("[R003]\nthreshold = 10\n"), 0o600)
	var out bytes.Buffer
	if err := dispatch(context.Background(), []string{"indicators", "-settings", settings, filepath.Join(dir, "R003-threshold-10.jsonl")}, &out); err != nil {
		t.Fatal(err)
	}
	var got, want any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	expected, _ := os.ReadFile(filepath.Join(dir, "R003-threshold-10.expected"))
	json.Unmarshal(expected, &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %s\nwant %s", out.String(), expected)
	}
	out.Reset()
	if err := dispatch(context.Background(), []string{"indicators", filepath.Join(dir, "R003.jsonl")}, &out); err != nil || out.String() != "{}\n" {
		t.Errorf("no settings: %q, %v (cardinal runs nothing without settings)", out.String(), err)
	}
}
