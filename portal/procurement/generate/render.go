package generate

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/pcc"
)

// render writes a plan as an OCDS compiled release, shaped like those of the notice importer: the
// agency as buyer and procuring entity, firms as parties with roles tenderer and supplier, bids in
// the bids extension, awards with their item's classification, contracts.
func (g *Generator) render(p *plan) ocds.Release {
	a := agencies[p.agency]
	t := trades[p.trade]
	ocid := g.ocid(p)
	ps := &parties{}
	buyer := ps.add(agencyOrg(a), "buyer", "procuringEntity")

	tender := map[string]any{
		"id":                       tenderID(p),
		"title":                    p.title,
		"status":                   p.status,
		"procuringEntity":          buyer,
		"procurementMethod":        p.method.code,
		"procurementMethodDetails": p.method.details,
		"mainProcurementCategory":  t.category,
		"value":                    money(p.budget),
	}
	switch p.criteria {
	case "priceOnly":
		tender["awardCriteria"], tender["awardCriteriaDetails"] = "priceOnly", "最低標"
	case "ratedCriteria":
		details := "最有利標"
		if p.method == methodEvaluated {
			details = "準用最有利標"
		}
		tender["awardCriteria"], tender["awardCriteriaDetails"] = "ratedCriteria", details
	}
	if !p.end.IsZero() {
		tender["tenderPeriod"] = map[string]any{"startDate": stamp(p.start), "endDate": stamp(p.end)}
		tender["submissionMethod"] = []any{"electronicSubmission", "inPerson"}
	}
	if !p.amendedAt.IsZero() {
		tender["amendments"] = []any{map[string]any{"id": "1", "date": stamp(p.amendedAt),
			"rationale": "更正公告", "description": "修正招標文件並展延等標期"}}
	}
	last := p.start
	if p.amendedAt.After(last) {
		last = p.amendedAt
	}

	rel := ocds.Release{
		"ocid":           ocid,
		"tag":            []any{"compiled"},
		"initiationType": "tender",
		"language":       "zh-TW",
		"buyer":          buyer,
		"tender":         tender,
	}
	if p.bidsOpened {
		tender["numberOfTenderers"] = number(int64(len(p.bids)))
		var tenderers, details []any
		for k, b := range p.bids {
			var refs []any
			for _, s := range b.suppliers {
				ref := ps.add(g.pop.suppliers[s].org, "tenderer")
				refs = append(refs, ref)
				if !slices.ContainsFunc(tenderers, func(x any) bool { return x.(map[string]any)["id"] == ref["id"] }) {
					tenderers = append(tenderers, ref)
				}
			}
			status := "valid"
			if b.disqualified {
				status = "disqualified"
			}
			details = append(details, map[string]any{"id": strconv.Itoa(k + 1), "date": stamp(b.date),
				"status": status, "tenderers": refs, "value": money(b.amount)})
		}
		if len(tenderers) > 0 {
			tender["tenderers"] = tenderers
			rel["bids"] = map[string]any{"details": details}
		}
	}
	if p.winner >= 0 {
		rel["awards"] = g.awards(p, ps)
		if p.awardDate.After(last) {
			last = p.awardDate
		}
		if !p.signed.IsZero() {
			rel["contracts"] = contracts(p)
			last = maxTime(last, p.signed)
			if p.amendment != nil {
				last = maxTime(last, p.amendment.date)
			}
		}
	}
	rel["parties"] = ps.list()
	rel["date"] = stamp(last)
	rel["id"] = ocid + "-" + stamp(last)
	return rel
}

// awards returns the award to the winning bid (the suppliers of a joint bid together), after, in
// a few processes, an award to the runner-up that was cancelled.
func (g *Generator) awards(p *plan, ps *parties) []any {
	t := trades[p.trade]
	award := func(id, status string, b bid, date time.Time) map[string]any {
		var suppliers []any
		for _, s := range b.suppliers {
			suppliers = append(suppliers, ps.add(g.pop.suppliers[s].org, "supplier"))
		}
		a := map[string]any{"id": id, "status": status, "date": stamp(date), "value": money(b.amount),
			"suppliers": suppliers,
			"items": []any{map[string]any{"id": "1", "description": p.title,
				"classification": map[string]any{"scheme": "CPC", "id": t.class, "description": t.classLabel}}}}
		if !p.signed.IsZero() {
			a["contractPeriod"] = map[string]any{"startDate": stamp(p.signed), "endDate": stamp(p.contractEnd)}
		}
		return a
	}
	var out []any
	id := 1
	if p.reawarded {
		out = append(out, award("1", "cancelled", p.bids[1], p.awardDate.AddDate(0, 0, -7)))
		id = 2
	}
	return append(out, award(strconv.Itoa(id), "active", p.bids[p.winner], p.awardDate))
}

// contracts returns the contract of the award, terminated once its period is over.
func contracts(p *plan) []any {
	status := "active"
	if p.contractEnd.Before(asOf) {
		status = "terminated"
	}
	awardID := "1"
	if p.reawarded {
		awardID = "2"
	}
	c := map[string]any{"id": "1", "awardID": awardID, "title": p.title, "status": status,
		"value": money(p.contractVal), "dateSigned": stamp(p.signed),
		"period": map[string]any{"startDate": stamp(p.signed), "endDate": stamp(p.contractEnd)}}
	if a := p.amendment; a != nil {
		c["amendments"] = []any{map[string]any{"id": "1", "date": stamp(a.date), "rationale": a.rationale,
			"description": a.description}}
	}
	return []any{c}
}

// parties collects the organisations of a release, each once with all its roles, with the party
// ids and identifiers of the notice importer (package pcc).
type parties struct {
	order []map[string]any
	byID  map[string]map[string]any
}

// add adds roles to the organisation's party (creating it) and returns a reference to it.
func (ps *parties) add(o org, roles ...string) map[string]any {
	p, ok := ps.byID[o.id]
	if !ok {
		p = map[string]any{"id": o.id, "name": o.name, "roles": []any{},
			"identifier": map[string]any{"scheme": o.scheme, "id": o.code, "legalName": o.name}}
		if ps.byID == nil {
			ps.byID = map[string]map[string]any{}
		}
		ps.byID[o.id] = p
		ps.order = append(ps.order, p)
	}
	have := p["roles"].([]any)
	for _, r := range roles {
		if !slices.Contains(have, any(r)) {
			have = append(have, r)
		}
	}
	p["roles"] = have
	return map[string]any{"id": o.id, "name": o.name}
}

func (ps *parties) list() []any {
	out := make([]any, len(ps.order))
	for i, p := range ps.order {
		out[i] = p
	}
	return out
}

func money(amount int64) map[string]any {
	return map[string]any{"amount": number(amount), "currency": pcc.Currency}
}

func number(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// stamp writes a date-time as RFC 3339 in Taipei, as the notice importer does.
func stamp(t time.Time) string { return t.In(pcc.Taipei).Format(time.RFC3339) }

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
