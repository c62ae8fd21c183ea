package portal

import (
	"cmp"
	"math/big"
	"net/url"
	"slices"

	"integrity-portal/portal/procurement/store"
)

// bidView is one line of a tender's bids table: who bid, at what price, whether the bid qualified,
// and whether it won, so that a reader can check a flag such as identical prices (R028) or a
// disqualified rival (R035) against the bids themselves.
type bidView struct {
	Tenderers []orgLink
	Value     amount
	Status    string // bids/details/status code, "" when not given
	Won       bool   // a tenderer of the bid is a supplier of a counted award
	SamePrice bool   // another bid offered exactly this amount
	Lowest    bool   // the lowest price among the qualified (or unqualified-unknown) bids
}

// documentView is a document at its source, named by its kind and the site it is on.
type documentView struct {
	Key  string // message key of its kind: procurement.document.<type>, else procurement.document.other
	Host string
	URL  string
}

// bidViews lists the bids cheapest first (bids without a price last, in published order), marking
// the winners, equal prices and the lowest qualified price.
func bidViews(bids []store.Bid, awards []store.Award) []bidView {
	winners := map[string]bool{}
	for _, a := range awards {
		if s := deref(a.Status); s == "pending" || s == "cancelled" || s == "unsuccessful" {
			continue
		}
		for _, s := range a.Suppliers {
			if s.ID != "" {
				winners[s.ID] = true
			}
		}
	}
	type priced struct {
		bidView
		price *big.Rat
		cur   string
	}
	var out []priced
	for _, b := range bids {
		v := priced{bidView: bidView{Value: money(b.Value), Status: deref(b.Status)}, cur: deref(b.Value.Currency)}
		if b.Value.Amount != nil {
			v.price, _ = new(big.Rat).SetString(*b.Value.Amount)
		}
		for _, t := range b.Tenderers {
			v.Tenderers = append(v.Tenderers, link(t, supplierHref))
			v.Won = v.Won || winners[t.ID]
		}
		out = append(out, v)
	}
	slices.SortStableFunc(out, func(a, b priced) int {
		switch {
		case a.price == nil || b.price == nil:
			return cmp.Compare(boolInt(a.price == nil), boolInt(b.price == nil))
		case a.cur != b.cur:
			return cmp.Compare(a.cur, b.cur)
		}
		return a.price.Cmp(b.price)
	})
	lowest := -1
	for i := range out {
		for j := range out {
			if i != j && out[i].price != nil && out[j].price != nil && out[i].cur == out[j].cur && out[i].price.Cmp(out[j].price) == 0 {
				out[i].SamePrice = true
			}
		}
		if lowest < 0 && out[i].price != nil && out[i].Status != "disqualified" && out[i].Status != "withdrawn" {
			lowest = i
		}
	}
	views := make([]bidView, len(out))
	for i, v := range out {
		v.Lowest = i == lowest
		views[i] = v.bidView
	}
	return views
}

// documentViews names each document by its kind and the site it is on.
func documentViews(docs []store.Document) []documentView {
	var out []documentView
	for _, d := range docs {
		u, err := url.Parse(d.URL)
		if err != nil {
			continue
		}
		key := "procurement.document.other"
		switch d.Type {
		case "tenderNotice", "awardNotice", "contractNotice", "clarifications", "biddingDocuments":
			key = "procurement.document." + d.Type
		}
		out = append(out, documentView{Key: key, Host: u.Host, URL: d.URL})
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
