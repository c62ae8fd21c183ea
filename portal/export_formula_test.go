package portal

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
)

const formulaName = `=HYPERLINK("http://x","y")`

// formulaCells lists the cells of a download that a spreadsheet would read as a formula (a plain
// number, even negative, is not one).
func formulaCells(recs [][]string) []string {
	var bad []string
	for _, r := range recs {
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && c != "-" && strings.Trim(c, "-0123456789.") != "" {
				bad = append(bad, c)
			}
		}
	}
	return bad
}

// TestTenderDownloadsNeutralizeFormulas stores a process whose buyer, title and supplier are
// formulas and checks both tender downloads: the search's and the open data file.
func TestTenderDownloadsNeutralizeFormulas(t *testing.T) {
	pool := testdb.New(t)
	saveReleases(t, pool, []ocds.Release{{
		"ocid": "ocds-test-formula-1", "id": "ocds-test-formula-1-1", "date": "2024-01-15T00:00:00+08:00", "tag": []any{"tender"},
		"buyer": map[string]any{"id": "TW-GOV-X", "name": formulaName},
		"tender": map[string]any{"id": "f-1", "title": "@SUM(1+1)", "procurementMethod": "open", "procurementMethodDetails": "+cmd|' /C calc'!A0",
			"value": map[string]any{"amount": json.Number("1500"), "currency": "TWD"}},
	}}, "import:formula")
	h := newRouter(t, pool)
	for _, path := range []string{"/procurement/tenders.csv", "/opendata/procurement-tenders.csv"} {
		recs := readCSV(t, get(t, h, "zh-TW", path))
		if bad := formulaCells(recs); len(bad) > 0 {
			t.Errorf("%s: cells a spreadsheet runs as formulas: %q", path, bad)
		}
		if len(recs) != 2 || recs[1][3] != "'"+formulaName || recs[1][1] != "'@SUM(1+1)" || recs[1][5] != "'+cmd|' /C calc'!A0" || recs[1][9] != "1500" {
			t.Errorf("%s: %q", path, recs)
		}
	}
}

// TestApplicationStatisticsCSVNeutralizesFormulas names an agency and a service with formulas and
// checks the statistics' CSV.
func TestApplicationStatisticsCSVNeutralizesFormulas(t *testing.T) {
	h, pool := applicationsSite(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `UPDATE application_agencies SET name_zh = $1, name_en = '@x' WHERE code = '387000001A'`, formulaName); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE application_services SET name_zh = '-2+3+cmd|'' /C calc''!A0', name_en = E'\t=1'`); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, get(t, h, "zh-TW", "/opendata/applications-monthly-stats.csv"))
	if bad := formulaCells(recs); len(bad) > 0 {
		t.Errorf("cells a spreadsheet runs as formulas: %q", bad)
	}
	found := false
	for _, r := range recs {
		found = found || (r[3] == "'"+formulaName && r[4] == "'@x")
	}
	if !found {
		t.Errorf("the agency is not there, neutralized: %q", recs)
	}
}
