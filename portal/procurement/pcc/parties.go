package pcc

// Identifier schemes of organisations, used in party identifiers and as the prefix of party ids
// ("TW-UBN-70576576"). They are this project's names: org-id.guide lists no scheme for these
// registers.
const (
	// SchemeUBN is the Unified Business Number (統一編號) of a Taiwanese company: eight digits.
	SchemeUBN = "TW-UBN"
	// SchemeVendor is any other vendor code (廠商代碼) of the e-procurement system, such as those
	// of foreign firms.
	SchemeVendor = "TW-PCC"
	// SchemeAgency is the agency code (機關代碼) of a government agency, such as "3.79.56".
	SchemeAgency = "TW-GOV"
)

// org is an organisation named in a notice.
type org struct {
	scheme string // SchemeUBN, SchemeVendor or SchemeAgency; chosen by vendor() for vendors
	code   string // its code, or "" if the notice gives none
	name   string
}

// vendor returns a company as an org, choosing its scheme by the code's form.
func vendor(code, name string) org {
	o := org{scheme: SchemeVendor, code: code, name: name}
	if len(code) == 8 && allDigits(code) {
		o.scheme = SchemeUBN
	}
	return o
}

// id returns the party id: scheme-code, or, with no code, "name-" and the name (not an identifier,
// but stable across the notices of a procurement).
func (o org) id() string {
	if o.code == "" {
		return "name-" + o.name
	}
	return o.scheme + "-" + o.code
}

// parties collects the parties of a release, one per id, in the order first added.
type parties struct {
	order []map[string]any
	byID  map[string]map[string]any
}

// add adds an organisation with roles, or adds the roles (and any missing name) to the party with
// its id, and returns the party.
func (ps *parties) add(o org, roles ...string) map[string]any {
	id := o.id()
	p, ok := ps.byID[id]
	if !ok {
		p = map[string]any{"id": id, "roles": []any{}}
		if o.code != "" {
			ident := map[string]any{"scheme": o.scheme, "id": o.code}
			setText(ident, "legalName", o.name)
			p["identifier"] = ident
		}
		if ps.byID == nil {
			ps.byID = map[string]map[string]any{}
		}
		ps.byID[id] = p
		ps.order = append(ps.order, p)
	}
	if _, ok := p["name"]; !ok {
		setText(p, "name", o.name)
	}
	have := p["roles"].([]any)
next:
	for _, r := range roles {
		for _, h := range have {
			if h == r {
				continue next
			}
		}
		have = append(have, r)
	}
	p["roles"] = have
	return p
}

// ref returns an organisation reference to a party.
func (ps *parties) ref(p map[string]any) map[string]any {
	r := map[string]any{"id": p["id"]}
	if name, ok := p["name"]; ok {
		r["name"] = name
	}
	return r
}

// list returns the parties as a JSON array.
func (ps *parties) list() []any {
	out := make([]any, len(ps.order))
	for i, p := range ps.order {
		out[i] = p
	}
	return out
}

// Parties collects the parties of a release for other importers (such as CSV), with the same party
// ids and identifiers as the releases made from notices, so that releases of one procurement from
// either source name each organisation alike and merge into one party.
type Parties struct{ ps parties }

// AddAgency adds a government agency by its 機關代碼 (scheme SchemeAgency) with roles, and returns the
// party; adding it again adds the roles.
func (p *Parties) AddAgency(code, name string, roles ...string) map[string]any {
	return p.ps.add(org{scheme: SchemeAgency, code: code, name: name}, roles...)
}

// AddVendor adds a company by its code (SchemeUBN for eight digits, else SchemeVendor; with no code,
// a party named by its name only) with roles, and returns the party.
func (p *Parties) AddVendor(code, name string, roles ...string) map[string]any {
	return p.ps.add(vendor(code, name), roles...)
}

// Ref returns an organisation reference (id and name) to a party.
func (p *Parties) Ref(party map[string]any) map[string]any { return p.ps.ref(party) }

// List returns the parties as a JSON array, in the order first added.
func (p *Parties) List() []any { return p.ps.list() }
