package portal

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"integrity-portal/internal/database"
	"integrity-portal/portal/procurement/pcc"
	"integrity-portal/portal/procurement/store"
)

// maxPartyChoices is how many matching buyers or suppliers the search offers to pick from; with
// more, the reader is asked to type more of the name.
const maxPartyChoices = 20

// partyFilter is the buyer or the supplier filter of the search, after its text was looked up:
// the reader may type a code or part of a name, and the form answers with the one it means, or
// with the matches to pick from.
type partyFilter struct {
	Field string // the form field's id: f-buyer or f-supplier
	Param string // its query parameter: buyer or supplier
	Typed string // what the reader typed, as typed
	// Chosen is the holder the filter stands for: the one whose code was typed, or the only match
	// of a name; nil while the reader has to pick, and when nothing was typed.
	Chosen *store.Party
	// ByName is set when Chosen was found by its name rather than its code: the page says so.
	ByName  bool
	Choices []partyChoice // several matches, linked to the same search with each
	More    bool          // more than maxPartyChoices match
}

// partyChoice is one of several matches: its name and code, and the search filtered by it.
type partyChoice struct {
	store.Party
	Href string
}

// Pending reports whether the reader has to pick one of the matches before the search can run.
func (f partyFilter) Pending() bool { return len(f.Choices) > 0 }

// resolveParties looks up the buyer and supplier filters of form (codes or parts of names) and
// rewrites them as the codes they stand for, so the search and its links use codes. A filter that
// cannot be looked up, or that matches nothing, is a problem of its field.
func resolveParties(ctx context.Context, db database.DB, form *tenderForm) (buyer, supplier partyFilter, errs []fieldError, err error) {
	buyer, errs, err = resolveParty(ctx, db, store.RoleBuyer, "f-buyer", &form.Buyer, form, "buyer")
	if err != nil {
		return
	}
	supplier, more, err := resolveParty(ctx, db, store.RoleSupplier, "f-supplier", &form.Supplier, form, "supplier")
	errs = append(errs, more...)
	return
}

// resolveParty resolves one filter: *text is the form's field, rewritten to the code found; param
// is its query parameter, for the choices' links.
func resolveParty(ctx context.Context, db database.DB, role store.Role, field string, text *string, form *tenderForm, param string) (partyFilter, []fieldError, error) {
	f := partyFilter{Field: field, Param: param, Typed: *text}
	typed := strings.TrimSpace(*text)
	if typed == "" {
		return f, nil, nil
	}
	if !utf8.ValidString(typed) || strings.ContainsFunc(typed, unicode.IsControl) || utf8.RuneCountInString(typed) > maxID ||
		len(typed) > store.MaxPartyText {
		return f, []fieldError{{Field: field, Key: "procurement.error." + param}}, nil
	}
	found, err := store.FindParties(ctx, db, role, typed, maxPartyChoices+1)
	if err != nil {
		return f, nil, err
	}
	switch {
	case len(found) == 0:
		return f, []fieldError{{Field: field, Key: "procurement.error." + param + "_none", Args: []any{typed}}}, nil
	// A code, the only match, or the one name that is exactly what was typed (臺中市政府 among
	// 臺中市政府建設局 and others).
	case found[0].ID == typed || partyCode(found[0].ID) == typed || len(found) == 1 || found[0].Exact && !found[1].Exact:
		f.Chosen, f.ByName = &found[0], found[0].ID != typed && partyCode(found[0].ID) != typed
		*text = found[0].ID
		return f, nil, nil
	}
	f.More = len(found) > maxPartyChoices
	for _, p := range found[:min(len(found), maxPartyChoices)] {
		v := form.values()
		v.Set(param, p.ID)
		f.Choices = append(f.Choices, partyChoice{Party: p, Href: listHref(v) + "#results"})
	}
	return f, nil, nil
}

// partyCode is a holder's code as people know it: the 機關代碼 or 統一編號 without the scheme
// the releases put before it (TW-GOV-3.76.47 is 3.76.47).
func partyCode(id string) string {
	for _, scheme := range []string{pcc.SchemeAgency + "-", pcc.SchemeUBN + "-"} {
		if c, ok := strings.CutPrefix(id, scheme); ok && c != "" {
			return c
		}
	}
	return id
}

// Value is what the filter's box shows: the code of the holder chosen, else what was typed.
func (f partyFilter) Value() string {
	if f.Chosen != nil {
		return partyCode(f.Chosen.ID)
	}
	return f.Typed
}

// Code is the chosen holder's code, as people know it.
func (f partyFilter) Code() string {
	if f.Chosen == nil {
		return ""
	}
	return partyCode(f.Chosen.ID)
}

// Code is the match's code, as people know it.
func (c partyChoice) Code() string { return partyCode(c.ID) }
