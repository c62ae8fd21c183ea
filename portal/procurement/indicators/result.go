package indicators

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Result is cardinal's indicators output without its "Meta" key. Each group maps an identifier
// (the ocid, /buyer/id, /tender/procuringEntity/id or a tenderer's or supplier's id) to the
// indicator codes raised for it and their values.
type Result struct {
	OCID            map[string]map[string]float64
	Buyer           map[string]map[string]float64
	ProcuringEntity map[string]map[string]float64
	Tenderer        map[string]map[string]float64

	// Skipped lists input lines that were not processed (invalid JSON, not an object, or no
	// string /ocid), at most maxSkipped of them; SkippedTotal counts them all. Cardinal skips
	// such lines with a warning; neither field is part of the JSON output.
	Skipped      []SkippedLine `json:"-"`
	SkippedTotal int           `json:"-"`
}

// SkippedLine is an input line that was not processed.
type SkippedLine struct {
	Line   int    // 1-based
	Reason string // the parse error
}

const maxSkipped = 100

func newResult() *Result {
	return &Result{
		OCID:            map[string]map[string]float64{},
		Buyer:           map[string]map[string]float64{},
		ProcuringEntity: map[string]map[string]float64{},
		Tenderer:        map[string]map[string]float64{},
	}
}

// flag sets code = value for id in group.
func flag(group map[string]map[string]float64, id, code string, value float64) {
	codes := group[id]
	if codes == nil {
		codes = map[string]float64{}
		group[id] = codes
	}
	codes[code] = value
}

func (r *Result) skip(line int, err error) {
	r.SkippedTotal++
	if len(r.Skipped) < maxSkipped {
		r.Skipped = append(r.Skipped, SkippedLine{Line: line, Reason: err.Error()})
	}
}

// MarshalJSON writes the groups in the order OCID, Buyer, ProcuringEntity, Tenderer, omitting
// empty ones, with identifiers and codes sorted, and numbers as cardinal (serde_json) prints
// them: 1.0, 0.2, 1e-7; a non-finite value is null.
func (r Result) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for _, g := range []struct {
		name string
		m    map[string]map[string]float64
	}{{"OCID", r.OCID}, {"Buyer", r.Buyer}, {"ProcuringEntity", r.ProcuringEntity}, {"Tenderer", r.Tenderer}} {
		if len(g.m) == 0 {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeString(&b, g.name)
		b.WriteString(":{")
		for i, id := range sortedKeys(g.m) {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(&b, id)
			b.WriteString(":{")
			codes := g.m[id]
			for j, code := range sortedKeys(codes) {
				if j > 0 {
					b.WriteByte(',')
				}
				writeString(&b, code)
				b.WriteByte(':')
				b.WriteString(formatNumber(codes[code]))
			}
			b.WriteByte('}')
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func writeString(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s) // a string always marshals
	b.Write(enc)
}

// formatNumber prints a float64 like serde_json (Ryū's shortest round-trip digits): integers
// keep ".0" up to 16 digits, decimals are plain from 1e-5 up, and other magnitudes use an
// exponent ("1e-7", "1.5e20"). NaN and infinities are null, as serde_json writes them.
func formatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	sign := ""
	if math.Signbit(v) {
		sign = "-"
		v = -v
	}
	if v == 0 {
		return sign + "0.0"
	}
	// Shortest digits d1.d2d3…e±x; digits = d1d2d3…, and the decimal exponent of d1 is x.
	e := strconv.FormatFloat(v, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	length := len(digits)
	kk := x + 1      // position of the decimal point after the digits' start
	k := kk - length // exponent of the last digit
	switch {
	case k >= 0 && kk <= 16:
		return sign + digits + strings.Repeat("0", k) + ".0"
	case kk > 0 && kk <= 16:
		return sign + digits[:kk] + "." + digits[kk:]
	case kk > -5 && kk <= 0:
		return sign + "0." + strings.Repeat("0", -kk) + digits
	case length == 1:
		return sign + digits + "e" + strconv.Itoa(kk-1)
	default:
		return sign + digits[:1] + "." + digits[1:] + "e" + strconv.Itoa(kk-1)
	}
}
