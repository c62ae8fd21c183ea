package portal

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// The tender page explains each flag raised for the process, and the tender list keeps only flagged
// processes when asked; a flag that does not exist is a clear 400.
func TestTenderPagesShowAndFilterRedFlags(t *testing.T) {
	r, pool := flagsEngine(t)
	flagData(t, pool) // ocds-f-0 had two days to bid and one bidder: R003 and R018

	body := getPage(t, r, "/procurement/tenders/ocds-f-0", "zh-TW")
	for _, want := range []string{`id="flag-R003"`, `id="flag-R018"`, "不能證明", `href="/procurement/flags#R018"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the flagged tender's page lacks %q", want)
		}
	}
	if strings.Contains(body, "[flag.") || strings.Contains(body, "[procurement.") {
		t.Error("a message key is missing")
	}
	calm := getPage(t, r, "/procurement/tenders/ocds-f-5", "en")
	if strings.Contains(calm, `id="flag-R0`) || !strings.Contains(calm, "showed none of the patterns") {
		t.Error("an unflagged tender's page does not say it showed no flag pattern")
	}

	list := getPage(t, r, "/procurement/tenders?flag=R018", "zh-TW")
	if !strings.Contains(list, "/procurement/tenders/ocds-f-0") || strings.Contains(list, "/procurement/tenders/ocds-f-5\"") {
		t.Error("flag=R018 does not keep exactly the flagged process")
	}
	if any := getPage(t, r, "/procurement/tenders?flag=any", "en"); !strings.Contains(any, "/procurement/tenders/ocds-f-0") {
		t.Error("flag=any misses the flagged process")
	}
	req := httptest.NewRequest("GET", "/procurement/tenders?flag=R999", nil)
	req.Header.Set("Accept-Language", "zh-TW")
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if w.Code != 400 || !strings.Contains(w.Body.String(), "請從清單中選擇警示指標") {
		t.Errorf("flag=R999: %d", w.Code)
	}
}

// A buyer's and a supplier's pages count their flagged processes per indicator, linked to the list.
func TestBuyerAndSupplierPagesCountTheirFlags(t *testing.T) {
	r, pool := flagsEngine(t)
	flagData(t, pool)
	buyer := getPage(t, r, "/procurement/buyers/3.76.47", "zh-TW")
	if !strings.Contains(buyer, `href="/procurement/tenders?buyer=3.76.47&amp;flag=R018"`) || !strings.Contains(buyer, "等標期過短") {
		t.Error("the buyer page does not count its flagged processes with a link to them")
	}
	supplier := getPage(t, r, "/procurement/suppliers/S1", "en")
	if !strings.Contains(supplier, `flag=R018`) || strings.Contains(supplier, "[procurement.") {
		t.Error("the supplier page does not count its flagged processes")
	}
	calm := getPage(t, r, "/procurement/suppliers/S2", "en")
	if !strings.Contains(calm, "no flag was raised for this organisation") {
		t.Error("a supplier without flags is not told so")
	}
}
