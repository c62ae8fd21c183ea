package portal

import (
	"strings"
	"testing"
)

// visibleText is the answer's text as a reader sees it: the tags taken off, the head left out.
func (a answer) visibleText() string {
	body := a.body
	if i := strings.Index(body, "<body"); i >= 0 {
		body = body[i:]
	}
	return htmlTag.ReplaceAllString(body, " ")
}

// A supplier's page shows its 統一編號 under that name and never the import's party id (TW-UBN-…), the
// tenders it bid in and lost with who won them, and the bidders it met most with who won.
func TestSupplierPageShowsBusinessIDLostBidsAndCoBidders(t *testing.T) {
	h, _ := procurementSite(t)

	for _, lang := range []string{"zh-TW", "en"} {
		for _, id := range []string{supplierA, supplierB, supplierC, "TW-UBN-28704347", "TW-UBN-70576576"} {
			a := get(t, h, lang, "/procurement/suppliers/"+id)
			if a.status != 200 {
				t.Fatalf("%s (%s): status %d", id, lang, a.status)
			}
			if strings.Contains(a.visibleText(), "TW-UBN-") {
				t.Errorf("%s (%s) shows an internal identifier TW-UBN-…", id, lang)
			}
			label := map[string]string{"zh-TW": "<dt>統一編號</dt>", "en": "<dt>Business ID (統一編號)</dt>"}[lang]
			a.unmarked().mustContain(t, id+" ("+lang+")", label+"<dd>"+strings.TrimPrefix(id, "TW-UBN-")+"</dd>")
		}
	}

	// Supplier A bid in 23 planted processes and won 19: it lost 4, 8, 16 and 20 to B (2024: 20 and 8,
	// 2023: 16 and 4, newest first). It met B in the 17 processes with two bidders (i%3 != 0), won
	// 13 of them, and B 4.
	a := get(t, h, "zh-TW", "/procurement/suppliers/"+supplierA).unmarked()
	a.mustContain(t, "supplier A's lost bids", "投標但未得標的標案",
		"決標給其他廠商的標案共 4 件；以下是最近的 4 件", "最常一起投標的廠商", "在 17 件有其他廠商一起投標的標案中")
	a.mustHaveRows(t, "supplier A",
		"中興土木包工業|17|13|4",
		"臺中市第20期道路維護工程 民國113年9月15日（2024-09-15） · 臺中市政府建設局|—|中興土木包工業 NT$20,000,000")
	lost := []string{"ocds-test-tc-20", "ocds-test-tc-08", "ocds-test-tc-16", "ocds-test-tc-04"}
	at := -1
	for _, ocid := range lost {
		i := strings.Index(a.body, `<a href="/procurement/tenders/`+ocid+`">`)
		if i < at {
			t.Errorf("lost bid %s is out of order or missing", ocid)
		}
		at = i
	}

	// The Taiwan notice's losing bidder: it lost to the joint winners, and met three bidders once each.
	l := get(t, h, "en", "/procurement/suppliers/TW-UBN-28704347").unmarked()
	l.mustContain(t, "losing bidder", "names this supplier but that were awarded to others: 1. The latest 1 are below.",
		"中工保全股份有限公司, 中工公寓大廈管理維護有限公司", "NT$24,280,861")
	l.mustHaveRows(t, "losing bidder", "中工公寓大廈管理維護有限公司|1|0|1", "泰翔公寓大廈管理維護股份有限公司|1|0|0")

	// A supplier whose tender published no bidder list says why nothing is shown.
	get(t, h, "zh-TW", "/procurement/suppliers/"+supplierC).mustContain(t, "no bidder list",
		"沒有找到這家廠商投標但未得標的標案", "沒有找到一起投標的其他廠商")
}
