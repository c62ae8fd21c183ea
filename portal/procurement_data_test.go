package portal

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
)

// The planted processes: the outside test data in testdata/ has no tender of Taichung, so 25 processes of
// 臺中市政府建設局 are made here, with figures worked out by hand in the tests:
//   - process i (1–25) is titled 臺中市第i期道路維護工程, dated year 2022 + i%3, method limited when
//     i%5 == 0 (else open), awarded i × 1,000,000 TWD;
//   - supplierB (22222222) wins when i%4 == 0, supplierA (11111111) otherwise;
//   - i%3 == 0 had one tenderer, the winner; the others two, the winner and the other supplier.
//
// And one process of 交通部航港局 won by supplierC, with no bidder list and no number of tenderers.
const (
	plantedBuyer = "TW-GOV-3.76.47"
	supplierA    = "TW-UBN-11111111"
	supplierB    = "TW-UBN-22222222"
	supplierC    = "TW-UBN-33333333"
	otherBuyer   = "TW-GOV-A.15"
	pccOCID      = "ocds-twpcc-3.79.56-1080107MH"
	pccBuyer     = "TW-GOV-3.79.56"
	fictionOCID  = "ocds-213czf-000-00001"
)

var supplierNames = map[string]string{supplierA: "大安營造股份有限公司", supplierB: "中興土木包工業", supplierC: "港都標誌有限公司"}

func plantedRelease(i int) ocds.Release {
	ocid := fmt.Sprintf("ocds-test-tc-%02d", i)
	date := fmt.Sprintf("%d-%02d-15T00:00:00+08:00", 2022+i%3, 1+i%12)
	method := "open"
	if i%5 == 0 {
		method = "limited"
	}
	winner, other := supplierA, supplierB
	if i%4 == 0 {
		winner, other = supplierB, supplierA
	}
	bidders := []any{map[string]any{"id": winner, "name": supplierNames[winner]}}
	if i%3 != 0 {
		bidders = append(bidders, map[string]any{"id": other, "name": supplierNames[other]})
	}
	value := json.Number(strconv.Itoa(i * 1_000_000))
	return ocds.Release{
		"ocid": ocid, "id": ocid + "-1", "date": date, "tag": []any{"tender", "award"},
		"buyer": map[string]any{"id": plantedBuyer, "name": "臺中市政府建設局"},
		"tender": map[string]any{
			"id": ocid, "title": fmt.Sprintf("臺中市第%d期道路維護工程", i), "procurementMethod": method,
			"mainProcurementCategory": "works", "status": "complete",
			"value":             map[string]any{"amount": value, "currency": "TWD"},
			"tenderPeriod":      map[string]any{"startDate": date},
			"numberOfTenderers": json.Number(strconv.Itoa(len(bidders))), "tenderers": bidders,
		},
		"awards": []any{map[string]any{
			"id": "1", "status": "active", "date": date,
			"value":     map[string]any{"amount": value, "currency": "TWD"},
			"suppliers": []any{map[string]any{"id": winner, "name": supplierNames[winner]}},
		}},
	}
}

func otherBuyerRelease() ocds.Release {
	return ocds.Release{
		"ocid": "ocds-test-port-1", "id": "ocds-test-port-1-1", "date": "2021-06-01T00:00:00+08:00",
		"tag":    []any{"award"},
		"buyer":  map[string]any{"id": otherBuyer, "name": "交通部航港局"},
		"tender": map[string]any{"id": "port-1", "title": "港區標誌更新", "procurementMethod": "open"},
		"awards": []any{map[string]any{
			"id": "1", "status": "active", "date": "2021-06-01T00:00:00+08:00",
			"value":     map[string]any{"amount": json.Number("480000"), "currency": "TWD"},
			"suppliers": []any{map[string]any{"id": supplierC, "name": supplierNames[supplierC]}},
		}},
	}
}

// procurementSite stores the outside test data in testdata/ (the OCDS fictional example, the Paraguay package,
// the Taiwan notices) and the planted processes, and serves the portal on them.
func procurementSite(t testing.TB) (http.Handler, *pgxpool.Pool) {
	t.Helper()
	pool := testdb.New(t)
	saveReleases(t, pool, ocdsFile(t, "ocp-fictional_release-package_ocds-213czf-000-00001.json"), "import:fictional")
	saveReleases(t, pool, ocdsFile(t, "paraguay-dncp_release-package_1.1-2.json"), "import:paraguay")
	saveReleases(t, pool, pccFile(t, "pcc-api_tender_3.79.56_1080107MH.json"), "import:pcc")
	var planted []ocds.Release
	for i := 1; i <= 25; i++ {
		planted = append(planted, plantedRelease(i))
	}
	saveReleases(t, pool, append(planted, otherBuyerRelease()), "import:planted")
	return newRouter(t, pool), pool
}
