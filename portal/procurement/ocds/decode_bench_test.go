package ocds_test

import (
	"encoding/json"
	"testing"

	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/ocds"
)

// BenchmarkDecodeValue decodes 1,000 generated compiled releases, as the red flags and the
// importer read them from JSON Lines:
//
//	go test ./portal/procurement/ocds/ -run '^$' -bench DecodeValue -count 5
func BenchmarkDecodeValue(b *testing.B) {
	g := generate.New(generate.Options{Seed: 42})
	var lines [][]byte
	size := 0
	for i := range 1000 {
		line, err := json.Marshal(g.Release(i))
		if err != nil {
			b.Fatal(err)
		}
		lines = append(lines, line)
		size += len(line)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, line := range lines {
			if _, ok := ocds.DecodeValue(line); !ok {
				b.Fatalf("refused: %s", line)
			}
		}
	}
}
