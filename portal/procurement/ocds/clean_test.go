package ocds

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Clean drops nulls, empty text, empty objects and empty arrays at every depth, also inside arrays,
// and what is left empty by that; it keeps zeros, false and text.
func TestCleanDropsEmptyValues(t *testing.T) {
	r := decodeRelease(t, `{"ocid": "o", "language": "", "planning": {}, "parties": [],
		"tender": {"submissionMethod": [null], "description": "", "numberOfTenderers": 0, "hasEnquiries": false,
			"items": [{"id": "1", "unit": {"name": null}}, {}, null],
			"milestones": [{"documents": [null, {}]}]},
		"awards": [{"id": "A", "suppliers": [{"id": "S", "identifier": {"scheme": null, "id": ""}, "address": null}, null]}]}`)
	Clean(r)
	want := decodeRelease(t, `{"ocid": "o",
		"tender": {"numberOfTenderers": 0, "hasEnquiries": false, "items": [{"id": "1"}]},
		"awards": [{"id": "A", "suppliers": [{"id": "S"}]}]}`)
	if !reflect.DeepEqual(r, want) {
		t.Errorf("cleaned:\n%v\nwant\n%v", r, want)
	}
}

// Validate names the first failing field and the schema's message, shortened; a valid release
// passes.
func TestValidateNamesTheFailingField(t *testing.T) {
	valid := `{"ocid": "ocds-x-1", "id": "1", "date": "2023-01-01T00:00:00Z", "tag": ["compiled"],
		"initiationType": "tender", "tender": {"id": "t", "value": {"amount": 1, "currency": "TWD"}}}`
	if f := Validate(decodeRelease(t, valid)); f != nil {
		t.Fatalf("valid release: %+v", f)
	}
	f := Validate(decodeRelease(t, strings.Replace(valid, `"TWD"`, `"NTD"`, 1)))
	if f == nil || f.Path != "/tender/value/currency" || !strings.HasPrefix(f.Message, "value must be one of") ||
		len([]rune(f.Message)) > maxMessage {
		t.Errorf("currency NTD: %+v", f)
	}
	f = Validate(decodeRelease(t, strings.Replace(valid, `"id": "t"`, `"id": "t", "submissionMethod": [null]`, 1)))
	if f == nil || f.Path != "/tender/submissionMethod/0" {
		t.Errorf("submissionMethod [null]: %+v", f)
	}
}

func decodeRelease(t *testing.T, s string) Release {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var r Release
	if err := dec.Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r
}
