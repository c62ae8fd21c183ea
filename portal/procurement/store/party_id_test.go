package store

import (
	"strings"
	"testing"
)

// The id of a buyer or supplier is its id, else its identifier's scheme-id, else its folded name,
// and always fit for an address.
func TestPartyID(t *testing.T) {
	long := strings.Repeat("9", 10_000)
	cases := []struct {
		name string
		ref  map[string]any
		want string
	}{
		{"id first", map[string]any{"id": "MX-EJ-001", "identifier": map[string]any{"scheme": "MX", "id": "1"}, "name": "x"}, "MX-EJ-001"},
		{"identifier", map[string]any{"identifier": map[string]any{"scheme": "TW-GOV", "id": "3.87.33.37"}, "name": "x"}, "TW-GOV-3.87.33.37"},
		{"numeric identifier", map[string]any{"identifier": map[string]any{"scheme": "GB-COH", "id": 9876543.0}}, "GB-COH-9876543"},
		{"identifier without scheme", map[string]any{"identifier": map[string]any{"id": "24681357"}, "name": "ＡＢＣ　台灣"}, "name-abc 臺灣"},
		{"name", map[string]any{"name": "  ABC   光影\t設計 "}, "name-abc 光影 設計"},
		{"slash", map[string]any{"name": "A/B Co"}, "name-a b co"},
		{"control characters", map[string]any{"identifier": map[string]any{"scheme": "X", "id": "1\x002"}, "name": "甲\x01乙"}, "name-甲 乙"},
		{"10 KB identifier", map[string]any{"identifier": map[string]any{"scheme": "X", "id": long}, "name": "丙"}, "name-丙"},
		{"10 KB name", map[string]any{"name": long}, "name-" + long[:195]},
		{"nothing", map[string]any{"identifier": map[string]any{"scheme": "X"}}, ""},
	}
	for _, c := range cases {
		if got := deref(partyID(c.ref)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
