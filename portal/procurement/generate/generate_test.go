package generate

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"integrity-portal/portal/procurement/indicators"
	"integrity-portal/portal/procurement/ocds"
)

func jsonOf(t *testing.T, r ocds.Release) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGenerateDeterministic: a release depends on the seed and its number only.
func TestGenerateDeterministic(t *testing.T) {
	a, b, other := New(Options{Seed: 1}), New(Options{Seed: 1}), New(Options{Seed: 2})
	var forward []string
	for r := range a.Releases(50) {
		forward = append(forward, jsonOf(t, r))
	}
	for i := 49; i >= 0; i-- {
		if got := jsonOf(t, b.Release(i)); got != forward[i] {
			t.Fatalf("release %d differs between generators of one seed, or with the order of making:\n%s\n%s", i, got, forward[i])
		}
	}
	same := 0
	for i := range 50 {
		if jsonOf(t, other.Release(i)) == forward[i] {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d releases are the same with another seed", same)
	}
	if got := New(Options{Seed: 1, OCIDPrefix: "ocds-xyz"}).Release(3).OCID(); !strings.HasPrefix(got, "ocds-xyz-3.76.") {
		t.Errorf("ocid with a prefix: %s", got)
	}
}

func TestGenerateValidUBN(t *testing.T) {
	for s, want := range map[string]bool{
		"22099131": true,  // a well-known company's: weighted digit sum 30
		"12345670": true,  // seventh digit 7 counted as 1: sum 35
		"12345675": true,  // as 10: sum 40
		"12345672": false, // neither
		"22099132": false,
		"2209913":  false,
		"2209913a": false,
	} {
		if ValidUBN(s) != want {
			t.Errorf("ValidUBN(%q) = %v", s, !want)
		}
	}
	for n := 0; n < 10_000_000; n += 997 {
		if s := ubnFrom(n); !ValidUBN(s) || s[:7] != ubnFrom(n)[:7] {
			t.Fatalf("ubnFrom(%d) = %s, not valid", n, s)
		}
	}
}

// sample is a few thousand generated releases with their patterns.
type sample struct {
	g        *Generator
	releases []ocds.Release
	patterns []Pattern
	jsonl    []byte
}

// sharedSample is made once for the tests that read it: 6,000 processes, enough for every planted
// pattern to occur a few times.
var sharedSample = sync.OnceValue(func() *sample {
	s := &sample{g: New(Options{Seed: 20260101})}
	var buf bytes.Buffer
	for i := range 6000 {
		r := s.g.Release(i)
		s.releases = append(s.releases, r)
		s.patterns = append(s.patterns, s.g.Patterns(i))
		b, err := json.Marshal(r)
		if err != nil {
			panic(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	s.jsonl = buf.Bytes()
	return s
})

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func amount(t *testing.T, v any) int64 {
	n, err := obj(v)["amount"].(json.Number).Int64()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestGenerateRealism checks ids, shapes and shares against what the generator claims to imitate.
func TestGenerateRealism(t *testing.T) {
	s := sharedSample()
	seen := map[string]bool{}
	var openSelective, singleBid, quotations, openTenders int
	statuses := map[string]int{}
	var joint, tenderAmendments, contractAmendments int
	keywords := map[string]int{}
	for i, r := range s.releases {
		ocid := r.OCID()
		if seen[ocid] || !strings.HasPrefix(ocid, DefaultOCIDPrefix+"-3.76.") {
			t.Fatalf("ocid %q repeated or badly made", ocid)
		}
		seen[ocid] = true
		if r["id"] != ocid+"-"+r.Date() || !r.IsCompiled() {
			t.Fatalf("%s: id %v, tag %v", ocid, r["id"], r["tag"])
		}
		parties := map[string]map[string]any{}
		for _, p := range r["parties"].([]any) {
			p := obj(p)
			id := str(p, "id")
			ident := obj(p["identifier"])
			switch {
			case strings.HasPrefix(id, "TW-GOV-3.76."):
			case strings.HasPrefix(id, "TW-UBN-") && ValidUBN(strings.TrimPrefix(id, "TW-UBN-")):
			default:
				t.Fatalf("%s: party id %q", ocid, id)
			}
			if str(ident, "scheme")+"-"+str(ident, "id") != id || str(p, "name") == "" {
				t.Fatalf("%s: party %v", ocid, p)
			}
			parties[id] = p
		}
		if buyer := str(obj(r["buyer"]), "id"); parties[buyer] == nil {
			t.Fatalf("%s: buyer %s is no party", ocid, buyer)
		}
		tender := obj(r["tender"])
		for _, tt := range []string{"title", "status", "procurementMethod", "procurementMethodDetails", "mainProcurementCategory"} {
			if str(tender, tt) == "" {
				t.Fatalf("%s: no tender/%s", ocid, tt)
			}
		}
		title, details, status := str(tender, "title"), str(tender, "procurementMethodDetails"), str(tender, "status")
		statuses[status]++
		for _, k := range []string{KeywordCommon, KeywordSelective, KeywordFour} {
			if strings.Contains(title, k) {
				keywords[k]++
			}
		}
		budget := amount(t, tender["value"])
		category := str(tender, "mainProcurementCategory")
		if budget < SmallPurchase || details == methodQuotation.details && budget >= NoticeThreshold {
			t.Fatalf("%s: %s of NT$%d", ocid, details, budget)
		}
		if period := obj(tender["tenderPeriod"]); period != nil && !s.patterns[i].Has(ShortPeriod) {
			start, _ := time.Parse(time.RFC3339, str(period, "startDate"))
			end, _ := time.Parse(time.RFC3339, str(period, "endDate"))
			min := minTenderDays[bandSmall]
			if budget >= AuditThreshold(category) {
				min = minTenderDays[bandAudit]
			} else if budget >= NoticeThreshold {
				min = minTenderDays[bandNotice]
			}
			if days := int(end.Sub(start).Hours() / 24); days < min {
				t.Fatalf("%s: tender period of %d days for NT$%d", ocid, days, budget)
			}
		}
		if tender["amendments"] != nil {
			tenderAmendments++
		}
		if details == methodQuotation.details {
			quotations++
		}
		if details == methodOpen.details {
			openTenders++
		}
		if n, ok := tender["numberOfTenderers"].(json.Number); ok && status == "complete" {
			bids := obj(r["bids"])["details"].([]any)
			if c, _ := n.Int64(); int(c) != len(bids) {
				t.Fatalf("%s: numberOfTenderers %s, %d bids", ocid, n, len(bids))
			}
			if m := str(tender, "procurementMethod"); m == "open" || m == "selective" {
				openSelective++
				if n == "1" {
					singleBid++
				}
			}
		}
		for _, a := range asList(r["awards"]) {
			sup := asList(obj(a)["suppliers"])
			if len(sup) > 1 {
				joint++
			}
			for _, sp := range sup {
				if parties[str(obj(sp), "id")] == nil {
					t.Fatalf("%s: supplier %v is no party", ocid, sp)
				}
			}
		}
		for _, c := range asList(r["contracts"]) {
			if obj(c)["amendments"] != nil {
				contractAmendments++
			}
		}
	}
	n := float64(len(s.releases))
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %.4f, want %.4f to %.4f", what, got, lo, hi)
		}
	}
	within("share of single bids among open and selective tenders", float64(singleBid)/float64(openSelective), 0.12, 0.30)
	within("share of 公開取得報價單或企劃書", float64(quotations)/n, 0.30, 0.50)
	within("share of 公開招標", float64(openTenders)/n, 0.25, 0.45)
	within("share of complete tenders", float64(statuses["complete"])/n, 0.80, 0.95)
	within("share of "+KeywordCommon, float64(keywords[KeywordCommon])/n, 0.04, 0.06)
	within("share of "+KeywordFour, float64(keywords[KeywordFour])/n, 0.002, 0.009)
	within("share of "+KeywordSelective, float64(keywords[KeywordSelective])/n, 0, 0.003)
	for _, st := range []string{"active", "unsuccessful", "cancelled"} {
		if statuses[st] == 0 {
			t.Errorf("no %s tender", st)
		}
	}
	if joint == 0 || tenderAmendments == 0 || contractAmendments == 0 {
		t.Errorf("joint awards %d, tender amendments %d, contract amendments %d: want some of each", joint, tenderAmendments, contractAmendments)
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }

// TestGeneratePlantedPatternsRaiseTheirFlags runs the indicators with the settings Pattern documents and
// finds every planted process, buyer and firm.
func TestGeneratePlantedPatternsRaiseTheirFlags(t *testing.T) {
	s := sharedSample()
	seven, onePercent := int64(7), 0.01
	res, err := indicators.Run(bytes.NewReader(s.jsonl), indicators.Settings{
		R003: &indicators.R003Settings{Threshold: &seven},
		R018: &indicators.R018Settings{},
		R024: &indicators.FenceSettings{Threshold: &onePercent},
		R028: &indicators.NoSettings{},
		R030: &indicators.NoSettings{},
		R035: &indicators.R035Settings{},
		R036: &indicators.NoSettings{},
		R038: &indicators.R038Settings{},
		R048: &indicators.R048Settings{},
		R058: &indicators.FenceSettings{},
	})
	if err != nil {
		t.Fatal(err)
	}
	flags := map[Pattern][]string{
		ShortPeriod:        {"R003"},
		SingleBid:          {"R018"},
		CoverBids:          {"R035"},
		IdenticalBids:      {"R028", "R024"},
		LowestDisqualified: {"R036"},
		LateBidWon:         {"R030"},
		HeavyDiscount:      {"R058"},
	}
	planted := map[Pattern]int{}
	for i, r := range s.releases {
		for p, codes := range flags {
			if !s.patterns[i].Has(p) {
				continue
			}
			planted[p]++
			for _, code := range codes {
				if _, ok := res.OCID[r.OCID()][code]; !ok {
					t.Errorf("%s (%s) not flagged %s: %v", r.OCID(), s.patterns[i], code, res.OCID[r.OCID()])
				}
			}
		}
	}
	for p := range flags {
		if planted[p] < 3 {
			t.Errorf("only %d processes with %s", planted[p], p)
		}
	}
	// R003 with threshold 7 flags only what was planted.
	short := 0
	for _, codes := range res.OCID {
		if _, ok := codes["R003"]; ok {
			short++
		}
	}
	if short != planted[ShortPeriod] {
		t.Errorf("R003 flags %d processes, %d planted", short, planted[ShortPeriod])
	}

	cast := s.g.Cast()
	for _, id := range []string{cast.CartelBuyer, cast.DisqualifyingBuyer} {
		if _, ok := res.Buyer[id]["R038"]; !ok {
			t.Errorf("buyer %s not flagged R038: %v", id, res.Buyer[id])
		}
	}
	for id, codes := range res.Buyer {
		if id != cast.CartelBuyer && id != cast.DisqualifyingBuyer && codes["R038"] >= min(res.Buyer[cast.CartelBuyer]["R038"], res.Buyer[cast.DisqualifyingBuyer]["R038"]) {
			t.Errorf("buyer %s has a higher share of disqualified bids (%v) than a planted one", id, codes)
		}
	}
	for _, id := range cast.Cartel {
		for _, code := range []string{"R028", "R035"} {
			if _, ok := res.Tenderer[id][code]; !ok {
				t.Errorf("cartel member %s not flagged %s: %v", id, code, res.Tenderer[id])
			}
		}
	}
	heterogeneous := 0
	for id, codes := range res.Tenderer {
		if _, ok := codes["R048"]; ok {
			heterogeneous++
			if id != cast.Shell {
				t.Errorf("R048 flags %s, not the shell firm %s", id, cast.Shell)
			}
		}
	}
	if heterogeneous != 1 {
		t.Errorf("R048 flags %d firms, want the shell firm", heterogeneous)
	}
}

// TestGenerateFavouredPairsConcentrate: each favoured supplier wins most of its buyer's awards in its trade.
func TestGenerateFavouredPairsConcentrate(t *testing.T) {
	s := sharedSample()
	for _, pr := range s.g.pop.planted.pairs {
		buyer, supplier := agencyOrg(agencies[pr.agency]).id, s.g.pop.suppliers[pr.supplier].id
		won, awarded := 0, 0
		for _, r := range s.releases {
			if str(obj(r["buyer"]), "id") != buyer {
				continue
			}
			for _, a := range asList(r["awards"]) {
				item := obj(asList(obj(a)["items"])[0])
				if str(obj(item["classification"]), "id") != trades[pr.trade].class || str(obj(a), "status") != "active" {
					continue
				}
				awarded++
				if str(obj(asList(obj(a)["suppliers"])[0]), "id") == supplier {
					won++
				}
			}
		}
		if awarded < 5 || float64(won)/float64(awarded) < 0.5 {
			t.Errorf("%s gave %s %d of its %d awards of %s", buyer, supplier, won, awarded, trades[pr.trade].key)
		}
	}
}
