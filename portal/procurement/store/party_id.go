package store

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NamePrefix begins the id of an organisation that the data names by its name alone: the rest is
// the name folded as search folds text (normalize), so that one organisation written two ways
// (ＡＢＣ and abc, 台 and 臺) is one page. Releases made from Taiwan notices give a vendor without
// a code the id "name-" and its name, with the same prefix.
const NamePrefix = "name-"

// maxPartyID bounds a derived id, in characters: an id is part of the page's address, whose id
// may have 200 characters.
const maxPartyID = 200

// partyID returns the id by which the pages know the organisation that an organisation reference
// (a buyer, an award's supplier) names:
//   - its id;
//   - without one, as OCDS 1.0 data and some publishers give only an identifier, the identifier's
//     scheme and id joined by "-" ("TW-GOV-3.87.33.37"), as the ids of parties are built;
//   - without an identifier fit for an address (control characters, over 200 characters), its
//     name: NamePrefix and the folded name, cut to 200 characters, with "/" read as a space (an
//     address cannot hold it).
//
// It returns nil when the reference names none of these.
func partyID(ref map[string]any) *string {
	if id := text(ref, "id"); id != nil {
		return id
	}
	ident := obj(ref, "identifier")
	if scheme, code := text(ident, "scheme"), text(ident, "id"); scheme != nil && code != nil {
		if id := *scheme + "-" + *code; addressable(id) {
			return &id
		}
	}
	name := text(ref, "name")
	if name == nil {
		return nil
	}
	key := normalize(strings.ReplaceAll(*name, "/", " "))
	if key == "" {
		return nil
	}
	id := NamePrefix + key
	if utf8.RuneCountInString(id) > maxPartyID {
		id = strings.TrimSpace(string([]rune(id)[:maxPartyID]))
	}
	return &id
}

// addressable reports whether a derived id can be part of an address: at most maxPartyID
// characters, no control character, no "/", no space at either end.
func addressable(id string) bool {
	return utf8.ValidString(id) && utf8.RuneCountInString(id) <= maxPartyID && strings.TrimSpace(id) == id &&
		!strings.ContainsFunc(id, func(r rune) bool { return unicode.IsControl(r) || r == '/' || r == utf8.RuneError })
}

// partyLabel returns the name of the organisation that ref names: its name, else the name of the
// party with its id, else its identifier's legal name.
func partyLabel(root, ref map[string]any) string {
	if name := deref(text(ref, "name")); name != "" {
		return name
	}
	if id := text(ref, "id"); id != nil {
		if name := partyName(root, *id); name != "" {
			return name
		}
	}
	return deref(text(obj(ref, "identifier"), "legalName"))
}
