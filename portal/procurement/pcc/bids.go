package pcc

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// itemBid is what one bidder offered for one item of an award notice: 決標品項:第N品項:得標廠商M (won)
// or 決標品項:第N品項:未得標廠商M (lost).
type itemBid struct {
	item      int
	name      string
	won       bool
	qualified string // 是否合格 of a losing bid: 是 or 否, as written
	price     string // a winner's 得標廠商原始投標金額, a loser's 標價金額, as written
}

var itemBidKey = regexp.MustCompile(`^(決標品項:第(\d+)品項:(未?得標廠商)\d+):(未?得標廠商)$`)

// itemBids returns the items' winners and losers by name.
func (n Notice) itemBids() map[string][]itemBid {
	out := map[string][]itemBid{}
	for key, v := range n.Detail {
		m := itemBidKey.FindStringSubmatch(key)
		if m == nil || m[3] != m[4] || clean(v) == "" {
			continue
		}
		item, err := strconv.Atoi(m[2])
		if err != nil {
			continue
		}
		b := itemBid{item: item, name: clean(v), won: m[3] == "得標廠商"}
		if b.won {
			b.price = n.Detail[m[1]+":得標廠商原始投標金額"]
		} else {
			b.qualified, b.price = clean(n.Detail[m[1]+":是否合格"]), n.Detail[m[1]+":標價金額"]
		}
		out[b.name] = append(out[b.name], b)
	}
	return out
}

// bids returns /bids/details of an award notice: one bid per 投標廠商N, its members (the bidder and
// its joint bidders) as tenderers.
//
// A bid that won is valid; a losing bid is valid or disqualified as its 未得標廠商 entries' 是否合格
// say (left out if they disagree, or if the items do not name it). Its value is what its members
// offered for the items they are named in, added up: a loser's 標價金額, a winner's
// 得標廠商原始投標金額 (the price offered, before any negotiation down to the reserve price; 決標金額
// is the award). So that prices compare, values are given only when every bid with a price covers
// the same items, as in a notice of one item; and a bid whose named prices do not all parse has none.
// Why a bid lost (未得標原因) has no place in the OCDS bids extension, and is left out.
func (n Notice) bids(ps *parties, bidders []bidder) []any {
	named := n.itemBids()
	var out []any
	var scopes []string // of the bids given a value, their items
	for i := 0; i < len(bidders); {
		j := i
		for j < len(bidders) && bidders[j].bid == bidders[i].bid {
			j++
		}
		members := bidders[i:j]
		i = j
		bid := map[string]any{"id": strconv.Itoa(members[0].bid)}
		var tenderers []any
		var entries []itemBid
		won := false
		for _, m := range members {
			tenderers = append(tenderers, ps.ref(ps.add(m.org, "tenderer")))
			won = won || m.won
			entries = append(entries, named[m.org.name]...)
		}
		bid["tenderers"] = tenderers
		if s := bidStatus(won, entries); s != "" {
			bid["status"] = s
		}
		if v, ok := sumPrices(entries); ok {
			bid["value"] = v
			scopes = append(scopes, itemScope(entries))
		}
		out = append(out, bid)
	}
	if len(slices.Compact(slices.Sorted(slices.Values(scopes)))) > 1 {
		for _, b := range out {
			delete(b.(map[string]any), "value")
		}
	}
	return out
}

// bidStatus is valid for a bid that won; for one that lost, valid or disqualified as all its
// 是否合格 say; else "".
func bidStatus(won bool, entries []itemBid) string {
	if won {
		return "valid"
	}
	status := ""
	for _, e := range entries {
		s := map[string]string{"是": "valid", "否": "disqualified"}[e.qualified]
		if e.won || s == "" || status != "" && s != status {
			return ""
		}
		status = s
	}
	return status
}

// sumPrices adds the prices of a bid's entries; false unless there is one and all parse.
func sumPrices(entries []itemBid) (map[string]any, bool) {
	var sum int64
	for _, e := range entries {
		a, err := ParseMoney(e.price)
		if err != nil || sum > math.MaxInt64-a {
			return nil, false
		}
		sum += a
	}
	if len(entries) == 0 {
		return nil, false
	}
	return value(sum), true
}

// itemScope names the items of a bid's entries: "1,2".
func itemScope(entries []itemBid) string {
	var items []int
	for _, e := range entries {
		items = append(items, e.item)
	}
	slices.Sort(items)
	var b strings.Builder
	for i, it := range slices.Compact(items) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(it))
	}
	return b.String()
}
