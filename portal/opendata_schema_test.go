package portal

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"integrity-portal/internal/testdata"
)

// ocdsSchemaBase is where the official OCDS 1.1 schemas say they live; the release package schema
// refers to the release schema there. Both are loaded from testdata/ocds-schema under
// these addresses, so nothing is fetched.
const ocdsSchemaBase = "https://standard.open-contracting.org/schema/1__1__5/"

// ocdsSchemas compiles the release package schema and the release schema, asserting formats
// (date-time, uri) as well as structure.
func ocdsSchemas(t testing.TB) (pkg, release *jsonschema.Schema) {
	t.Helper()
	dir := testdata.Dir(t, "ocds-schema")
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(refuseLoader{}) // every schema is added below: any other address is an error
	for _, name := range []string{"release-package-schema.json", "release-schema.json"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.AddResource(ocdsSchemaBase+name, doc); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if pkg, err = c.Compile(ocdsSchemaBase + "release-package-schema.json"); err != nil {
		t.Fatal(err)
	}
	if release, err = c.Compile(ocdsSchemaBase + "release-schema.json"); err != nil {
		t.Fatal(err)
	}
	return pkg, release
}

// refuseLoader loads nothing: schemas come from the outside test data in testdata/, never from the network.
type refuseLoader struct{}

func (refuseLoader) Load(url string) (any, error) {
	return nil, os.ErrNotExist
}

// validate checks the JSON text against schema.
func validate(t testing.TB, schema *jsonschema.Schema, what, text string) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(text)))
	if err != nil {
		t.Errorf("%s is not JSON: %v", what, err)
		return
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("%s does not validate: %v", what, err)
	}
}
