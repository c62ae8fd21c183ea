package indicators

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOnlyFieldsMatter runs the conformance suite twice, on the releases as they are and on the
// releases cut down to ocid and Fields (absent ones as null), and expects the same output: what
// Fields promises to a caller that sends only those.
func TestOnlyFieldsMatter(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(cardinalSuite(t), "*.jsonl"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no conformance files: %v", err)
	}
	for _, input := range inputs {
		name := strings.TrimSuffix(filepath.Base(input), ".jsonl")
		s, err := ParseSettings(strings.NewReader(settingsForFixture(name)))
		if err != nil {
			t.Fatal(err)
		}
		full, err := os.ReadFile(input)
		if err != nil {
			t.Fatal(err)
		}
		var cut strings.Builder
		sc := bufio.NewScanner(strings.NewReader(string(full)))
		for sc.Scan() {
			var rel map[string]json.RawMessage
			if err := json.Unmarshal(sc.Bytes(), &rel); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out := map[string]json.RawMessage{"ocid": rel["ocid"]}
			for _, f := range Fields() {
				out[f] = rel[f] // nil marshals as null
				if out[f] == nil {
					out[f] = json.RawMessage("null")
				}
			}
			b, _ := json.Marshal(out)
			cut.Write(append(b, '\n'))
		}
		want := runJSON(t, string(full), s)
		if got := runJSON(t, cut.String(), s); got != want {
			t.Errorf("%s: cut down to Fields: %s, want %s", name, got, want)
		}
	}
}

func runJSON(t *testing.T, lines string, s Settings) string {
	t.Helper()
	res, err := Run(strings.NewReader(lines), s)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(res)
	return string(b)
}
