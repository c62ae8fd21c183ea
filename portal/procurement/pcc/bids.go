package pcc

import (
	"math"
	"strconv"
	"strings"
)

// loser is a bidder that did not win an item: 決標品項:第N品項:未得標廠商M.
type loser struct {
	qualified string // 是否合格: 是 or 否, as written
	price     string // 標價金額, as written
}

// bids returns /bids/details of an award notice: one bid per 投標廠商N, its members (the bidder and
// its joint bidders) as tenderers. A bid that won is valid; a losing bid is valid or disqualified as
// its 未得標廠商 entry's 是否合格 says. Prices are read only when the notice awards a single item,
// where each bidder made one price for it: a losing bid's 標價金額, and for the winning bid the sum
// of its members' 得標廠商原始投標金額 (the price offered, before any negotiation down to the reserve
// price; 決標金額 is the award). A price that does not parse is left out, as is the status of a bid
// the items do not name.
func (n Notice) bids(ps *parties, bidders []bidder) []any {
	single := n.singleItem()
	losers := map[string]loser{}
	offered := map[string]string{} // winner's name → 得標廠商原始投標金額
	if single {
		for key, v := range n.Detail {
			rest, ok := strings.CutPrefix(key, "決標品項:第1品項:")
			if !ok {
				continue
			}
			if prefix, ok := strings.CutSuffix(rest, ":未得標廠商"); ok && strings.HasPrefix(prefix, "未得標廠商") {
				p := "決標品項:第1品項:" + prefix
				losers[clean(v)] = loser{qualified: clean(n.Detail[p+":是否合格"]), price: n.Detail[p+":標價金額"]}
			}
			if prefix, ok := strings.CutSuffix(rest, ":得標廠商"); ok && strings.HasPrefix(prefix, "得標廠商") {
				offered[clean(v)] = n.Detail["決標品項:第1品項:"+prefix+":得標廠商原始投標金額"]
			}
		}
	}

	var out []any
	for i := 0; i < len(bidders); {
		j := i
		for j < len(bidders) && bidders[j].bid == bidders[i].bid {
			j++
		}
		members := bidders[i:j]
		i = j
		bid := map[string]any{"id": strconv.Itoa(members[0].bid)}
		var tenderers []any
		won := false
		for _, m := range members {
			tenderers = append(tenderers, ps.ref(ps.add(m.org, "tenderer")))
			won = won || m.won
		}
		bid["tenderers"] = tenderers
		switch l, lost := losers[members[0].org.name]; {
		case won:
			bid["status"] = "valid"
			if single {
				if v, ok := sumPrices(members, offered); ok {
					bid["value"] = v
				}
			}
		case lost:
			switch l.qualified {
			case "是":
				bid["status"] = "valid"
			case "否":
				bid["status"] = "disqualified"
			}
			if v, ok := money(l.price); ok {
				bid["value"] = v
			}
		}
		out = append(out, bid)
	}
	return out
}

// singleItem reports whether the notice awards one item (決標品項數 1, or only 第1品項 named).
func (n Notice) singleItem() bool {
	if c := clean(n.Detail["決標品項:決標品項數"]); c != "" {
		return c == "1"
	}
	for key := range n.Detail {
		if strings.HasPrefix(key, "決標品項:第") && !strings.HasPrefix(key, "決標品項:第1品項") {
			return false
		}
	}
	return true
}

// sumPrices adds the offered prices of a winning bid's members; false unless every member that is
// a named winner has one that parses, and at least one does.
func sumPrices(members []bidder, offered map[string]string) (map[string]any, bool) {
	var sum int64
	found := false
	for _, m := range members {
		s, ok := offered[m.org.name]
		if !ok {
			continue
		}
		a, err := ParseMoney(s)
		if err != nil || sum > math.MaxInt64-a {
			return nil, false
		}
		sum += a
		found = true
	}
	if !found {
		return nil, false
	}
	return value(sum), true
}
