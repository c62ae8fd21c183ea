package portal

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
)

// benchmarkRelease is process i of buyer b in year, awarded value to supplier after tenderers bids.
func benchmarkRelease(b string, i, year, tenderers int, supplier string, value int) ocds.Release {
	ocid := fmt.Sprintf("ocds-bench-%s-%d", b, i)
	date := fmt.Sprintf("%d-06-01T00:00:00+08:00", year)
	return ocds.Release{
		"ocid": ocid, "id": ocid, "date": date, "tag": []any{"tender", "award"},
		"buyer":  map[string]any{"id": b, "name": "機關" + b},
		"tender": map[string]any{"id": ocid, "title": "工程", "tenderPeriod": map[string]any{"startDate": date}, "numberOfTenderers": json.Number(fmt.Sprint(tenderers))},
		"awards": []any{map[string]any{"id": "1", "status": "active", "date": date,
			"value":     map[string]any{"amount": json.Number(fmt.Sprint(value)), "currency": "TWD"},
			"suppliers": []any{map[string]any{"id": supplier, "name": "廠商" + supplier}}}},
	}
}

// A buyer's page sets its single-bid rate, HHI and top supplier's share beside the city's over the
// same years, worked out by hand:
//   - B1: 10 awards of 100 to S1, one tenderer each: HHI 10,000, top share 100%, 10 single bids;
//   - B2: 5 awards to S1 and 5 to S2, two tenderers each: HHI 5,000, top 50%, no single bid;
//   - B3: 6 to S1, 3 to S2, 3 to S3: HHI 2,500 + 625 + 625 = 3,750, top 50%; 3 of 12 single bids;
//   - B4: 2 awards, one tenderer each: single bids, but too few awards for the medians;
//   - B5: one single bid in 2019, outside the years of the others (2024).
//
// So in 2024: 15 single bids of 34 (44.1%), and the medians of B1–B3 are HHI 5,000 and 50.0%.
func TestBuyerPageSetsFiguresBesideTheCity(t *testing.T) {
	pool := testdb.New(t)
	var rels []ocds.Release
	for i := range 10 {
		rels = append(rels, benchmarkRelease("B1", i, 2024, 1, "S1", 100))
		s := "S1"
		if i >= 5 {
			s = "S2"
		}
		rels = append(rels, benchmarkRelease("B2", i, 2024, 2, s, 100))
	}
	for i := range 12 {
		s, n := "S1", 3
		switch {
		case i >= 9:
			s = "S3"
		case i >= 6:
			s = "S2"
		}
		if i < 3 {
			n = 1
		}
		rels = append(rels, benchmarkRelease("B3", i, 2024, n, s, 100))
	}
	rels = append(rels, benchmarkRelease("B4", 0, 2024, 1, "S9", 100), benchmarkRelease("B4", 1, 2024, 1, "S9", 100),
		benchmarkRelease("B5", 0, 2019, 1, "S9", 100))
	saveReleases(t, pool, rels, "import:test")
	h := newRouter(t, pool)

	b2 := get(t, h, "zh-TW", "/procurement/buyers/B2").unmarked()
	b2.mustHaveRows(t, "B2",
		"一家投標比率|0.0%（只有一家投標 0 件 ÷ 載明投標家數 10 件）|44.1%（只有一家投標 15 件 ÷ 載明投標家數 34 件）",
		"HHI|5,000（n = 10 件決標，2 家廠商）|中位數 5,000（3 個機關）",
		"得標最多廠商的金額占比|50.0%|中位數 50.0%（3 個機關）")
	b2.mustContain(t, "B2", "本機關與全市機關的比較（民國113年（2024））")
	if strings.Contains(b2.body, `class="dominant"`) {
		t.Error("B2's top supplier has half, not more: it is not dominant")
	}

	b1 := get(t, h, "en", "/procurement/buyers/B1").unmarked()
	b1.mustHaveRows(t, "B1 in English",
		"Single-bid rate|100.0% (10 with one tenderer ÷ 10 that give the number)|44.1% (15 with one tenderer ÷ 34 that give the number)",
		"HHI|10,000 (n = 10 awards, 1 supplier)|median 5,000 (3 buyers)",
		"Top supplier's share of value|100.0%|median 50.0% (3 buyers)")
	// The dominant supplier is said in words, not only by a colour.
	b1.mustContain(t, "B1 in English", "One supplier wins most of the value",
		`<a href="/procurement/suppliers/S1">廠商S1</a> received 100.0% of this buyer's awarded value, more than half.`)

	// B5's only year is 2019: the city then is its one process, and no buyer had ten awards.
	b5 := get(t, h, "zh-TW", "/procurement/buyers/B5").unmarked()
	b5.mustHaveRows(t, "B5", "一家投標比率|100.0%（只有一家投標 1 件 ÷ 載明投標家數 1 件）|100.0%（只有一家投標 1 件 ÷ 載明投標家數 1 件）",
		"HHI|10,000（n = 1 件決標，1 家廠商）|無法計算：沒有機關決標達 10 件")

	// A new import moves the data version on: the cached benchmark is not served stale.
	saveReleases(t, pool, []ocds.Release{benchmarkRelease("B4", 2, 2024, 1, "S9", 100)}, "import:test")
	get(t, h, "zh-TW", "/procurement/buyers/B2").mustHaveRows(t, "B2 after an import",
		"一家投標比率|0.0%（只有一家投標 0 件 ÷ 載明投標家數 10 件）|45.7%（只有一家投標 16 件 ÷ 載明投標家數 35 件）")
}
