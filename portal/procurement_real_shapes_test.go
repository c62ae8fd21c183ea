package portal

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/importer"
	"integrity-portal/portal/procurement/ocds"
)

// realShapesSite imports, as `portal import procurement` does, the files the project wrote in the
// shape of real publishers' files (testdata/README.md), and serves the portal on them.
func realShapesSite(t *testing.T) http.Handler {
	t.Helper()
	pool := testdb.New(t)
	for _, name := range []string{
		"project_record-package_compiled-release-shares-id.json",
		"project_record-package_compiled-release-only.json",
		"project_release-package_1.0-identifiers.json",
		"project_release-package_name-only-supplier.json",
	} {
		f, err := os.Open(filepath.Join(testdata.Dir(t, "ocds"), name))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := importer.File(context.Background(), pool, f, name, importer.Options{})
		f.Close()
		if err != nil || !rep.Stored {
			t.Fatalf("%s: %v, %+v", name, err, rep)
		}
	}
	return newRouter(t, pool)
}

// apiTenderOf reads a tender of the API.
func apiTenderOf(t *testing.T, h http.Handler, ocid string) tenderJSON {
	t.Helper()
	a := get(t, h, "en", "/api/v1/tenders/"+ocid)
	var v apiTender
	if a.status != 200 || json.Unmarshal([]byte(a.body), &v) != nil {
		t.Fatalf("API tender %s: status %d, %.200s", ocid, a.status, a.body)
	}
	return v.Tender
}

// A record package whose compiledRelease shares its release's id, and a record with only a
// compiledRelease, give their tender, buyer and supplier pages and API answers.
func TestRealRecordPackagesReachTheirPages(t *testing.T) {
	h := realShapesSite(t)
	get(t, h, "zh-TW", "/procurement/tenders/ocds-07smqs-993235").mustContain(t, "tender of a record",
		"<h1>SERVICIOS INFORMÁTICOS DE SOPORTE TÉCNICO</h1>", `href="/procurement/buyers/MX-EJ-001"`,
		`href="/procurement/suppliers/MX-RFC-SIE980101AB1"`)
	if v := apiTenderOf(t, h, "ocds-07smqs-993236"); v.Title != "ADQUISICIÓN DE EQUIPO DE CÓMPUTO" || deref(v.Status) != "complete" ||
		deref(v.BuyerID) != "MX-EJ-001" || strings.Join(v.SupplierIDs, ",") != "MX-RFC-SIE980101AB1" {
		t.Errorf("API tender of two releases: %+v", v)
	}
	get(t, h, "en", "/procurement/suppliers/MX-RFC-SIE980101AB1").mustContain(t, "supplier of a record package",
		"SERVICIOS INFORMÁTICOS DEL NORTE, S.A. DE C.V.", "<dd>2</dd>", "MXN 2,141,264")
	get(t, h, "en", "/procurement/buyers/MX-EJ-001").mustContain(t, "buyer of a record package", "Instituto de Ejemplo")

	get(t, h, "zh-TW", "/procurement/tenders/ocds-07smqs-1000001").mustContain(t, "tender of a compiledRelease alone",
		"Adquisición de medicamentos para el año 2020", `href="/procurement/suppliers/MX-RFC-MED010101XY2"`)
	if v := apiTenderOf(t, h, "ocds-07smqs-1000002"); v.Title != "Servicio de limpieza" || deref(v.BuyerID) != "MX-EJ-002" {
		t.Errorf("API tender of linked releases and a compiledRelease: %+v", v)
	}
}

// Buyers and suppliers given by an identifier without an id (OCDS 1.0), or by a name alone, have
// pages: the id is the identifier's scheme-id, else the name folded, and such a page says so.
func TestBuyersAndSuppliersWithoutIDHavePages(t *testing.T) {
	h := realShapesSite(t)
	v := apiTenderOf(t, h, "ocds-project10-3.87.33.37-104A002")
	if deref(v.BuyerID) != "TW-GOV-3.87.33.37" || strings.Join(v.SupplierIDs, ",") != "GB-COH-09876543,TW-UBN-24681357" {
		t.Errorf("API tender of 1.0 identifiers: buyer %v suppliers %q", deref(v.BuyerID), v.SupplierIDs)
	}
	get(t, h, "zh-TW", "/procurement/tenders/ocds-project10-3.87.33.37-104A002").unmarked().mustContain(t, "tender of 1.0 identifiers",
		`<a href="/procurement/buyers/TW-GOV-3.87.33.37">新北市政府工務局</a>`,
		`<a href="/procurement/suppliers/TW-UBN-24681357">永和土木包工業</a>`,
		`<a href="/procurement/suppliers/GB-COH-09876543">Drainage Works Ltd</a>`)
	b := get(t, h, "zh-TW", "/procurement/buyers/TW-GOV-3.87.33.37").unmarked()
	b.mustContain(t, "buyer by identifier", "<h1>新北市政府工務局</h1>", "<dd>3.87.33.37</dd>", "<dd>2</dd>")
	s := get(t, h, "zh-TW", "/procurement/suppliers/TW-UBN-24681357").unmarked()
	s.mustContain(t, "supplier by identifier", "<h1>永和土木包工業</h1>", "<dd>24681357</dd>", "<dd>2</dd>")
	for _, a := range []answer{b, s} {
		if strings.Contains(a.body, "依名稱歸併") {
			t.Error("a page of an identified holder says it is grouped by name")
		}
	}
	var api apiSupplier
	if a := get(t, h, "en", "/api/v1/suppliers/TW-UBN-24681357"); a.status != 200 || json.Unmarshal([]byte(a.body), &api) != nil ||
		api.Awards != 2 || deref(api.BusinessID) != "24681357" {
		t.Errorf("API supplier by identifier: %d %.300s", a.status, a.body)
	}

	// By name alone: ＡＢＣ and abc, 台 and 臺, one and two spaces are one supplier and one buyer.
	supplier, buyer := "name-abc 光影設計有限公司", "name-臺北市立美術館"
	if v := apiTenderOf(t, h, "ocds-projectnm-110-001"); deref(v.BuyerID) != buyer || strings.Join(v.SupplierIDs, ",") != supplier {
		t.Errorf("API tender by name: buyer %v suppliers %q", deref(v.BuyerID), v.SupplierIDs)
	}
	get(t, h, "zh-TW", "/procurement/tenders/ocds-projectnm-110-002").mustContain(t, "tender by name",
		`href="`+supplierHref(supplier)+`"`, `href="`+buyerHref(buyer)+`"`)
	get(t, h, "zh-TW", supplierHref(supplier)).unmarked().mustContain(t, "supplier by name", "<dd>2</dd>", "<dd>NT$1,270,000</dd>",
		"本頁依名稱歸併", "<dt>統一編號</dt><dd>資料沒有載明</dd>")
	en := get(t, h, "en", supplierHref(supplier))
	en.mustContain(t, "supplier by name in English", "this page groups its awards by name", "<dd>NT$1,270,000</dd>")
	if strings.Contains(en.body, "<dt>Identifier</dt>") {
		t.Error("a supplier grouped by name shows its derived id as an identifier")
	}
	get(t, h, "zh-TW", buyerHref(buyer)).mustContain(t, "buyer by name", "<dd>2</dd>", "本頁依名稱歸併",
		"<dt>機關代碼</dt><dd>資料沒有載明</dd>")
	get(t, h, "en", buyerHref(buyer)).mustContain(t, "buyer by name in English", "this page groups its tenders by name")
	if a := get(t, h, "en", "/api/v1/suppliers/"+url.PathEscape(supplier)); a.status != 200 || !strings.Contains(a.body, `"awards":2`) {
		t.Errorf("API supplier by name: %d %.300s", a.status, a.body)
	}
}

// Hostile identifiers import without harm: control characters or an id too long for an address
// give way to the name, and a NUL is refused by the importer with its path.
func TestHostileIdentifiers(t *testing.T) {
	pool := testdb.New(t)
	long := strings.Repeat("0123456789abcdef", 640) // 10 KB
	rel := ocds.Release{"ocid": "ocds-hostile-1", "id": "1", "date": "2024-01-01T00:00:00Z",
		"buyer": map[string]any{"identifier": map[string]any{"scheme": "TW-GOV", "id": long}, "name": "長代碼機關"},
		"awards": []any{map[string]any{"id": "a", "suppliers": []any{
			map[string]any{"identifier": map[string]any{"scheme": "TW-UBN", "id": "1234\ufffd"}, "name": "壞\x01字廠商"},
			map[string]any{"identifier": map[string]any{"scheme": "X", "id": "a/b"}, "name": "A/B Co"},
		}}}}
	saveReleases(t, pool, []ocds.Release{rel}, "import:hostile")
	h := newRouter(t, pool)
	v := apiTenderOf(t, h, "ocds-hostile-1")
	if deref(v.BuyerID) != "name-長代碼機關" || strings.Join(v.SupplierIDs, "|") != "name-a b co|name-壞 字廠商" {
		t.Errorf("hostile identifiers: buyer %q suppliers %q", deref(v.BuyerID), v.SupplierIDs)
	}
	for _, id := range v.SupplierIDs {
		if a := get(t, h, "en", supplierHref(id)); a.status != 200 {
			t.Errorf("%s: status %d", id, a.status)
		}
	}
	nul := `{"ocid":"ocds-hostile-2","id":"1","date":"2024-01-01T00:00:00Z","buyer":{"identifier":{"scheme":"TW-GOV","id":"3.8\u00007"}}}`
	rep, err := importer.File(context.Background(), pool, strings.NewReader(nul), "nul.json", importer.Options{})
	if err == nil || rep == nil || len(rep.Rejected) != 1 || rep.Rejected[0].Where != "$.buyer.identifier.id" {
		t.Errorf("NUL in an identifier: %v, %+v", err, rep)
	}
}

// A publisher's 1311264.0 is written as the same amount everywhere: the tender page, the search
// list, the CSV and the API, without the zero after the point that only some of them dropped.
func TestAmountsAreWrittenOneWay(t *testing.T) {
	h := realShapesSite(t)
	ocid := "ocds-07smqs-993235"
	get(t, h, "zh-TW", "/procurement/tenders/"+ocid).mustContain(t, "the tender page", "MXN 1,311,264")
	get(t, h, "zh-TW", "/procurement/tenders?q=INFORM").mustContain(t, "the search list", "MXN 1,311,264")
	csv := get(t, h, "zh-TW", "/procurement/tenders.csv?q=INFORM")
	csv.mustContain(t, "the CSV", ",1311264,MXN,")
	api := get(t, h, "en", "/api/v1/tenders/"+ocid)
	api.mustContain(t, "the API", `"tender_value":1311264,`, `"award_value":1311264,`)
	// The API's own fields are checked above; the OCDS release it embeds keeps the publisher's JSON.
	for what, a := range map[string]answer{"tender page": get(t, h, "en", "/procurement/tenders/"+ocid), "CSV": csv} {
		if strings.Contains(a.body, "1311264.0") || strings.Contains(a.body, "1,311,264.0") {
			i := strings.Index(a.body, "1311264.0")
			t.Errorf("the %s writes the amount with its trailing zero: %.200s", what, a.body[max(0, i-150):])
		}
	}
}
