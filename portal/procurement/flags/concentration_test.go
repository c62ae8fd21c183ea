package flags

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
)

// planted is one process with one award, for concentration tests.
type planted struct {
	ocid, buyer  string
	suppliers    []string // ids; "" for a supplier listed by name only
	value        string   // "" for none
	currency     string
	awardDate    string // "" for none
	tenderStart  string
	awardStatus  string
	tenderStatus string
}

func (p planted) release() ocds.Release {
	var sups []any
	for _, s := range p.suppliers {
		if s == "" {
			sups = append(sups, map[string]any{"name": "無統編廠商"})
			continue
		}
		sups = append(sups, map[string]any{"id": s, "name": "廠商" + s})
	}
	award := map[string]any{"id": "1", "status": p.awardStatus, "suppliers": sups}
	if p.value != "" {
		award["value"] = map[string]any{"amount": json.Number(p.value), "currency": p.currency}
	}
	if p.awardDate != "" {
		award["date"] = p.awardDate
	}
	tender := map[string]any{"id": p.ocid, "status": p.tenderStatus,
		"tenderPeriod": map[string]any{"startDate": p.tenderStart}}
	return ocds.Release{
		"ocid": p.ocid, "id": p.ocid + "-1", "date": p.tenderStart, "tag": []any{"award"},
		"buyer":  map[string]any{"id": p.buyer, "name": "機關" + p.buyer},
		"tender": tender, "awards": []any{award},
	}
}

// concentrationData: buyer B1 in 2023, 2024 and 2025, and what must be left out.
var concentrationData = []planted{
	// 2024: S1 500; S2 300; S1 and S3 share 200 (100 each, half an award each); S2 1,000 USD
	// (counted, no value); so values S1 600, S2 300, S3 100 of 1,000 TWD and counts S1 1.5, S2 2,
	// S3 0.5 of 4.
	{"c-1", "B1", []string{"S1"}, "500", "TWD", "2024-03-01T00:00:00+08:00", "2024-02-01T00:00:00+08:00", "active", "complete"},
	{"c-2", "B1", []string{"S2"}, "300", "TWD", "2024-04-01T00:00:00+08:00", "2024-02-01T00:00:00+08:00", "active", "complete"},
	{"c-3", "B1", []string{"S1", "S3"}, "200", "TWD", "2024-05-01T00:00:00+08:00", "2024-02-01T00:00:00+08:00", "", "complete"},
	{"c-4", "B1", []string{"S2"}, "1000", "USD", "2024-06-01T00:00:00+08:00", "2024-02-01T00:00:00+08:00", "active", "complete"},
	// Left out: a pending award, a cancelled tender, no buyer.
	{"c-5", "B1", []string{"S4"}, "9000", "TWD", "2024-06-01T00:00:00+08:00", "2024-02-01T00:00:00+08:00", "pending", "complete"},
	{"c-6", "B1", []string{"S4"}, "9000", "TWD", "2024-06-01T00:00:00+08:00", "2024-02-01T00:00:00+08:00", "active", "cancelled"},
	// Counted: a supplier named without an id is grouped by its name (name-無統編廠商).
	{"c-7", "B1", []string{""}, "9000", "TWD", "2024-06-01T00:00:00+08:00", "2024-02-01T00:00:00+08:00", "active", "complete"},
	// 2025 in Taiwan time (2024-12-31 20:00 UTC): S5 alone.
	{"c-8", "B1", []string{"S5"}, "100", "TWD", "2024-12-31T20:00:00Z", "2024-12-01T00:00:00+08:00", "active", "complete"},
	// 2025: S6 shares 300 with a supplier that has no id but a name: each counts half (150, 0.5 of
	// an award) beside S5's 100, over 2 awards and 3 suppliers.
	{"c-11", "B1", []string{"S6", ""}, "300", "TWD", "2025-02-01T00:00:00+08:00", "2025-01-01T00:00:00+08:00", "active", "complete"},
	// 2023, by the tender date (the award has none), with no value: counts only.
	{"c-9", "B1", []string{"S2"}, "", "", "", "2023-05-01T00:00:00+08:00", "active", "complete"},
}

func f64(v float64) *float64 { return &v }
func str(s string) *string   { return &s }

func TestConcentrationNumbers(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	var rels []ocds.Release
	for _, p := range concentrationData {
		rels = append(rels, p.release())
	}
	noBuyer := concentrationData[0]
	noBuyer.ocid, noBuyer.buyer = "c-10", ""
	rel := noBuyer.release()
	delete(rel, "buyer")
	save(t, pool, append(rels, rel))
	run := mustRecompute(t, pool, TaiwanSettings())
	if run.BuyerYears != 3 {
		t.Errorf("run wrote %d buyer-years, want 3", run.BuyerYears)
	}

	got, err := Concentration(ctx, pool, "B1")
	if err != nil {
		t.Fatal(err)
	}
	base := BuyerYear{BuyerID: "B1", BuyerName: "機關B1", Currency: "TWD"}
	y2025, y2024, y2023 := base, base, base
	// S6 and the name-grouped supplier tie at 150; the lower id, S6, is the top one.
	y2025.Year, y2025.Awards, y2025.Suppliers, y2025.TotalValue = 2025, 2, 3, str("400")
	y2025.TopSupplierID, y2025.TopSupplierName = "S6", "廠商S6"
	y2025.TopValueShare, y2025.TopCountShare, y2025.HHI = f64(0.375), 0.5/2, f64(25*25+37.5*37.5+37.5*37.5)
	// The USD award counts as an award but not in the TWD value: S1 600, S2 300, S3 100, the
	// name-grouped supplier 9,000.
	y2024.Year, y2024.Awards, y2024.Suppliers, y2024.TotalValue = 2024, 5, 4, str("10000")
	y2024.TopSupplierID, y2024.TopSupplierName = "name-無統編廠商", "無統編廠商"
	y2024.TopValueShare, y2024.TopCountShare, y2024.HHI = f64(0.9), 0.2, f64(36+9+1+8100)
	y2023.Year, y2023.Awards, y2023.Suppliers = 2023, 1, 1
	y2023.TopSupplierID, y2023.TopSupplierName = "S2", "廠商S2"
	y2023.TopCountShare = 1
	want := []BuyerYear{y2025, y2024, y2023}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("concentration of B1:\n got %s\nwant %s", jsonText(got), jsonText(want))
	}

	top, err := MostConcentrated(ctx, pool, 3, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 1 || top[0].Year != 2024 {
		t.Errorf("most concentrated with at least 3 awards: %s", jsonText(top))
	}
	top, err = MostConcentrated(ctx, pool, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 3 || top[0].Year != 2024 || top[1].Year != 2025 || top[2].Year != 2023 {
		t.Errorf("highest HHI first, those without values last: %s", jsonText(top))
	}
	if top, _ := MostConcentrated(ctx, pool, 1, 1); len(top) != 1 {
		t.Errorf("limit 1 gave %d rows", len(top))
	}
	counts := run.Counts()
	for _, c := range counts {
		if (c.Code == "R040" || c.Code == "R051") && c.Buyers != 1 {
			t.Errorf("%s measured %d buyers, want 1", c.Code, c.Buyers)
		}
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
