package portal

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"integrity-portal/docs"
)

// TestOpenAPIIsServedAsDocumented: /api/v1/openapi.json answers the very bytes of docs/openapi.json,
// as valid JSON, readable from any origin, and revalidates by ETag.
func TestOpenAPIIsServedAsDocumented(t *testing.T) {
	r := newRouter(t, nil)
	file, err := os.ReadFile(openAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, docs.OpenAPI) {
		t.Fatalf("the embedded description differs from %s", openAPIFile)
	}
	a := get(t, r, "en", apiPrefix+"/openapi.json")
	if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET openapi.json = %d %s", a.status, a.header.Get("Content-Type"))
	}
	if a.body != string(file) {
		t.Errorf("the served description is not %s", openAPIFile)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(a.body), &doc); err != nil || doc["openapi"] == nil || doc["paths"] == nil {
		t.Errorf("the served description is not an OpenAPI document: %v", err)
	}
	if a.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q", a.header.Get("Access-Control-Allow-Origin"))
	}
	req := httptest.NewRequest("GET", apiPrefix+"/openapi.json", nil)
	req.Header.Set("If-None-Match", a.header.Get("ETag"))
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if a.header.Get("ETag") == "" || w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("revalidation with ETag %q = %d", a.header.Get("ETag"), w.Code)
	}
}

// TestAPIDocsPageShowsEveryOperation reads docs/openapi.json on its own and finds on the API's page,
// in each language, every path, every parameter, every response status, and an example request
// against the configured address.
func TestAPIDocsPageShowsEveryOperation(t *testing.T) {
	r := configuredRouter(t, map[string]string{"PORTAL_BASE_URL": "https://integrity.example.gov.tw"}, false)
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name string }
			Responses  map[string]any
		}
	}
	if err := json.Unmarshal(docs.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	chrome := map[string][]string{
		"zh-TW": {"<h1>API 說明</h1>", "參數", "回應", "請求範例", `<a href="/opendata">開放資料</a>`},
		"en":    {"<h1>API reference</h1>", "Parameters", "Responses", "Example request", `<a href="/opendata">Open data</a>`},
	}
	for lang, want := range chrome {
		a := get(t, r, lang, "/opendata/api")
		if a.status != http.StatusOK {
			t.Fatalf("%s: GET /opendata/api = %d", lang, a.status)
		}
		want = append(want, `href="/api/v1/openapi.json"`,
			"curl --get &#39;https://integrity.example.gov.tw/api/v1/tenders&#39; --data-urlencode &#39;q=臺中&#39;",
			"https://integrity.example.gov.tw/api/v1/applications/387000001A", `lang="zh-Hant">臺中`)
		for path, ops := range doc.Paths {
			for method, op := range ops {
				want = append(want, "<code>"+strings.ToUpper(method)+" "+path+"</code>")
				for _, p := range op.Parameters {
					want = append(want, "<dt><code>"+p.Name+"</code>")
				}
				for status := range op.Responses {
					want = append(want, "<dt><code>"+status+"</code></dt>")
				}
			}
		}
		a.mustContain(t, lang+" /opendata/api", want...)
		if strings.Contains(a.body, "[apidocs.") {
			t.Errorf("%s: a message key is missing", lang)
		}
	}
}
