package portal

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestTenderPageShowsTheWholeProcess(t *testing.T) {
	h, _ := procurementSite(t)

	// A Taiwan notice pair: a joint award, four bidders, ROC dates.
	a := get(t, h, "zh-TW", "/procurement/tenders/"+pccOCID).unmarked()
	if a.status != 200 {
		t.Fatalf("status %d", a.status)
	}
	a.mustContain(t, "the Taiwan tender",
		"<h1>108年度臺北市健康公共住宅暨洲美、新興、大湖朕寶公共住宅戶委託管理維護案</h1>",
		`<a href="/procurement/buyers/TW-GOV-3.79.56">臺北市政府都市發展局</a>`, "限制性招標", "勞務",
		"NT$25,775,360", "NT$25,420,000", "民國108年1月16日（2019-01-16） – 民國108年2月20日（2019-02-20）",
		`<a href="/procurement/suppliers/TW-UBN-70576576">中工公寓大廈管理維護有限公司</a>`,
		`<a href="/procurement/suppliers/TW-UBN-89486759">中工保全股份有限公司</a>`,
		`<a href="/procurement/suppliers/TW-UBN-28704347">福瑞斯國際公寓大廈管理維護股份有限公司</a>`,
		"泰翔公寓大廈管理維護股份有限公司", "開始招標", "截止投標", "決標：中工公寓大廈管理維護有限公司、中工保全股份有限公司",
		`href="/procurement/tenders?buyer=TW-GOV-3.79.56"`, `href="/procurement/tenders/`+pccOCID+`.json"`,
		"最新一則的日期：民國108年3月25日（2019-03-25）")
	// The award notice's bids: each losing bid's 標價金額 and 是否合格, the joint winners' offered
	// prices added up (16,674,541 + 8,899,908), cheapest first; and both notices at their source.
	a.mustHaveRows(t, "the Taiwan bids",
		"福瑞斯國際公寓大廈管理維護股份有限公司|NT$24,280,861 合格標中最低價|合格|未得標",
		"中工公寓大廈管理維護有限公司、中工保全股份有限公司|NT$25,574,449|合格|得標",
		"泰翔公寓大廈管理維護股份有限公司|NT$25,732,086|合格|未得標")
	a.mustContain(t, "the Taiwan notices",
		`<a href="http://web.pcc.gov.tw/prkms/prms-viewTenderDetailClient.do?ds=20190116&amp;fn=TIQ-3-52430794.xml" rel="noopener noreferrer">招標公告</a>`,
		`<a href="http://web.pcc.gov.tw/prkms/prms-viewTenderDetailClient.do?ds=20190325&amp;fn=BDM-1-52730204.xml" rel="noopener noreferrer">決標公告</a>`)
	// The timeline is in date order.
	if i, j := strings.Index(a.body, "開始招標"), strings.Index(a.body, "決標："); i < 0 || j < i {
		t.Error("the timeline is not in date order")
	}

	// The OCDS fictional example: an amendment, a contract, pounds, in English.
	en := get(t, h, "en", "/procurement/tenders/"+fictionOCID).unmarked()
	en.mustContain(t, "the fictional tender", "<h1>Planned cycle lane improvements</h1>", "London Borough of Barnet",
		"GBP 1,100,000", "GBP 11,000,000", "AnyCorp Cycle Provision", "Beta Corp Construction",
		"Contract to build new cycle lanes in the centre of town.", "10 Jun 2010", "Contract signed",
		"The closing date for tender submissions has been extended to 2017-04-08", "Tender opens", "Open", "Works",
		"Complete", "Active",
		`<a href="http://example.com/tender-notices/ocds-213czf-000-00001-01.html" rel="noopener noreferrer">Tender notice</a>`,
		`<a href="http://example.com/tender-notices/ocds-213czf-000-00001-04.html" rel="noopener noreferrer">Award notice</a>`)

	// A contract-only release: no title, no buyer, no tender; the page still stands.
	py := get(t, h, "zh-TW", "/procurement/tenders/ocds-03ad3f-246807").unmarked()
	if py.status != 200 {
		t.Fatalf("contract-only release: status %d", py.status)
	}
	py.mustContain(t, "the contract-only tender", "<h1>ocds-03ad3f-246807</h1>", "ADQUSICION DE GUANTES Y OTROS INSUMOS MEDICOS",
		"PYG 17,875,000", "這個標案沒有公布投標廠商名單", "尚無決標資料")

	// The compiled release as JSON.
	j := get(t, h, "zh-TW", "/procurement/tenders/"+pccOCID+".json")
	var rel map[string]any
	if j.status != 200 || j.header.Get("Content-Type") != "application/json; charset=utf-8" || json.Unmarshal([]byte(j.body), &rel) != nil {
		t.Fatalf("JSON: %d %s", j.status, j.header.Get("Content-Type"))
	}
	if rel["ocid"] != pccOCID || rel["tender"].(map[string]any)["title"] == nil {
		t.Errorf("JSON is not the compiled release: %.200s", j.body)
	}
}

// TestProcurementPagesRefuseMalformedAndUnknownIDs: a malformed address is a 400 with its reason, an
// unknown one a 404 that names what is missing, in both languages.
func TestProcurementPagesRefuseMalformedAndUnknownIDs(t *testing.T) {
	h, _ := procurementSite(t)
	cases := []struct {
		path   string
		status int
		zh, en string
	}{
		{"/procurement/tenders/%20ocds-1", 400, "標案編號格式不正確", "That tender number is not valid"},
		{"/procurement/tenders/ocds%01x", 400, "標案編號格式不正確", "That tender number is not valid"},
		{"/procurement/tenders/" + strings.Repeat("x", 201), 400, "標案編號格式不正確", "That tender number is not valid"},
		{"/procurement/tenders/%ff.json", 400, "標案編號格式不正確", "That tender number is not valid"},
		{"/procurement/suppliers/" + strings.Repeat("9", 201), 400, "廠商代碼格式不正確", "That supplier code is not valid"},
		{"/procurement/suppliers/TW-UBN-1%0A", 400, "廠商代碼格式不正確", "That supplier code is not valid"},
		{"/procurement/buyers/3.76%00", 400, "機關代碼格式不正確", "That agency code is not valid"},
		{"/procurement/tenders/ocds-no-such-tender", 404, "找不到這個標案", "No such tender"},
		{"/procurement/tenders/ocds-no-such-tender.json", 404, "找不到這個標案", "No such tender"},
		{"/procurement/suppliers/TW-UBN-00000000", 404, "找不到這家廠商", "No such supplier"},
		{"/procurement/buyers/TW-GOV-0.0", 404, "找不到這個機關", "No such buyer"},
	}
	for _, c := range cases {
		for _, l := range []struct{ code, msg string }{{"zh-TW", c.zh}, {"en", c.en}} {
			a := get(t, h, l.code, c.path)
			if a.status != c.status {
				t.Errorf("%s (%s): status %d, want %d", c.path, l.code, a.status, c.status)
				continue
			}
			a.mustContain(t, c.path+" ("+l.code+")", "<h1>"+l.msg+"</h1>", `href="/procurement/tenders"`)
		}
	}
}
