package flags

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
)

// cardinalSettings writes the settings of a conformance file from its name, as cardinal's own
// harness does (see settingsForFixture in package indicators): R003-threshold-10 is [R003]
// threshold = 10, and so on, with no_price_comparison_procurement_methods = NPC and
// [exclusions] procurement_method_details = EXC.
func cardinalSettings(name string) string {
	parts := strings.Split(strings.ReplaceAll(name, "+", "|"), "-")
	code, rest := parts[0], parts[1:]
	var b strings.Builder
	b.WriteString("no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n")
	switch {
	case len(rest) < 2:
		fmt.Fprintf(&b, "[%s]\n", code)
	case len(rest) == 2:
		fmt.Fprintf(&b, "[%s]\n%s = %s\n", code, rest[0], rest[1])
	default:
		fmt.Fprintf(&b, "[%s]\n[%s.%s]\n", code, code, rest[0])
		for i := 1; i+1 < len(rest); i += 2 {
			fmt.Fprintf(&b, "%s = %s\n", rest[i], rest[i+1])
		}
	}
	return b.String()
}

// groups is cardinal's output shape: group → id → code → value.
type groups map[string]map[string]map[string]float64

// storedGroups reads procurement_flags back into cardinal's output shape.
func storedGroups(t *testing.T, pool *pgxpool.Pool) groups {
	t.Helper()
	groupOf := map[Subject]string{}
	for g, s := range subjectOfGroup {
		groupOf[s] = g
	}
	rows, err := pool.Query(context.Background(), `SELECT subject_type, subject_id, code, value FROM procurement_flags`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := groups{}
	for rows.Next() {
		var subject, id, code string
		var v float64
		if err := rows.Scan(&subject, &id, &code, &v); err != nil {
			t.Fatal(err)
		}
		g := groupOf[Subject(subject)]
		if out[g] == nil {
			out[g] = map[string]map[string]float64{}
		}
		if out[g][id] == nil {
			out[g][id] = map[string]float64{}
		}
		out[g][id][code] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRecomputeMatchesCardinal saves each conformance file's releases with store.Save, recomputes
// with the file's settings, and expects the stored flags to be cardinal's expected output.
func TestRecomputeMatchesCardinal(t *testing.T) {
	suite := testdata.Dir(t, "cardinal")
	inputs, err := filepath.Glob(filepath.Join(suite, "*.jsonl"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no conformance files in %s: %v", suite, err)
	}
	for _, input := range inputs {
		name := strings.TrimSuffix(filepath.Base(input), ".jsonl")
		t.Run(name, func(t *testing.T) {
			pool := testdb.New(t)
			rels := readJSONL(t, input)
			save(t, pool, rels)
			run := mustRecompute(t, pool, parseSettings(t, cardinalSettings(name)))
			if run.Processes != int64(len(rels)) || run.Skipped != 0 {
				t.Errorf("read %d processes (%d skipped), want %d", run.Processes, run.Skipped, len(rels))
			}

			b, err := os.ReadFile(strings.TrimSuffix(input, ".jsonl") + ".expected")
			if err != nil {
				t.Fatal(err)
			}
			want := groups{}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			got := storedGroups(t, pool)
			if d := diffGroups(got, want); d != "" {
				t.Errorf("%s\n got %v\nwant %v", d, got, want)
			}
			var total int64
			for _, ids := range want {
				for _, codes := range ids {
					total += int64(len(codes))
				}
			}
			if run.Flags != total {
				t.Errorf("run says %d flags written, want %d", run.Flags, total)
			}
		})
	}
}

func diffGroups(got, want groups) string {
	for g, ids := range want {
		for id, codes := range ids {
			for code, w := range codes {
				v, ok := got[g][id][code]
				if !ok {
					return fmt.Sprintf("missing %s %q %s", g, id, code)
				}
				if v != w && math.Abs(v-w) > 1e-9*math.Max(math.Abs(v), math.Abs(w)) {
					return fmt.Sprintf("%s %q %s = %v, want %v", g, id, code, v, w)
				}
			}
		}
	}
	for g, ids := range got {
		for id, codes := range ids {
			for code := range codes {
				if _, ok := want[g][id][code]; !ok {
					return fmt.Sprintf("unexpected %s %q %s", g, id, code)
				}
			}
		}
	}
	return ""
}
