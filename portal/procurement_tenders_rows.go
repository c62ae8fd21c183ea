package portal

import (
	"context"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/store"
)

// tenderRows are the rows of a page of results, with their suppliers' names and their red flags.
func (p *procurement) tenderRows(ctx context.Context, items []store.Item) ([]tenderRow, error) {
	ocids := make([]string, len(items))
	for i, it := range items {
		ocids[i] = it.OCID
	}
	extras, err := store.Extras(ctx, p.db, ocids)
	if err != nil {
		return nil, err
	}
	names, raised := extras.SupplierNames, extras.Flags
	var rows []tenderRow
	for _, it := range items {
		r := tenderRow{Item: it, Href: tenderHref(it.OCID), Date: it.Date.In(taipei), Method: deref(it.Method),
			MethodDetails: deref(it.MethodDetails), Category: deref(it.Category),
			Amount: amount{Value: it.AwardValue, Currency: it.AwardCurrency}, Awarded: it.AwardValue != nil}
		if !r.Awarded {
			r.Amount = amount{Value: it.TenderValue, Currency: it.TenderCurrency}
		}
		switch {
		case it.TenderStart != nil:
			r.DateKind = "tender"
		case it.AwardDate != nil:
			r.DateKind = "award"
		default:
			r.DateKind = "release"
		}
		if it.BuyerID != nil {
			r.BuyerHref = buyerHref(*it.BuyerID)
		}
		for _, id := range it.SupplierIDs {
			name := names[id]
			if name == "" {
				name = partyCode(id)
			}
			r.Suppliers = append(r.Suppliers, partyLink{Name: name, Href: supplierHref(id)})
		}
		for _, code := range raised[it.OCID] {
			if ind, ok := flags.Lookup(code); ok {
				r.Flags = append(r.Flags, ind)
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// activeFilters names the filters set besides the keyword, in the form's order, with their values
// as the reader knows them (a buyer's name, not its code).
func (p *procurement) activeFilters(c *gin.Context, form tenderForm, d tendersPage) []activeFilter {
	var out []activeFilter
	add := func(label, value string) {
		if value = strings.TrimSpace(value); value != "" {
			out = append(out, activeFilter{p.message(c, label, label), value})
		}
	}
	party := func(f partyFilter) string {
		if f.Chosen != nil && f.Chosen.Name != "" {
			return f.Chosen.Name
		}
		return f.Typed
	}
	add("procurement.col.buyer", party(d.Buyer))
	add("procurement.col.winner", party(d.Supplier))
	if form.Method != "" {
		add("procurement.field.method", p.message(c, "procurement.method."+form.Method, form.Method))
	}
	if form.Category != "" {
		add("procurement.field.category", p.message(c, "procurement.category."+form.Category, form.Category))
	}
	switch {
	case form.Flag == store.FlagAny:
		add("procurement.field.flag", p.message(c, "procurement.flag_filter.any", form.Flag))
	case form.Flag != "":
		add("procurement.field.flag", form.Flag+" "+p.message(c, "flag."+form.Flag+".title", ""))
	}
	for _, y := range d.Years {
		if y.Selected {
			add("procurement.field.year", y.Label)
		}
	}
	if strings.TrimSpace(form.Year) != "" && !slices.ContainsFunc(d.Years, func(o option) bool { return o.Selected }) {
		add("procurement.field.year", form.Year)
	}
	add("procurement.field.min", form.Min)
	add("procurement.field.max", form.Max)
	for _, s := range d.Sorts {
		if s.Selected && s.Value != "" {
			add("procurement.field.sort", s.Label)
		}
	}
	return out
}
