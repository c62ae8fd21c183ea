package portal

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/store"
)

// apiSite is procurementSite with processes that tie: three copies of planted process 5 (limited,
// won by supplier A) with its date and amount, two with its date and no amount at all, and demo
// data: planted process 27 (2022, one bidder, won by A for 27 million).
func apiSite(t testing.TB) (http.Handler, *pgxpool.Pool) {
	t.Helper()
	h, pool := procurementSite(t)
	var more []ocds.Release
	for k := 1; k <= 5; k++ {
		r := plantedRelease(5)
		ocid := fmt.Sprintf("ocds-test-tie-%d", k)
		r["ocid"], r["id"] = ocid, ocid+"-1"
		tender := r["tender"].(map[string]any)
		tender["id"], tender["title"] = ocid, fmt.Sprintf("臺中市同日第%d件工程", k)
		if k > 3 {
			delete(tender, "value")
			delete(r, "awards")
		}
		more = append(more, r)
	}
	saveReleases(t, pool, append(more, zonelessRelease()), "import:ties")
	demo := plantedRelease(27)
	saveReleases(t, pool, []ocds.Release{demo}, store.DemoSource)
	return h, pool
}

// apiGet requests an API path and decodes its JSON body into v (when not nil), checking what every
// API answer carries: JSON, CORS for any origin, and no cookie.
func apiGet(t testing.TB, h http.Handler, path string, v any, headers ...string) answer {
	t.Helper()
	a := fetch(t, h, "GET", path, headers...)
	checkAPIHeaders(t, path, a)
	if v != nil {
		if err := json.Unmarshal([]byte(a.body), v); err != nil {
			t.Fatalf("%s: %v in %.300s", path, err, a.body)
		}
	}
	return a
}

func checkAPIHeaders(t testing.TB, what string, a answer) {
	t.Helper()
	if ct := a.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
	if a.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("%s: no CORS header", what)
	}
	if c := a.header.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("%s sets cookies: %q", what, c)
	}
}

// TestAPIGivesWhatThePagesShow: the API's tender, search, supplier and buyer answers hold the values
// the pages show.
func TestAPIGivesWhatThePagesShow(t *testing.T) {
	h, _ := apiSite(t)
	_, relSchema := ocdsSchemas(t)

	var one struct {
		Tender          tenderJSON      `json:"tender"`
		CompiledRelease json.RawMessage `json:"compiled_release"`
	}
	a := apiGet(t, h, "/api/v1/tenders/"+pccOCID, &one)
	title := "108年度臺北市健康公共住宅暨洲美、新興、大湖朕寶公共住宅戶委託管理維護案"
	x := one.Tender
	if a.status != 200 || x.OCID != pccOCID || x.Title != title || x.BuyerName != "臺北市政府都市發展局" ||
		deref(x.BuyerID) != pccBuyer || x.AwardValue == nil || *x.AwardValue != "25420000" ||
		x.TenderValue == nil || *x.TenderValue != "25775360" || deref(x.ProcurementMethod) != "limited" ||
		!slices.Equal(x.SupplierIDs, []string{"TW-UBN-70576576", "TW-UBN-89486759"}) {
		t.Errorf("the Taiwan tender: %d %+v", a.status, x)
	}
	validate(t, relSchema, "the API's compiled release", string(one.CompiledRelease))
	get(t, h, "zh-TW", "/procurement/tenders/"+pccOCID).mustContain(t, "the tender page", title, "臺北市政府都市發展局",
		"NT$25,420,000", "NT$25,775,360", "中工公寓大廈管理維護有限公司", "限制性招標")

	var list apiTendersPage
	apiGet(t, h, "/api/v1/tenders?"+url.Values{"q": {"臺中"}, "method": {"limited"}}.Encode(), &list)
	if len(list.Tenders) != 10 || list.Next != nil || list.NextCursor != nil || list.Limit != 20 {
		t.Errorf("臺中, limited: %d tenders, next %v", len(list.Tenders), list.Next)
	}
	for _, x := range list.Tenders {
		if deref(x.BuyerID) != plantedBuyer || deref(x.ProcurementMethod) != "limited" || !strings.HasPrefix(x.Title, "臺中市") {
			t.Errorf("臺中, limited lists %+v", x)
		}
	}

	var demo apiTender
	apiGet(t, h, "/api/v1/tenders/ocds-test-tc-27", &demo)
	if !demo.Tender.IsDemo || one.Tender.IsDemo {
		t.Error("is_demo does not tell demo data from the rest")
	}

	var s apiSupplier
	apiGet(t, h, "/api/v1/suppliers/"+supplierA, &s)
	if s.Name != "大安營造股份有限公司" || deref(s.BusinessID) != "11111111" || s.Awards != 23 || s.Bids != 29 || s.Won != 23 ||
		s.WinRate == nil || math.Abs(*s.WinRate-23.0/29) > 1e-9 || len(s.Totals) != 1 || s.Totals[0].Value.String() != "283000000" {
		t.Errorf("supplier A: %+v", s)
	}
	if !slices.ContainsFunc(s.ByYear, func(g apiSupplierYear) bool {
		return g.Year == 2022 && g.Awards == 7 && g.Value.String() == "99000000"
	}) {
		t.Errorf("supplier A by year: %+v", s.ByYear)
	}
	get(t, h, "zh-TW", "/procurement/suppliers/"+supplierA).mustContain(t, "supplier A's page", "<dd>23</dd>",
		"<dd>NT$283,000,000</dd>", "79.3%（得標 23 件 ÷ 投標 29 件）")
	get(t, h, "zh-TW", "/procurement/suppliers/"+supplierA).mustHaveRows(t, "supplier A's page", "民國111年（2022）|7|NT$99,000,000")

	var b apiBuyer
	apiGet(t, h, "/api/v1/buyers/"+otherBuyer, &b)
	if b.Name != "交通部航港局" || b.Processes != 1 || deref(b.Currency) != "TWD" || b.SingleBid.Known != 0 ||
		b.SingleBid.Rate != nil || b.Suppliers.HHI == nil || *b.Suppliers.HHI != 10000 || len(b.Suppliers.Top) != 1 ||
		b.Suppliers.Top[0].ID != supplierC || b.Suppliers.Top[0].Value.String() != "480000" {
		t.Errorf("other buyer: %+v", b)
	}
	apiGet(t, h, "/api/v1/buyers/"+pccBuyer, &b)
	if b.Suppliers.Awards != 1 || b.Suppliers.Suppliers != 2 || b.Suppliers.HHI == nil || math.Round(*b.Suppliers.HHI) != 5000 ||
		b.SingleBid.Known != 1 || b.SingleBid.Processes != 0 || b.URL != "http://localhost:8080/procurement/buyers/"+pccBuyer {
		t.Errorf("Taipei buyer: %+v", b)
	}
	get(t, h, "zh-TW", "/procurement/buyers/"+pccBuyer).mustContain(t, "the Taipei buyer's page",
		"<strong>HHI 5,000</strong>（n = 1 件決標，2 家廠商）", "0.0%（只有一家投標 0 件 ÷ 載明投標家數 1 件）")
	get(t, h, "en", "/procurement/buyers/"+pccBuyer).mustContain(t, "the Taipei buyer's page in English",
		"<strong>HHI 5,000</strong> (n = 1 award, 2 suppliers)")
}

// TestAPICursorPagingWalksEveryResultOnce follows next_cursor through every order, with and without
// filters and at several page sizes: the tenders come in the search's order, each once, none missed,
// through ties of date and of amount and unknown amounts.
func TestAPICursorPagingWalksEveryResultOnce(t *testing.T) {
	h, pool := apiSite(t)
	filters := []url.Values{{}, {"q": {"臺中"}}, {"year": {"2024"}, "method": {"open"}}, {"min": {"1,000,000"}, "max": {"10000000"}}}
	for _, sort := range tenderSorts {
		for _, f := range filters {
			form := readTenderForm(f)
			form.Sort = string(sort)
			q, errs := form.query()
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var want []string
			if err := store.Export(t.Context(), pool, q, func(it store.Item) error {
				want = append(want, it.OCID)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(want) < 5 {
				t.Fatalf("sort %q, %v: only %d results to walk", sort, f, len(want))
			}
			for _, limit := range []int{1, 3, 100} {
				v := form.values()
				v.Set("limit", fmt.Sprint(limit))
				next := "/api/v1/tenders?" + v.Encode()
				var got []string
				for pages := 0; next != ""; pages++ {
					if pages > len(want)+1 {
						t.Fatalf("sort %q, %v, limit %d: the cursor does not end", sort, f, limit)
					}
					var p apiTendersPage
					if a := apiGet(t, h, next, &p); a.status != 200 {
						t.Fatalf("%s: %d %s", next, a.status, a.body)
					}
					for _, x := range p.Tenders {
						got = append(got, x.OCID)
					}
					next = ""
					if p.Next != nil {
						if p.NextCursor == nil || !strings.Contains(*p.Next, "cursor="+url.QueryEscape(*p.NextCursor)) {
							t.Fatalf("next %q does not carry next_cursor %v", *p.Next, p.NextCursor)
						}
						next = strings.TrimPrefix(*p.Next, "http://localhost:8080")
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("sort %q, %v, limit %d:\n got %q\nwant %q", sort, f, limit, got, want)
				}
			}
		}
	}
}

// apiErrorBody is an error answer.
type apiErrorBody struct {
	Error struct {
		Code       string
		Message    string
		MessageZh  string `json:"message_zh_tw"`
		Parameters []struct{ Name, Message string }
	}
}

// TestAPIRefusesBadRequestsWithJSON: bad filters, cursors and ids, unknown addresses, wrong methods
// and oversized bodies are answered in JSON with a code and a message that says what is wrong.
func TestAPIRefusesBadRequestsWithJSON(t *testing.T) {
	h, _ := apiSite(t)
	var first apiTendersPage
	apiGet(t, h, "/api/v1/tenders?sort=value&limit=2", &first)
	if first.NextCursor == nil {
		t.Fatal("no cursor to tamper with")
	}
	craft := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	cases := []struct {
		path       string
		status     int
		code       string
		message    string
		parameters []string
	}{
		{"/api/v1/tenders?year=abc", 400, "invalid_parameter", "year must be a Western year", []string{"year"}},
		{"/api/v1/tenders?min=5&max=1", 400, "invalid_parameter", "min cannot be more than max", []string{"min"}},
		{"/api/v1/tenders?method=bogus&sort=x&category=food", 400, "invalid_parameter", "method must be one of open",
			[]string{"category", "method", "sort"}},
		{"/api/v1/tenders?page=2", 400, "invalid_parameter", "page is not used", []string{"page"}},
		{"/api/v1/tenders?limit=0", 400, "invalid_parameter", "limit must be a whole number from 1 to 100", []string{"limit"}},
		{"/api/v1/tenders?limit=101", 400, "invalid_parameter", "limit must be", []string{"limit"}},
		{"/api/v1/tenders?limit=ten", 400, "invalid_parameter", "limit must be", []string{"limit"}},
		{"/api/v1/tenders?yaer=2024", 400, "invalid_parameter", "yaer is not a parameter", []string{"yaer"}},
		{"/api/v1/tenders?q=" + strings.Repeat("臺", 101), 400, "invalid_parameter", "q can have at most 100 characters", []string{"q"}},
		{"/api/v1/tenders?buyer=%01", 400, "invalid_parameter", "buyer is not a valid party id", []string{"buyer"}},
		{"/api/v1/tenders?cursor=not*base64", 400, "invalid_cursor", "The cursor cannot be read", nil},
		{"/api/v1/tenders?cursor=" + craft(`{}`), 400, "invalid_cursor", "The cursor cannot be read", nil},
		{"/api/v1/tenders?cursor=" + craft(`{"v":1,"s":"","o":"x"}`), 400, "invalid_cursor", "cannot be read", nil},
		{"/api/v1/tenders?sort=value&cursor=" + craft(`{"v":1,"s":"value","a":"1e9","o":"x"}`), 400, "invalid_cursor", "cannot be read", nil},
		{"/api/v1/tenders?sort=value&cursor=" + craft(`{"v":1,"s":"value","a":"1; DROP","o":"x"}`), 400, "invalid_cursor", "cannot be read", nil},
		{"/api/v1/tenders?sort=value&cursor=" + craft(`{"v":1,"s":"value","a":"5","o":"x","z":1}`), 400, "invalid_cursor", "cannot be read", nil},
		{"/api/v1/tenders?cursor=" + url.QueryEscape(*first.NextCursor), 400, "invalid_cursor", "belongs to another order", nil},
		{"/api/v1/tenders/%20ocds-1", 400, "invalid_id", "The ocid in the address is not valid", nil},
		{"/api/v1/tenders/" + strings.Repeat("x", 201), 400, "invalid_id", "1 to 200 characters", nil},
		{"/api/v1/suppliers/TW-UBN-1%0A", 400, "invalid_id", "The id in the address is not valid", nil},
		{"/api/v1/buyers/3.76%00", 400, "invalid_id", "The id in the address is not valid", nil},
		{"/api/v1/tenders/ocds-no-such-tender", 404, "not_found", "No tender has the ocid “ocds-no-such-tender”.", nil},
		{"/api/v1/suppliers/TW-UBN-00000000", 404, "not_found", "No supplier has the id", nil},
		{"/api/v1/buyers/TW-GOV-0.0", 404, "not_found", "No buyer has the id “TW-GOV-0.0”.", nil},
		{"/api/v1/contracts", 404, "not_found", "There is no such address in the API", nil},
		{"/api/v2/tenders", 404, "not_found", "There is no such address in the API", nil},
	}
	for _, c := range cases {
		for _, lang := range []string{"en", "zh-TW"} {
			var e apiErrorBody
			a := apiGet(t, h, c.path, &e, "Accept-Language", lang)
			if a.status != c.status || e.Error.Code != c.code || !strings.Contains(e.Error.Message, c.message) {
				t.Errorf("%s (%s): %d %q %q, want %d %q %q", c.path, lang, a.status, e.Error.Code, e.Error.Message, c.status, c.code, c.message)
			}
			if (lang == "zh-TW") != (e.Error.MessageZh != "") {
				t.Errorf("%s (%s): message_zh_tw %q", c.path, lang, e.Error.MessageZh)
			}
			var names []string
			for _, p := range e.Error.Parameters {
				names = append(names, p.Name)
				if p.Message == "" {
					t.Errorf("%s: parameter %s without a message", c.path, p.Name)
				}
			}
			if !slices.Equal(names, c.parameters) {
				t.Errorf("%s: parameters %q, want %q", c.path, names, c.parameters)
			}
		}
	}

	// A zh-TW message reads as zh-TW.
	var e apiErrorBody
	apiGet(t, h, "/api/v1/tenders?year=abc", &e, "Accept-Language", "zh-TW,zh;q=0.9,en;q=0.5")
	if !strings.Contains(e.Error.MessageZh, "year 必須是 1900 到 9998 的西元年") {
		t.Errorf("zh-TW message: %q", e.Error.MessageZh)
	}

	// A wrong method is a 405 naming the allowed ones; a body too large a 413; both in JSON.
	a := fetch(t, h, "POST", "/api/v1/tenders")
	checkAPIHeaders(t, "POST", a)
	if a.status != 405 || !strings.Contains(a.body, `"code":"method_not_allowed"`) || a.header.Get("Allow") != "GET, OPTIONS" {
		t.Errorf("POST: %d %q %s", a.status, a.header.Get("Allow"), a.body)
	}
	req := httptest.NewRequest("GET", "/api/v1/tenders", bytes.NewReader(make([]byte, 2<<20)))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	big := answer{status: w.Code, header: w.Header(), body: w.Body.String()}
	checkAPIHeaders(t, "a large body", big)
	if big.status != 413 || !strings.Contains(big.body, `"code":"payload_too_large"`) {
		t.Errorf("a large body: %d %s", big.status, big.body)
	}

	// A browser's CORS preflight.
	pre := fetch(t, h, "OPTIONS", "/api/v1/tenders/"+pccOCID, "Origin", "https://example.org",
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match")
	if pre.status != 204 || pre.header.Get("Access-Control-Allow-Origin") != "*" || pre.header.Get("Access-Control-Allow-Methods") != "GET" {
		t.Errorf("preflight: %d %v", pre.status, pre.header)
	}
}

// TestAPILogsNoClientAddress: the request log names the route and status, never who asked.
func TestAPILogsNoClientAddress(t *testing.T) {
	var log bytes.Buffer
	_, pool := procurementSite(t)
	h := newLoggedRouter(t, pool, &log)
	for _, path := range []string{"/api/v1/tenders?q=臺中", "/api/v1/tenders/" + pccOCID, "/api/v1/nothing", "/opendata"} {
		req := httptest.NewRequest("GET", path, nil)
		req.RemoteAddr = "203.0.113.7:40000"
		req.Header.Set("X-Forwarded-For", "198.51.100.9")
		req.Header.Set("User-Agent", "curl/8.0 (reader)")
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	if !strings.Contains(log.String(), "route=/api/v1/tenders/:ocid") {
		t.Fatalf("the log has no request line: %s", log.String())
	}
	for _, s := range []string{"203.0.113.7", "198.51.100.9", "curl", "臺中", "q="} {
		if strings.Contains(log.String(), s) {
			t.Errorf("the log holds %q: %s", s, log.String())
		}
	}
}
