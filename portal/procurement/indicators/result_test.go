package indicators

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	for v, want := range map[float64]string{
		0:                   "0.0",
		1:                   "1.0",
		2:                   "2.0",
		100:                 "100.0",
		0.2:                 "0.2",
		0.16666666666666666: "0.16666666666666666",
		66.66666666666667:   "66.66666666666667",
		-1.5:                "-1.5",
		0.0001:              "0.0001",
		0.00001:             "0.00001",
		0.000001:            "1e-6",
		1.5e-7:              "1.5e-7",
		1e16:                "1e16",
		1234567890123456:    "1234567890123456.0",
		1.5e20:              "1.5e20",
	} {
		if got := formatNumber(v); got != want {
			t.Errorf("formatNumber(%v) = %s, want %s", v, got, want)
		}
	}
	if formatNumber(math.NaN()) != "null" || formatNumber(math.Inf(1)) != "null" {
		t.Error("non-finite numbers must be null")
	}
}

func TestResultMarshalJSON(t *testing.T) {
	r := newResult()
	flag(r.Tenderer, "W", "R024", 0)
	flag(r.OCID, "b", "R036", 1)
	flag(r.OCID, "a", "R024", 0.25)
	flag(r.OCID, "a", "R003", 1)
	got, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"OCID":{"a":{"R003":1.0,"R024":0.25},"b":{"R036":1.0}},"Tenderer":{"W":{"R024":0.0}}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got, _ := json.Marshal(newResult()); string(got) != "{}" {
		t.Errorf("empty result = %s", got)
	}
}

func TestRunWithoutIndicators(t *testing.T) {
	res, err := Run(strings.NewReader(`{"ocid":"x","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}`), Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(res); string(got) != "{}" {
		t.Errorf("no indicator enabled, got %s", got)
	}
}

func TestRunSkipsBadLines(t *testing.T) {
	input := strings.Join([]string{
		`{"ocid":"ok","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}`,
		``,
		`   `,
		`{"ocid":`,
		`[1,2]`,
		`{"ocid":7,"tender":{"numberOfTenderers":1,"procurementMethod":"open"}}`,
		`{"OCID":"case","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}`,
		`{"ocid":"float","tender":{"numberOfTenderers":1.0,"procurementMethod":"open"}}`,
		`{"ocid":"wrong types","tender":{"numberOfTenderers":"1","procurementMethod":["open"]},"bids":"none"}`,
		`{"ocid":"last","tender":{"numberOfTenderers":1,"procurementMethod":"selective"}}`, // no final newline
	}, "\n")
	res, err := Run(strings.NewReader(input), Settings{R018: &R018Settings{}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(res)
	if want := `{"OCID":{"last":{"R018":1.0},"ok":{"R018":1.0}}}`; string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if res.SkippedTotal != 4 {
		t.Fatalf("skipped %d lines, want 4: %+v", res.SkippedTotal, res.Skipped)
	}
	for i, line := range []int{4, 5, 6, 7} {
		if res.Skipped[i].Line != line {
			t.Errorf("skipped[%d] = %+v, want line %d", i, res.Skipped[i], line)
		}
	}
}

// With no currency setting, the main currency is the first one an amount-based indicator sees;
// bids in other currencies are ignored.
func TestRunMainCurrency(t *testing.T) {
	const lines = `{"ocid":"twd","bids":{"details":[{"status":"disqualified","value":{"amount":1,"currency":"TWD"}},{"status":"valid","value":{"amount":2,"currency":"TWD"}}]},"awards":[{"status":"active"}]}
{"ocid":"usd","bids":{"details":[{"status":"disqualified","value":{"amount":1,"currency":"USD"}},{"status":"valid","value":{"amount":2,"currency":"USD"}}]},"awards":[{"status":"active"}]}
{"ocid":"mixed","bids":{"details":[{"status":"disqualified","value":{"amount":1,"currency":"USD"}},{"status":"valid","value":{"amount":2,"currency":"TWD"}}]},"awards":[{"status":"active"}]}
`
	for currency, want := range map[string]string{
		"":    `{"OCID":{"twd":{"R036":1.0}}}`,
		"TWD": `{"OCID":{"twd":{"R036":1.0}}}`,
		"USD": `{"OCID":{"usd":{"R036":1.0}}}`,
	} {
		res, err := Run(strings.NewReader(lines), Settings{Currency: currency, R036: &NoSettings{}})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := json.Marshal(res); string(got) != want {
			t.Errorf("currency %q: got %s, want %s", currency, got, want)
		}
	}
}

func TestWholeDays(t *testing.T) {
	for _, c := range []struct {
		start, end string
		want       int64
	}{
		{"2000-01-01T18:00:00Z", "2000-01-16T17:59:59Z", 14},
		{"2000-01-01T18:00:00Z", "2000-01-16T18:00:00Z", 15},
		{"2000-01-16T18:00:00Z", "2000-01-01T18:00:01Z", -14}, // truncated toward zero
		{"2000-01-01T00:00:00+08:00", "2000-01-02T00:00:00Z", 1},
		{"1700-01-01T00:00:00Z", "2200-01-01T00:00:00Z", 182621}, // beyond time.Duration
	} {
		start, ok1 := timeAt(map[string]any{"d": c.start}, "d")
		end, ok2 := timeAt(map[string]any{"d": c.end}, "d")
		if !ok1 || !ok2 {
			t.Fatalf("parse %s / %s", c.start, c.end)
		}
		if got := wholeDays(start, end); got != c.want {
			t.Errorf("wholeDays(%s, %s) = %d, want %d", c.start, c.end, got, c.want)
		}
	}
	if _, ok := timeAt(map[string]any{"d": "2000-01-01 18:00:00z"}, "d"); !ok {
		t.Error("a space separator and a lowercase z are RFC 3339")
	}
	if _, ok := timeAt(map[string]any{"d": "2000-01-01"}, "d"); ok {
		t.Error("a date without time is not a date-time")
	}
}
