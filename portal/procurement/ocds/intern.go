package ocds

import "encoding/json"

// common holds the strings that recur in every release, already boxed as the decoder returns
// them: the field names and the closed codelists' codes of the release schema, and the open
// codelists' usual codes. A decoded string found here costs no allocation, which is most of the
// strings of a release (all its keys): decoding millions of releases makes less garbage.
var common = func() map[string]any {
	var schema any
	if err := json.Unmarshal(releaseSchema, &schema); err != nil {
		panic("ocds: embedded release schema: " + err.Error())
	}
	m := map[string]any{}
	add := func(s string) { m[s] = s }
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, sub := range v {
				if props, ok := sub.(map[string]any); ok && k == "properties" {
					for name := range props {
						add(name)
					}
				}
				if codes, ok := sub.([]any); ok && k == "enum" {
					for _, c := range codes {
						if s, ok := c.(string); ok {
							add(s)
						}
					}
				}
				walk(sub)
			}
		case []any:
			for _, sub := range v {
				walk(sub)
			}
		}
	}
	walk(schema)
	for _, s := range []string{"ocid", "buyer", "procuringEntity", "supplier", "tenderer", "payer", "payee",
		"reviewBody", "funder", "interestedParty", "enquirer", "compiled", "tender", "tenderUpdate", "award",
		"awardUpdate", "contract", "contractUpdate", "planning", "implementation", "valid", "invalid",
		"pending", "disqualified", "withdrawn"} {
		add(s)
	}
	return m
}()
