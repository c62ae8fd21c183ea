package store

import (
	"net/url"
	"strings"
	"time"
)

// Bid is one bid of a process as the OCDS bids extension publishes it (bids/details): who bid, the
// price offered and whether the bid was qualified. Taiwan award notices give the same (標價金額,
// 是否合格) for the bidders that lost.
type Bid struct {
	ID        string
	Status    *string // invited, pending, valid, disqualified or withdrawn
	Date      *time.Time
	Value     Money
	Tenderers []Org
}

// Document is a published document of a process that has an http(s) address: the tender or award
// notice at its source, above all.
type Document struct {
	Type  string // documentType: tenderNotice, awardNotice, contractNotice, …; "" when not given
	Title string
	URL   string
}

// bids reads /bids/details.
func bids(root map[string]any) []Bid {
	var out []Bid
	for _, b := range list(obj(root, "bids")["details"]) {
		bo := asObj(b)
		if bo == nil {
			continue
		}
		out = append(out, Bid{ID: deref(text(bo, "id")), Status: text(bo, "status"), Date: date(bo, "date"),
			Value: money(obj(bo, "value")), Tenderers: orgList(root, bo["tenderers"])})
	}
	return out
}

// documents reads the documents of the tender, the awards and the contracts that have a web
// address, each address once, notices first in that order.
func documents(root map[string]any) []Document {
	var all []any
	all = append(all, list(obj(root, "tender")["documents"])...)
	for _, a := range list(root["awards"]) {
		all = append(all, list(asObj(a)["documents"])...)
	}
	for _, c := range list(root["contracts"]) {
		all = append(all, list(asObj(c)["documents"])...)
	}
	seen := map[string]bool{}
	var notices, others []Document
	for _, d := range all {
		do := asObj(d)
		u := deref(text(do, "url"))
		if !webAddress(u) || seen[u] {
			continue
		}
		seen[u] = true
		doc := Document{Type: deref(text(do, "documentType")), Title: deref(text(do, "title")), URL: u}
		if strings.HasSuffix(doc.Type, "Notice") {
			notices = append(notices, doc)
		} else {
			others = append(others, doc)
		}
	}
	return append(notices, others...)
}

// webAddress reports whether s is an absolute http or https address, the only kind a page links to.
func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
