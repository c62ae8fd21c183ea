package indicators

import (
	"encoding/json"
	"strings"
	"testing"
)

// fuzzReleases exercise every indicator a little, so that settings the parser accepts are also run.
const fuzzReleases = `{"ocid":"a","buyer":{"id":"B"},"tender":{"procurementMethod":"open","procurementMethodDetails":"公開招標","numberOfTenderers":1,"procuringEntity":{"id":"P"},"tenderPeriod":{"startDate":"2024-01-01T00:00:00+08:00","endDate":"2024-01-03T12:00:00+08:00"}},"bids":{"details":[{"status":"valid","date":"2024-01-04T00:00:00+08:00","tenderers":[{"id":"W"}],"value":{"amount":100,"currency":"TWD"}},{"status":"valid","tenderers":[{"id":"L"}],"value":{"amount":100.5,"currency":"TWD"}},{"status":"disqualified","tenderers":[{"id":"D"}],"value":{"amount":90,"currency":"TWD"}}]},"awards":[{"status":"active","suppliers":[{"id":"W"}],"items":[{"classification":{"id":"45000000"}}]}]}
{"ocid":"b","buyer":{"id":"B"},"tender":{"procurementMethod":"limited","procurementMethodDetails":"限制性招標(未經公開評選或公開徵求)"},"bids":{"details":[{"status":"valid","tenderers":[{"id":"L"}],"value":{"amount":5,"currency":"USD"}},{"status":"valid","tenderers":[{"id":"W"}],"value":{"amount":1000,"currency":"TWD"}}]},"awards":[{"status":"active","suppliers":[{"id":"L"}],"items":[{"classification":{"id":"30000000"}}]}]}
not json
{"ocid":"c","tender":{"status":"cancelled"}}
`

// FuzzParseSettings: any input either fails with an error or gives settings that Run accepts, on
// releases that reach every indicator, without panicking; and parsing is deterministic.
func FuzzParseSettings(f *testing.F) {
	f.Add("currency = TWD\n[R003]\nthreshold = 4\n[R003.procurement_method_details]\n公開招標 = 4\n")
	f.Add("no_price_comparison_procurement_methods = A|B|\n[exclusions]\nprocurement_method_details = 'X'\n")
	f.Add("[R018]\nprocurement_methods =\n[R024]\nthreshold = 0.05\n[R025]\npercentile = 100\nthreshold = 1e308\n")
	f.Add("[R028]\n[R030]\n[R035]\nthreshold = 0\n[R036]\n[R038]\nminimum_submitted_bids = 0\n")
	f.Add("[R048]\ndigits = 18446744073709551615\nthreshold = 0\nminimum_contracting_processes = 0\n[R058]\nthreshold = -1\n")
	f.Add("\ufeff; comment\n# comment\n[defaults]\nanything = goes\n")
	f.Add("[R003\n")
	f.Add("price_comparison_procurement_methods = 公開招標\n[R024]\n[R058]\n[R025]\n[R038]\n[R048]\n")
	f.Fuzz(func(t *testing.T, ini string) {
		s, err := ParseSettings(strings.NewReader(ini))
		if err != nil {
			return
		}
		again, err := ParseSettings(strings.NewReader(ini))
		if err != nil {
			t.Fatalf("second parse failed: %v", err)
		}
		a, _ := json.Marshal(s)
		b, _ := json.Marshal(again)
		if string(a) != string(b) {
			t.Fatalf("parsing is not deterministic:\n%s\n%s", a, b)
		}
		res, err := Run(strings.NewReader(fuzzReleases), s)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if res.SkippedTotal != 1 {
			t.Fatalf("skipped %d lines, want the one that is not JSON", res.SkippedTotal)
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("result does not marshal: %v", err)
		}
	})
}
