package store

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"integrity-portal/internal/testdata"
	"integrity-portal/portal/procurement/generate"
)

// sameAsMarshal checks that marshalJSON writes v exactly as json.Marshal does, and fails where
// json.Marshal fails.
func sameAsMarshal(t *testing.T, v any) {
	t.Helper()
	want, wantErr := json.Marshal(v)
	got, gotErr := marshalJSON(v)
	if (wantErr != nil) != (gotErr != nil) || !bytes.Equal(got, want) {
		t.Fatalf("marshalJSON(%#v)\n got %s, %v\nwant %s, %v", v, got, gotErr, want, wantErr)
	}
}

func TestSaveEncoderEdgeCases(t *testing.T) {
	for _, v := range []any{
		nil, true, false, "", "plain", `"quoted" \ back`, "<script>&amp;</script>", "\b\f\n\r\t\x00\x01\x1f\x7f",
		"\u2028\u2029", "臺中市政府", "😀", "bad \xff\xfe utf-8", "\xed\xa0\x80", "\uFFFD",
		json.Number("0"), json.Number("-0"), json.Number("12.50"), json.Number("1e3"), json.Number("-1.5E-07"),
		json.Number(""), json.Number("01"), json.Number("1."), json.Number("+1"), json.Number("1e"), json.Number("x"),
		0.0, math.Copysign(0, -1), 1.0, 0.1, 1e20, 1e21, 1e-6, 1e-7, -123.456, math.MaxFloat64, math.SmallestNonzeroFloat64,
		math.NaN(), math.Inf(1),
		map[string]any(nil), []any(nil), map[string]any{}, []any{},
		map[string]any{"b": 1.0, "a": []any{"x", nil, map[string]any{"<": ">"}}, "": "empty key", "é": "é", "\xff": 1.0},
		[]any{json.Number("1"), "two", 3.0, true, nil},
		map[string]any{"n": 1}, []any{int64(2)}, map[string]any{"f": float32(1.5)}, // other types: json.Marshal decides
	} {
		sameAsMarshal(t, v)
	}
}

// TestSaveEncoderRandom compares with json.Marshal on random values built from awkward pieces.
func TestSaveEncoderRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"a", "臺", "<", ">", "&", `"`, `\`, "\n", "\x00", "\x7f", "\u2028", "\xff", "\xe8\xa8", "😀", " "}
	str := func() string {
		var b []byte
		for range r.IntN(6) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		return string(b)
	}
	var value func(depth int) any
	value = func(depth int) any {
		switch k := r.IntN(9); {
		case depth > 3 || k == 0:
			return str()
		case k == 1:
			return json.Number([]string{"0", "-1", "3.14", "1e9", "2E-3", "123456789012345678901234567890"}[r.IntN(6)])
		case k == 2:
			return math.Float64frombits(r.Uint64())
		case k == 3:
			return r.IntN(2) == 0
		case k == 4:
			return nil
		case k < 7:
			m := map[string]any{}
			for range r.IntN(5) {
				m[str()] = value(depth + 1)
			}
			return m
		default:
			a := []any{}
			for range r.IntN(5) {
				a = append(a, value(depth+1))
			}
			return a
		}
	}
	for range 3000 {
		sameAsMarshal(t, value(0))
	}
}

// TestSaveEncoderReleases compares on real and generated releases.
func TestSaveEncoderReleases(t *testing.T) {
	dir := testdata.Dir(t, "ocds")
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no test data in %s: %v", dir, err)
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sameAsMarshal(t, decodeJSON(t, string(b)))
	}
	g := generate.New(generate.Options{Seed: 3})
	for i := range 200 {
		sameAsMarshal(t, map[string]any(g.Release(i)))
	}
}
