package csvimport

import (
	"encoding/json"

	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/pcc"
)

// ReleaseID is the id of every release made from CSV. One id per process means a process's CSV rows
// are one snapshot of it: importing it again stores nothing new, and a corrected file replaces the
// earlier snapshot instead of merging with it (which would keep a supplier the correction removed).
// Releases from notices have other ids, so they and the snapshot merge by date.
const ReleaseID = "csv"

// release makes the process's release. Its date is the latest date the rows give, so it sorts after
// the notices it summarises and is the same on every import.
func (p *process) release() ocds.Release {
	f := &p.fields
	cur := f.vals[colCurrency]
	if cur == "" {
		cur = pcc.Currency
	}
	ps := &pcc.Parties{}
	buyer := ps.AddAgency(f.vals[colBuyerID], f.vals[colBuyerName], "buyer", "procuringEntity")

	tender := map[string]any{"id": p.ocid, "title": f.vals[colTitle], "procuringEntity": ps.Ref(buyer)}
	set(tender, "id", f.vals[colCase])
	if m := f.vals[colMethod]; m != "" {
		code, details, _ := method(m) // checked by parseRow
		tender["procurementMethod"] = code
		set(tender, "procurementMethodDetails", details)
	}
	set(tender, "mainProcurementCategory", f.vals[colCategory])
	if v := f.vals[colTenderValue]; v != "" {
		tender["value"] = value(v, cur)
	}
	period := map[string]any{}
	set(period, "startDate", f.vals[colTenderStart])
	set(period, "endDate", f.vals[colTenderEnd])
	if len(period) > 0 {
		tender["tenderPeriod"] = period
	}
	if n := f.vals[colTenderers]; n != "" {
		tender["numberOfTenderers"] = json.Number(n)
	}

	latest := max(f.vals[colTenderStart], f.vals[colTenderEnd])
	var awards []any
	for _, a := range p.awards {
		aw := map[string]any{"id": a.id, "status": "active"}
		set(aw, "date", a.fields.vals[colAwardDate])
		latest = max(latest, a.fields.vals[colAwardDate])
		if v := a.fields.vals[colAwardValue]; v != "" {
			aw["value"] = value(v, cur)
		}
		var suppliers []any
		for _, s := range a.suppliers {
			name := s.name
			if s.code != "" {
				name = p.supplierName[s.code].vals[colSupplierName]
			}
			suppliers = append(suppliers, ps.Ref(ps.AddVendor(s.code, name, "supplier")))
		}
		if len(suppliers) > 0 {
			aw["suppliers"] = suppliers
		}
		awards = append(awards, aw)
	}

	tag := []any{"tender"}
	if len(awards) > 0 {
		tag = append(tag, "award")
		tender["status"] = "complete" // as pcc says of an awarded tender; without an award, unknown
	}
	rel := ocds.Release{
		"ocid":           p.ocid,
		"id":             ReleaseID,
		"date":           latest, // RFC 3339 in Taipei, all alike: the greatest string is the latest
		"tag":            tag,
		"initiationType": "tender",
		"language":       "zh-TW",
		"buyer":          ps.Ref(buyer),
		"tender":         tender,
		"parties":        ps.List(),
	}
	if len(awards) > 0 {
		rel["awards"] = awards
	}
	return rel
}

func value(amount, currency string) map[string]any {
	return map[string]any{"amount": json.Number(amount), "currency": currency}
}

// set sets m[key] to v unless v is empty.
func set(m map[string]any, key, v string) {
	if v != "" {
		m[key] = v
	}
}
