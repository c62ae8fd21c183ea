package ocds

import (
	"math/rand/v2"
	"testing"
)

// fictional returns the releases of the OCP fictional example and the compiled release of its record.
func fictional(t *testing.T) ([]Release, Release) {
	t.Helper()
	_, releases, errs, err := readAll(t, testFile(t, "ocds", "ocp-fictional_release-package_ocds-213czf-000-00001.json"))
	if err != nil || len(errs) > 0 {
		t.Fatalf("release package: %v %v", errs, err)
	}
	_, compiled, errs, err := readAll(t, testFile(t, "ocds", "ocp-fictional_record-package_ocds-213czf-000-00001.json"))
	if err != nil || len(errs) > 0 || len(compiled) != 1 {
		t.Fatalf("record package: %d releases, %v %v", len(compiled), errs, err)
	}
	return releases, compiled[0]
}

func TestMergeFictionalExample(t *testing.T) {
	releases, want := fictional(t)
	if len(releases) != 6 {
		t.Fatalf("got %d releases, want 6", len(releases))
	}
	got, err := Merge(DefaultMergeRules(), releases)
	if err != nil {
		t.Fatal(err)
	}
	if d := diff("", map[string]any(got), map[string]any(want)); d != "" {
		t.Error(d)
	}
}

func TestMergeOrderIndependent(t *testing.T) {
	releases, want := fictional(t)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		shuffled := append([]Release(nil), releases...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got, err := Merge(nil, shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if d := diff("", map[string]any(got), map[string]any(want)); d != "" {
			t.Errorf("shuffle %d: %s", i, d)
		}
	}
}

// compiled builds the compiled release expected from releases of ocid "ocds-x-1" whose latest date is
// date, with the given other fields (a JSON object).
func compiled(t *testing.T, date, fields string) map[string]any {
	t.Helper()
	m := decode(t, fields).(map[string]any)
	m["ocid"] = "ocds-x-1"
	m["id"] = "ocds-x-1-" + date
	m["date"] = date
	m["tag"] = []any{"compiled"}
	return m
}

func TestMergeRules(t *testing.T) {
	const d1, d2 = "2024-01-01T00:00:00Z", "2024-02-01T00:00:00+08:00"
	head := func(id, date string) string {
		return `"ocid": "ocds-x-1", "id": "` + id + `", "date": "` + date + `", "tag": ["tender"]`
	}
	tests := []struct {
		name   string
		first  string // fields of the first release (dated d1)
		second string // fields of the second release (dated d2)
		want   string
	}{{
		name:   "identifier merge of array items by id, keeping first-seen order",
		first:  `"awards": [{"id": "1", "status": "pending", "value": {"amount": 1}}, {"id": "2", "title": "b"}]`,
		second: `"awards": [{"id": "3", "title": "c"}, {"id": "2", "status": "active"}]`,
		want: `{"awards": [{"id": "1", "status": "pending", "value": {"amount": 1}},
			{"id": "2", "title": "b", "status": "active"}, {"id": "3", "title": "c"}]}`,
	}, {
		name:   "nested objects merge field by field",
		first:  `"tender": {"id": "A", "value": {"amount": 100, "currency": "TWD"}, "title": "t"}`,
		second: `"tender": {"value": {"amount": 200}}`,
		want:   `{"tender": {"id": "A", "value": {"amount": 200, "currency": "TWD"}, "title": "t"}}`,
	}, {
		name: "whole list merge (wholeListMerge, arrays of strings)",
		first: `"tender": {"id": "A", "submissionMethod": ["electronicSubmission", "written"],
			"items": [{"id": "1", "description": "x", "additionalClassifications": [{"scheme": "a", "id": "1"}, {"scheme": "b", "id": "2"}]}]},
			"parties": [{"id": "p", "roles": ["buyer", "payer"], "additionalIdentifiers": [{"scheme": "s", "id": "1"}]}]`,
		second: `"tender": {"submissionMethod": ["inPerson"],
			"items": [{"id": "1", "additionalClassifications": [{"scheme": "c", "id": "3"}]}]},
			"parties": [{"id": "p", "roles": ["procuringEntity"], "additionalIdentifiers": []}]`,
		want: `{"tender": {"id": "A", "submissionMethod": ["inPerson"],
			"items": [{"id": "1", "description": "x", "additionalClassifications": [{"scheme": "c", "id": "3"}]}]},
			"parties": [{"id": "p", "roles": ["procuringEntity"], "additionalIdentifiers": []}]}`,
	}, {
		name:   "null removes scalars, objects and fields of array items",
		first:  `"language": "zh", "tender": {"id": "A", "title": "t", "value": {"amount": 1}}, "awards": [{"id": "1", "title": "x", "status": "pending"}]`,
		second: `"language": null, "tender": {"title": null, "value": null}, "awards": [{"id": "1", "title": null}]`,
		want:   `{"tender": {"id": "A"}, "awards": [{"id": "1", "status": "pending"}]}`,
	}, {
		name:   "null in a first appearance is dropped",
		first:  `"tender": {"id": "A", "procurementMethod": null}`,
		second: `"initiationType": "tender"`,
		want:   `{"tender": {"id": "A"}, "initiationType": "tender"}`,
	}, {
		name:   "empty objects and empty identifier arrays change nothing; empty whole lists replace",
		first:  `"planning": {"rationale": "r"}, "awards": [{"id": "1"}], "tender": {"id": "A", "submissionMethod": ["written"]}`,
		second: `"planning": {}, "awards": [], "contracts": [], "buyer": {}, "tender": {"submissionMethod": []}`,
		want:   `{"planning": {"rationale": "r"}, "awards": [{"id": "1"}], "tender": {"id": "A", "submissionMethod": []}}`,
	}, {
		name:   "arrays of objects without ids are replaced whole",
		first:  `"x_notes": [{"text": "a"}, {"text": "b"}], "awards": [{"id": "1"}]`,
		second: `"x_notes": [{"text": "c"}]`,
		want:   `{"x_notes": [{"text": "c"}], "awards": [{"id": "1"}]}`,
	}, {
		name:   "arrays outside the schema: objects with ids merge by id, others are literal",
		first:  `"x_lots": [{"id": "L1", "title": "a"}], "x_codes": ["a", "b"]`,
		second: `"x_lots": [{"id": "L2"}, {"id": "L1", "status": "active"}], "x_codes": ["c"]`,
		want:   `{"x_lots": [{"id": "L1", "title": "a", "status": "active"}, {"id": "L2"}], "x_codes": ["c"]}`,
	}, {
		name:   "ids compare as text",
		first:  `"awards": [{"id": 1, "title": "a"}]`,
		second: `"awards": [{"id": "1", "status": "active"}]`,
		want:   `{"awards": [{"id": "1", "title": "a", "status": "active"}]}`,
	}, {
		name:   "duplicate ids in one release merge into one object",
		first:  `"awards": [{"id": "1", "title": "a"}, {"id": "1", "status": "active"}]`,
		second: `"language": "en"`,
		want:   `{"awards": [{"id": "1", "title": "a", "status": "active"}], "language": "en"}`,
	}, {
		name:   "values change shape",
		first:  `"x_a": "s", "x_b": {"k": 1}, "x_c": ["s"], "x_d": [{"id": "1"}]`,
		second: `"x_a": {"k": 2}, "x_b": "t", "x_c": [{"id": "2"}], "x_d": ["u"]`,
		want:   `{"x_a": {"k": 2}, "x_b": "t", "x_c": [{"id": "2"}], "x_d": ["u"]}`,
	}, {
		name:   "numbers keep their exact text",
		first:  `"tender": {"id": "A", "value": {"amount": 12345678901234567890.125, "currency": "TWD"}}`,
		second: `"planning": {"budget": {"amount": {"amount": 1e3}}}`,
		want:   `{"tender": {"id": "A", "value": {"amount": 12345678901234567890.125, "currency": "TWD"}}, "planning": {"budget": {"amount": {"amount": 1e3}}}}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r1 := rel(t, `{`+head("r1", d1)+`, `+tt.first+`}`)
			r2 := rel(t, `{`+head("r2", d2)+`, `+tt.second+`}`)
			want := compiled(t, d2, tt.want)
			for _, order := range [][]Release{{r1, r2}, {r2, r1}, {r1, r2, r1, r2}, {r2, r2, r1, r1}} {
				before := clone(map[string]any(r1))
				got, err := Merge(DefaultMergeRules(), order)
				if err != nil {
					t.Fatal(err)
				}
				if d := diff("", map[string]any(got), want); d != "" {
					t.Errorf("%d releases: %s", len(order), d)
				}
				if d := diff("", map[string]any(r1), before); d != "" {
					t.Errorf("Merge modified its input: %s", d)
				}
			}
		})
	}
}

func TestMergeIdempotent(t *testing.T) {
	releases, want := fictional(t)
	twice := append(append([]Release(nil), releases...), releases...)
	got, err := Merge(nil, twice)
	if err != nil {
		t.Fatal(err)
	}
	if d := diff("", map[string]any(got), map[string]any(want)); d != "" {
		t.Error(d)
	}
	// A compiled release merged with its own releases is unchanged too.
	again, err := Merge(nil, append([]Release{got}, releases...))
	if err != nil {
		t.Fatal(err)
	}
	if d := diff("", map[string]any(again), map[string]any(want)); d != "" {
		t.Error(d)
	}
}

func TestMergeSharesNothing(t *testing.T) {
	r := rel(t, `{"ocid": "ocds-x-1", "id": "1", "date": "2024-01-01T00:00:00Z",
		"tender": {"id": "A", "items": [{"id": "1", "additionalClassifications": [{"scheme": "a", "id": "1"}]}]}}`)
	before := clone(map[string]any(r))
	got, err := Merge(nil, []Release{r})
	if err != nil {
		t.Fatal(err)
	}
	item := got["tender"].(map[string]any)["items"].([]any)[0].(map[string]any)
	item["description"] = "changed"
	item["additionalClassifications"].([]any)[0].(map[string]any)["scheme"] = "changed"
	if d := diff("", map[string]any(r), before); d != "" {
		t.Errorf("changing the compiled release changed the input: %s", d)
	}
}

func TestMergeEqualDatesStable(t *testing.T) {
	a := rel(t, `{"ocid": "ocds-x-1", "id": "a", "date": "2024-01-01T08:00:00+08:00", "language": "a"}`)
	b := rel(t, `{"ocid": "ocds-x-1", "id": "b", "date": "2024-01-01T00:00:00Z", "language": "b"}`)
	for _, tt := range []struct {
		in   []Release
		want string
	}{{[]Release{a, b}, "b"}, {[]Release{b, a}, "a"}} {
		got, err := Merge(nil, tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got["language"] != tt.want || got.Date() != tt.in[1].Date() {
			t.Errorf("got language %v date %v, want %v and the last release's date", got["language"], got.Date(), tt.want)
		}
	}
}

func TestMergeOrdersByInstant(t *testing.T) {
	// Lexically "2024-01-01T09:00:00+08:00" > "2024-01-01T02:00:00Z", but it is an hour earlier.
	early := rel(t, `{"ocid": "ocds-x-1", "id": "a", "date": "2024-01-01T09:00:00+08:00", "language": "early"}`)
	late := rel(t, `{"ocid": "ocds-x-1", "id": "b", "date": "2024-01-01T02:00:00Z", "language": "late"}`)
	got, err := Merge(nil, []Release{late, early})
	if err != nil {
		t.Fatal(err)
	}
	if got["language"] != "late" || got["id"] != "ocds-x-1-2024-01-01T02:00:00Z" {
		t.Errorf("got %v, %v", got["language"], got["id"])
	}
}

func TestMergeErrors(t *testing.T) {
	ok := `{"ocid": "ocds-x-1", "id": "1", "date": "2024-01-01T00:00:00Z"}`
	for name, in := range map[string][]string{
		"no releases":    {},
		"other ocid":     {ok, `{"ocid": "ocds-x-2", "id": "2", "date": "2024-01-01T00:00:00Z"}`},
		"no ocid":        {`{"id": "1", "date": "2024-01-01T00:00:00Z"}`},
		"no date":        {ok, `{"ocid": "ocds-x-1", "id": "2"}`},
		"date not dated": {ok, `{"ocid": "ocds-x-1", "id": "2", "date": "yesterday"}`},
	} {
		var rels []Release
		for _, s := range in {
			rels = append(rels, rel(t, s))
		}
		if got, err := Merge(nil, rels); err == nil {
			t.Errorf("%s: got %v, want an error", name, got)
		}
	}
}

func TestDefaultMergeRules(t *testing.T) {
	m := DefaultMergeRules()
	for _, p := range []string{"id", "date", "tag"} {
		if !m.OmitWhenMerged(p) {
			t.Errorf("%s: want omitWhenMerged", p)
		}
	}
	for _, p := range []string{
		"tender/items/additionalClassifications", "parties/additionalIdentifiers", "parties/roles",
		"tender/submissionMethod", "tender/additionalProcurementCategories", "awards/items/additionalClassifications",
	} {
		if !m.WholeListMerge(p) {
			t.Errorf("%s: want wholeListMerge", p)
		}
	}
	for _, p := range []string{
		"parties", "awards", "contracts", "tender/items", "tender/documents", "tender/milestones", "awards/suppliers",
		"contracts/implementation/transactions", "contracts/amendments", "relatedProcesses", "tender/tenderers",
	} {
		if !m.IdentifierMerge(p) {
			t.Errorf("%s: want identifier merge", p)
		}
	}
	for _, p := range []string{"ocid", "tender", "tender/id", "awards/id", "buyer/name", "x_unknown"} {
		if m.OmitWhenMerged(p) || m.WholeListMerge(p) || m.IdentifierMerge(p) {
			t.Errorf("%s: want no rule", p)
		}
	}
}

func TestLoadMergeRules(t *testing.T) {
	m, err := LoadMergeRules([]byte(`{
		"properties": {
			"meta": {"type": "string", "omitWhenMerged": true},
			"old": {"type": "array", "mergeStrategy": "ocdsVersion", "items": {"$ref": "#/definitions/Thing"}},
			"gone": {"type": "string", "mergeStrategy": "ocdsOmit"},
			"tree": {"$ref": "#/definitions/Node"},
			"things": {"type": "array", "items": {"$ref": "#/definitions/Thing"}},
			"flagged": {"$ref": "#/definitions/Thing", "omitWhenMerged": true},
			"notes": {"type": "array", "items": {"type": "object", "properties": {"text": {"type": "string"}}}},
			"mixed": {"type": "array", "items": {"type": ["object", "string"]}},
			"a~1b": {"$ref": "#/definitions/a~1b"}
		},
		"definitions": {
			"Thing": {"type": "object", "properties": {"id": {"type": "string"}, "codes": {"type": "array", "items": {"type": "string"}}}},
			"Node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/definitions/Node"}}, "id": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}},
			"a/b": {"type": "object", "properties": {"list": {"type": "array", "wholeListMerge": true, "items": {"$ref": "#/definitions/Thing"}}}}
		}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		path            string
		omit, whole, id bool
	}{
		{"meta", true, false, false},
		{"gone", true, false, false},
		{"old", false, true, false},
		{"flagged", true, false, false},
		{"things", false, false, true},
		{"things/codes", false, true, false},
		{"notes", false, true, false},
		{"mixed", false, true, false},
		{"tree/children", false, false, true},
		{"tree/tags", false, true, false},
		{"tree/children/children", false, false, false}, // recursion stops
		{"a~1b/list", false, true, false},
		{"a~1b/list/codes", false, false, false}, // wholeListMerge supersedes nested rules
	}
	for _, c := range checks {
		if m.OmitWhenMerged(c.path) != c.omit || m.WholeListMerge(c.path) != c.whole || m.IdentifierMerge(c.path) != c.id {
			t.Errorf("%s: got omit %v whole %v id %v, want %v %v %v", c.path,
				m.OmitWhenMerged(c.path), m.WholeListMerge(c.path), m.IdentifierMerge(c.path), c.omit, c.whole, c.id)
		}
	}

	for name, schema := range map[string]string{
		"not JSON":       `{"properties": `,
		"not an object":  `[]`,
		"no properties":  `{"type": "object"}`,
		"external $ref":  `{"properties": {"a": {"$ref": "https://example.org/s.json#/definitions/A"}}}`,
		"missing $ref":   `{"properties": {"a": {"$ref": "#/definitions/A"}}}`,
		"$ref loop":      `{"properties": {"a": {"$ref": "#/definitions/A"}}, "definitions": {"A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/A"}}}`,
		"bad properties": `{"properties": {"a": {"type": "object", "properties": []}}}`,
	} {
		if _, err := LoadMergeRules([]byte(schema)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestLoadMergeRulesSharedSchema(t *testing.T) {
	m, err := LoadMergeRules(testFile(t, "ocds-schema", "release-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d := diff("", m.rules, DefaultMergeRules().rules); d != "" {
		t.Errorf("embedded schema differs from the shared one: %s", d)
	}
}
