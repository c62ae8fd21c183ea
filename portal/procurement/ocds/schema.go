package ocds

import (
	"bytes"
	"errors"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaURL is the address the embedded release schema gives itself (its id).
const schemaURL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"

// SchemaFailure is where a release first fails the release schema, and why, in the validator's
// English.
type SchemaFailure struct {
	Path    string // a JSON pointer into the release, like /tender/submissionMethod/0
	Message string // shortened to maxMessage runes
}

// maxMessage bounds a failure's message: an enum of currencies lists hundreds of codes.
const maxMessage = 200

// Validate checks a release (generic JSON as decoded with UseNumber: map[string]any, []any, string,
// json.Number, bool, nil) against the embedded OCDS 1.1.5 release schema, asserting formats
// (date-time, uri) as the schema's users do; nil when it is valid. The schema is compiled once.
func Validate(release map[string]any) *SchemaFailure {
	err := releaseValidator().Validate(release)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return &SchemaFailure{Path: "/", Message: shorten(err.Error())}
	}
	// The deepest first cause names the field; the causes above it only say which subschema held it.
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	msg := ve.Error() // "at '/path': message"
	if i := strings.Index(msg, "': "); i >= 0 {
		msg = msg[i+3:]
	}
	return &SchemaFailure{Path: "/" + strings.Join(ve.InstanceLocation, "/"), Message: shorten(msg)}
}

func shorten(s string) string {
	if r := []rune(s); len(r) > maxMessage {
		return string(r[:maxMessage-1]) + "…"
	}
	return s
}

var releaseValidator = sync.OnceValue(func() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(releaseSchema))
	if err != nil {
		panic("ocds: embedded release schema: " + err.Error())
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(noLoader{}) // the schema refers only to itself: nothing is fetched
	if err := c.AddResource(schemaURL, doc); err != nil {
		panic("ocds: embedded release schema: " + err.Error())
	}
	s, err := c.Compile(schemaURL)
	if err != nil {
		panic("ocds: embedded release schema: " + err.Error())
	}
	return s
})

// noLoader loads nothing.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, errors.New("ocds: schema " + url + " is not embedded")
}
