package portal

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// openAPIFile is the API's description, beside docs/api.md.
const openAPIFile = "../docs/openapi.json"

// TestOpenAPIDescribesEveryRoute: docs/openapi.json is OpenAPI 3.1, has a path for every /api/v1
// route registered and none that is not, and each GET answers 200 and its errors.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	b, err := os.ReadFile(openAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", openAPIFile, err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi is %q, want 3.1.x", doc.OpenAPI)
	}

	engine := newRouter(t, nil).(*gin.Engine)
	param := regexp.MustCompile(`:([a-z]+)`)
	var routes []string
	for _, r := range engine.Routes() {
		// The description itself is served beside the API, not part of what it describes.
		if !strings.HasPrefix(r.Path, apiPrefix+"/") || r.Path == apiPrefix+"/openapi.json" {
			continue
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		if !slices.Contains(routes, path) {
			routes = append(routes, path)
		}
		if r.Method == "GET" {
			ops, ok := doc.Paths[path]
			if !ok {
				t.Errorf("the route %s %s has no path in %s", r.Method, path, openAPIFile)
				continue
			}
			for _, status := range []string{"200", "400", "500"} {
				if _, ok := ops["get"].Responses[status]; !ok {
					t.Errorf("%s: GET has no %s response", path, status)
				}
			}
		}
	}
	for path := range doc.Paths {
		if !slices.Contains(routes, path) {
			t.Errorf("%s describes %s, which is not a route", openAPIFile, path)
		}
	}
	if len(routes) != 6 {
		t.Errorf("routes under %s: %q", apiPrefix, routes)
	}
}

// TestAPIAnswersFitTheirSchemas validates real answers against docs/openapi.json's schemas (JSON
// Schema 2020-12, formats asserted), so the description cannot drift from the API.
func TestAPIAnswersFitTheirSchemas(t *testing.T) {
	h, pool := apiSite(t)
	addApplicationsSample(t, pool)
	b, err := os.ReadFile(openAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(refuseLoader{})
	const base = "urn:integrity-portal:openapi.json"
	if err := c.AddResource(base, doc); err != nil {
		t.Fatal(err)
	}
	schema := func(name string) *jsonschema.Schema {
		s, err := c.Compile(base + "#/components/schemas/" + name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	for _, tc := range []struct{ path, schema string }{
		{"/api/v1/tenders?limit=3", "TendersPage"},
		{"/api/v1/tenders?sort=value&q=臺中", "TendersPage"},
		{"/api/v1/tenders/" + pccOCID, "TenderWithRelease"},
		{"/api/v1/tenders/" + fictionOCID, "TenderWithRelease"},
		{"/api/v1/suppliers/" + supplierA, "Supplier"},
		{"/api/v1/suppliers/TW-UBN-70576576", "Supplier"},
		{"/api/v1/buyers/" + plantedBuyer, "Buyer"},
		{"/api/v1/buyers/" + otherBuyer, "Buyer"},
		{"/api/v1/tenders?year=abc&method=x", "Error"},
		{"/api/v1/tenders/no-such", "Error"},
		{"/api/v1/applications", "Applications"},
		{"/api/v1/applications?from=2024-02&to=2024-02", "Applications"},
		{"/api/v1/applications/387000001A", "ApplicationsAgency"},
		{"/api/v1/applications/387000002A?from=2024-03", "ApplicationsAgency"},
		{"/api/v1/applications?from=2024-13&x=1", "Error"},
		{"/api/v1/applications/no-such", "Error"},
	} {
		a := apiGet(t, h, tc.path, nil, "Accept-Language", "zh-TW")
		validate(t, schema(tc.schema), tc.path, a.body)
	}
}
