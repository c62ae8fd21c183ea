package portal

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/ocds"
)

// bidsOCID is a tender with two days to bid (R003), published bids (two at the same price, one
// disqualified) and its notice at the source, beside a hostile document address.
const bidsOCID = "ocds-test-bids-1"

func bidsRelease() ocds.Release {
	bid := func(id, supplier, name, price, status string) map[string]any {
		return map[string]any{"id": id, "status": status, "tenderers": []any{map[string]any{"id": supplier, "name": name}},
			"value": map[string]any{"amount": json.Number(price), "currency": "TWD"}}
	}
	return ocds.Release{
		"ocid": bidsOCID, "id": bidsOCID + "-1", "date": "2024-03-20T00:00:00+08:00", "tag": []any{"tender", "award"},
		"buyer": map[string]any{"id": plantedBuyer, "name": "臺中市政府建設局"},
		"tender": map[string]any{
			"id": "113A01", "title": "臺中市人行道改善工程", "procurementMethod": "open", "procurementMethodDetails": "公開招標",
			"tenderPeriod":      map[string]any{"startDate": "2024-03-01T09:00:00+08:00", "endDate": "2024-03-03T17:00:00+08:00"},
			"numberOfTenderers": json.Number("3"),
			"tenderers": []any{map[string]any{"id": supplierA, "name": supplierNames[supplierA]},
				map[string]any{"id": supplierB, "name": supplierNames[supplierB]},
				map[string]any{"id": supplierC, "name": supplierNames[supplierC]}},
			"documents": []any{
				map[string]any{"id": "1", "documentType": "tenderNotice", "url": "https://web.pcc.gov.tw/tps/notice/113A01"},
				map[string]any{"id": "2", "documentType": "tenderNotice", "url": "javascript:alert(1)"},
			},
		},
		"bids": map[string]any{"details": []any{
			bid("1", supplierA, supplierNames[supplierA], "1000000", "valid"),
			bid("2", supplierB, supplierNames[supplierB], "1000000", "valid"),
			bid("3", supplierC, supplierNames[supplierC], "900000", "disqualified"),
		}},
		"awards": []any{map[string]any{"id": "1", "status": "active", "date": "2024-03-20T00:00:00+08:00",
			"value":     map[string]any{"amount": json.Number("1000000"), "currency": "TWD"},
			"suppliers": []any{map[string]any{"id": supplierA, "name": supplierNames[supplierA]}}}},
	}
}

// zhMark is the mark {{zh}} puts around Chinese text; tests of wording read the text without it.
var zhMark = regexp.MustCompile(`<span lang="zh-Hant">([^<]*)</span>`)

// unmarked is the answer with the zh-Hant marks taken off the text they wrap.
func (a answer) unmarked() answer {
	a.body = zhMark.ReplaceAllString(a.body, "$1")
	return a
}

// A tender page says its method once, puts its red flags with their caveat before the bids and the
// awards, shows each bid's price and qualification so that a flag can be checked, and links to the
// notice at its source (and only to a web address).
func TestTenderPageShowsFlagsFirstAndTheBids(t *testing.T) {
	pool := testdb.New(t)
	saveReleases(t, pool, []ocds.Release{bidsRelease()}, "import:test")
	if _, err := flags.Recompute(context.Background(), pool, flags.TaiwanSettings(), nil); err != nil {
		t.Fatal(err)
	}
	h := newRouter(t, pool)

	for _, lang := range []string{"zh-TW", "en"} {
		a := get(t, h, lang, "/procurement/tenders/"+bidsOCID)
		if a.status != 200 {
			t.Fatalf("%s: status %d", lang, a.status)
		}
		u := a.unmarked()
		method := regexp.MustCompile(`(?s)<dt>(?:招標方式|Procurement method)</dt><dd>(.*?)</dd>`).FindStringSubmatch(u.body)
		if method == nil {
			t.Fatalf("%s: no method", lang)
		}
		if lang == "zh-TW" && method[1] != "公開招標" {
			t.Errorf("zh-TW: the method reads %q, want 公開招標 once", method[1])
		}
		if lang == "en" && !strings.Contains(method[1], "Open") || strings.Count(method[1], "公開招標") > 1 {
			t.Errorf("%s: the method reads %q", lang, method[1])
		}
		flagsAt, bidsAt, awardsAt := strings.Index(a.body, `id="flags-h"`), strings.Index(a.body, `id="bidders-h"`), strings.Index(a.body, `id="awards-h"`)
		if flagsAt < 0 || bidsAt < flagsAt || awardsAt < bidsAt {
			t.Errorf("%s: flags at %d, bids at %d, awards at %d: the flags must come first", lang, flagsAt, bidsAt, awardsAt)
		}
		if r003 := strings.Index(a.body, `id="flag-R003"`); r003 < flagsAt || r003 > bidsAt {
			t.Errorf("%s: R003 is not explained in the flags section", lang)
		}
		if strings.Contains(a.body, "javascript:") {
			t.Errorf("%s: a javascript: address is linked", lang)
		}
	}

	zh := get(t, h, "zh-TW", "/procurement/tenders/"+bidsOCID).unmarked()
	zh.mustContain(t, "zh-TW tender", "紅旗不是指控", "看到了什麼，為什麼值得注意",
		`<a href="https://web.pcc.gov.tw/tps/notice/113A01" rel="noopener noreferrer">招標公告</a>`, "(web.pcc.gov.tw)",
		"3 件投標，依標價由低到高排列")
	zh.mustHaveRows(t, "zh-TW bids",
		"港都標誌有限公司|NT$900,000|不合格|未得標",
		"大安營造股份有限公司|NT$1,000,000 合格標中最低價 與另一家標價完全相同|合格|得標",
		"中興土木包工業|NT$1,000,000 與另一家標價完全相同|合格|未得標")

	en := get(t, h, "en", "/procurement/tenders/"+bidsOCID)
	en.mustContain(t, "en tender", `<span lang="zh-Hant">大安營造股份有限公司</span>`, "A red flag is not an accusation",
		`Award: <span lang="zh-Hant">大安營造股份有限公司</span>`, "Tender notice", "Price offered")
	if strings.Contains(en.body, "Award：") || strings.Contains(en.body, "：<") {
		t.Error("the English page uses Chinese punctuation")
	}
	en.unmarked().mustHaveRows(t, "en bids", "港都標誌有限公司|NT$900,000|Disqualified|Not awarded")
}
