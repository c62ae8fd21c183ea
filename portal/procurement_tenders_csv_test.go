package portal

import (
	"encoding/csv"
	"net/url"
	"strings"
	"testing"
)

// readCSV checks a download's type and BOM and returns its records.
func readCSV(t *testing.T, a answer) [][]string {
	t.Helper()
	if a.status != 200 || a.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(a.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: status %d, %q, %q", a.status, a.header.Get("Content-Type"), a.header.Get("Content-Disposition"))
	}
	body, ok := strings.CutPrefix(a.body, "\ufeff")
	if !ok {
		t.Fatal("the CSV has no UTF-8 BOM")
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestTenderDownloadIsTheSearchAsCSV(t *testing.T) {
	h, _ := procurementSite(t)

	zh := readCSV(t, get(t, h, "zh-TW", "/procurement/tenders.csv?"+url.Values{"q": {"臺北"}}.Encode()))
	wantHeader := "標案編號(OCID),標案名稱,機關代碼,機關名稱,招標方式,招標方式（原文）,採購類別,標案狀態,日期,預算金額,預算幣別,決標金額,決標幣別,決標日期,投標廠商家數,得標廠商代碼"
	if len(zh) != 2 || strings.Join(zh[0], ",") != wantHeader {
		t.Fatalf("zh download: %q", zh)
	}
	want := []string{pccOCID, "108年度臺北市健康公共住宅暨洲美、新興、大湖朕寶公共住宅戶委託管理維護案", pccBuyer,
		"臺北市政府都市發展局", "limited", "限制性招標(經公開評選或公開徵求)", "services", "complete", "2019-01-16",
		"25775360", "TWD", "25420000", "TWD", "2019-03-21", "3", "TW-UBN-70576576;TW-UBN-89486759"}
	if strings.Join(zh[1], "|") != strings.Join(want, "|") {
		t.Errorf("row\n got %q\nwant %q", zh[1], want)
	}

	en := readCSV(t, get(t, h, "en", "/procurement/tenders.csv?"+url.Values{"q": {"臺中"}, "sort": {"value"}}.Encode()))
	if got := strings.Join(en[0], ","); !strings.HasPrefix(got, "OCID,Title,Buyer ID,Buyer,Method,") {
		t.Errorf("en header: %s", got)
	}
	// Every match, not one page, in the list's order, the values the same in both languages.
	if len(en) != 26 || en[1][1] != "臺中市第25期道路維護工程" || en[1][11] != "25000000" || en[25][1] != "臺中市第1期道路維護工程" {
		t.Errorf("en download has %d rows: first %q, last %q", len(en), en[1], en[len(en)-1])
	}

	// No match: the header alone.
	if none := readCSV(t, get(t, h, "zh-TW", "/procurement/tenders.csv?q=no-such-words")); len(none) != 1 {
		t.Errorf("empty download: %q", none)
	}
	// The page says how far a download goes.
	get(t, h, "zh-TW", "/procurement/tenders").mustContain(t, "the list", "最多 10,000 筆", "下載這些結果（CSV）")
}
