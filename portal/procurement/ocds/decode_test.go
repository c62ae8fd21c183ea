package ocds

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"integrity-portal/internal/testdata"
)

// viaEncodingJSON decodes data as ReadPackage did before decodeValue: one value, UseNumber, nothing
// after it.
func viaEncodingJSON(data []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	rest := bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")
	return v, len(rest) == 0
}

// checkDecode fails unless decodeValue accepts what encoding/json accepts, and gives the same value.
func checkDecode(t *testing.T, data []byte) {
	t.Helper()
	want, wantOK := viaEncodingJSON(data)
	got, gotOK := decodeValue(data)
	if gotOK != wantOK || gotOK && !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeValue(%q) = %#v, %v; encoding/json: %#v, %v", data, got, gotOK, want, wantOK)
	}
}

var decodeCases = []string{
	`{}`, `[]`, `""`, `0`, `-0`, `1.5e-3`, `12E+2`, `true`, `false`, `null`, ` {"a" : [1, 2 ,{"b":null}] } `,
	`{"a":1,"a":2}`, `{"":""}`, `"\"\\\/\b\f\n\r\t"`, `"\u00e9\u81FA"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00x"`,
	`"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`, "\"bad \xff\xfe utf-8\"", "\"\xed\xa0\x80\"", `"臺中市"`,
	`{"ocid":"ocds-1","date":"2024-01-01T00:00:00Z","tender":{"value":{"amount":123456789012345678901234567890}}}`,
	// not JSON
	``, ` `, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[1 2]`, `01`, `1.`, `.5`, `-`, `+1`, `1e`, `1e+`,
	`tru`, `nul`, `"abc`, "\"a\tb\"", `"\x"`, `"\u12"`, `"\uZZZZ"`, `"\ud83d\uZZZZ"`, `{} {}`, `[] x`, `'a'`,
	`{"a":1}}`, `NaN`, `[-]`,
}

func TestDecodeValueMatchesEncodingJSON(t *testing.T) {
	for _, c := range decodeCases {
		checkDecode(t, []byte(c))
	}
	// As deep as encoding/json allows, and one more.
	for _, depth := range []int{maxDepth, maxDepth + 1} {
		checkDecode(t, append(bytes.Repeat([]byte("["), depth), bytes.Repeat([]byte("]"), depth)...))
	}
	// The outside test data in testdata/, as documents.
	names, err := filepath.Glob(filepath.Join(testdata.Dir(t, "ocds"), "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no test data: %v", err)
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		checkDecode(t, b)
	}
}

// TestDecodeValueRandom decodes random mutations of valid JSON: cut, with bytes changed or added.
func TestDecodeValueRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("{}[]\":,\\ u0123456789abcdefABCDEF.-+eEtrufalsn\xff\xed\xa0\x80\n\t")
	for range 20000 {
		b := []byte(decodeCases[r.IntN(len(decodeCases))])
		for range r.IntN(4) {
			switch i := r.IntN(len(b) + 1); r.IntN(3) {
			case 0:
				b = append(b[:i:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, b[i:]...)...)
			case 1:
				if i < len(b) {
					b[i] = alphabet[r.IntN(len(alphabet))]
				}
			default:
				b = b[:i]
			}
		}
		checkDecode(t, b)
	}
}

func FuzzDecodeValue(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, data)
	})
}
