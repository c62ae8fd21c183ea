package pcc

import (
	"cmp"
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// bidder is one organisation of a bid in an award notice: 投標廠商N (member 0), or a joint bidder of
// that bid, 投標廠商N(共同投標廠商)M (member M).
type bidder struct {
	bid, member int
	prefix      string // the key prefix of its fields: "投標廠商:投標廠商1(共同投標廠商)1"
	org         org
	won         bool // 是否得標 is 是
}

var bidderKey = regexp.MustCompile(`^(投標廠商:投標廠商(\d+)(?:[(（]共同投標廠商[)）](\d+))?):`)

// bidders returns the organisations of the bids of an award notice, by bid and member.
func (n Notice) bidders() []bidder {
	seen := map[string]bool{}
	var out []bidder
	for key := range n.Detail {
		m := bidderKey.FindStringSubmatch(key)
		if m == nil || seen[m[1]] {
			continue
		}
		seen[m[1]] = true
		bid, err := strconv.Atoi(m[2])
		if err != nil {
			continue
		}
		member := 0
		if m[3] != "" {
			if member, err = strconv.Atoi(m[3]); err != nil {
				continue
			}
		}
		b := bidder{bid: bid, member: member, prefix: m[1]}
		b.org = vendor(clean(n.Detail[b.prefix+":廠商代碼"]), clean(n.Detail[b.prefix+":廠商名稱"]))
		if b.org.code == "" && b.org.name == "" {
			continue
		}
		b.won = clean(n.Detail[b.prefix+":是否得標"]) == "是"
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b bidder) int {
		return cmp.Or(cmp.Compare(a.bid, b.bid), cmp.Compare(a.member, b.member), strings.Compare(a.prefix, b.prefix))
	})
	return out
}

// addTenderers adds the bidders to the parties (roles tenderer, and supplier for those that won) and
// sets tender/tenderers to them and tender/numberOfTenderers to 投標廠商家數. That count is of bids,
// as the notice gives it: a joint bid counts once, though each of its members is a tenderer. Without
// it, the number of bids listed is used.
func (n Notice) addTenderers(tender map[string]any, ps *parties, bidders []bidder) {
	var refs []any
	bids := map[int]bool{}
	for _, b := range bidders {
		roles := []string{"tenderer"}
		if b.won {
			roles = append(roles, "supplier")
		}
		p := ps.add(b.org, roles...)
		if addr := clean(n.Detail[b.prefix+":廠商地址"]); addr != "" {
			p["address"] = map[string]any{"streetAddress": addr}
		}
		if tel := clean(n.Detail[b.prefix+":廠商電話"]); tel != "" {
			p["contactPoint"] = map[string]any{"telephone": tel}
		}
		if !slices.ContainsFunc(refs, func(r any) bool { return r.(map[string]any)["id"] == p["id"] }) {
			refs = append(refs, ps.ref(p))
		}
		bids[b.bid] = true
	}
	if len(refs) > 0 {
		tender["tenderers"] = refs
	}
	if c, err := strconv.Atoi(n.get(fTenderers)); err == nil && c >= 0 {
		tender["numberOfTenderers"] = json.Number(strconv.Itoa(c))
	} else if len(bids) > 0 {
		tender["numberOfTenderers"] = json.Number(strconv.Itoa(len(bids)))
	}
}

// winner is a supplier awarded (part of) an item: 決標品項:第N品項:得標廠商M.
type winner struct {
	item, index int
	name        string
	amount      string // 決標金額, as written
}

var winnerKey = regexp.MustCompile(`^決標品項:第(\d+)品項:得標廠商(\d+):得標廠商$`)

// winners returns the suppliers of the items of an award notice, by item and index.
func (n Notice) winners() []winner {
	var out []winner
	for key, v := range n.Detail {
		m := winnerKey.FindStringSubmatch(key)
		if m == nil || clean(v) == "" {
			continue
		}
		item, err1 := strconv.Atoi(m[1])
		index, err2 := strconv.Atoi(m[2])
		if err1 != nil || err2 != nil {
			continue
		}
		prefix := strings.TrimSuffix(key, ":得標廠商")
		out = append(out, winner{item: item, index: index, name: clean(v), amount: n.Detail[prefix+":決標金額"]})
	}
	slices.SortFunc(out, func(a, b winner) int {
		return cmp.Or(cmp.Compare(a.item, b.item), cmp.Compare(a.index, b.index))
	})
	return out
}

// awards returns the awards of an award notice, adding their suppliers to the parties.
//
// Items awarded together (是否複數決標 not 是) make one award, id "1": its suppliers are all the
// 得標廠商 of all items, so the members of a joint bid (共同投標) are several suppliers of one award;
// its value is 總決標金額, or else the sum of the suppliers' 決標金額. With 是否複數決標 是, each item
// is a separate award, id the item number, with that item's suppliers and the sum of their 決標金額.
//
// Suppliers are named in the items by name only; their 統一編號 comes from the bidder of that name.
// Without item suppliers, the bidders marked 是否得標 are the suppliers. The award date is 決標日期,
// and the contract period the 履約起迄日期 of the first supplier that gives one.
func (n Notice) awards(ps *parties, bidders []bidder) []any {
	byName := map[string]bidder{}
	for _, b := range bidders {
		if _, ok := byName[b.org.name]; !ok && b.org.name != "" {
			byName[b.org.name] = b
		}
	}
	winners := n.winners()
	date := ""
	if t, ok := dateOnly(n.get(fAwardDate)); ok {
		date = FormatTime(t)
	}

	// group is one award: the winners it is made of.
	type group struct {
		id    string
		items []int
		ws    []winner
	}
	multiple := n.get(fMultiple) == "是"
	var groups []group
	if multiple {
		for _, w := range winners {
			id := strconv.Itoa(w.item)
			if len(groups) == 0 || groups[len(groups)-1].id != id {
				groups = append(groups, group{id: id, items: []int{w.item}})
			}
			groups[len(groups)-1].ws = append(groups[len(groups)-1].ws, w)
		}
	} else {
		g := group{id: "1", ws: winners}
		for _, w := range winners {
			if !slices.Contains(g.items, w.item) {
				g.items = append(g.items, w.item)
			}
		}
		groups = append(groups, g)
	}

	var out []any
	for _, g := range groups {
		a := map[string]any{"id": g.id, "status": "active"}
		setText(a, "date", date)
		var suppliers []any
		var periodFrom []bidder
		addSupplier := func(o org, b bidder, known bool) {
			p := ps.add(o, "supplier")
			for _, s := range suppliers {
				if s.(map[string]any)["id"] == p["id"] {
					return
				}
			}
			suppliers = append(suppliers, ps.ref(p))
			if known {
				periodFrom = append(periodFrom, b)
			}
		}
		for _, w := range g.ws {
			b, known := byName[w.name]
			o := org{name: w.name}
			if known {
				o = b.org
			}
			addSupplier(o, b, known)
		}
		if len(g.ws) == 0 {
			for _, b := range bidders {
				if b.won {
					addSupplier(b.org, b, true)
				}
			}
		}
		if len(suppliers) > 0 {
			a["suppliers"] = suppliers
		}
		if v, ok := n.awardValue(!multiple, g.ws); ok {
			a["value"] = v
		}
		var items []any
		for _, i := range g.items {
			it := map[string]any{"id": strconv.Itoa(i)}
			setText(it, "description", clean(n.Detail["決標品項:第"+strconv.Itoa(i)+"品項:品項名稱"]))
			items = append(items, it)
		}
		if len(items) > 0 {
			a["items"] = items
		}
		for _, b := range periodFrom {
			if p, ok := contractPeriod(n.Detail[b.prefix+":履約起迄日期"]); ok {
				a["contractPeriod"] = p
				break
			}
		}
		out = append(out, a)
	}
	return out
}

// awardValue returns the value of an award: for the whole procurement (total), 總決標金額 unless it
// is not public; else the sum of the winners' 決標金額, if they all parse.
func (n Notice) awardValue(total bool, ws []winner) (map[string]any, bool) {
	if total {
		if n.get(fTotalPublic) == "否" {
			return nil, false
		}
		if v, ok := money(n.get(fTotal)); ok {
			return v, true
		}
	}
	if len(ws) == 0 {
		return nil, false
	}
	var sum int64
	for _, w := range ws {
		a, err := ParseMoney(w.amount)
		if err != nil || sum > math.MaxInt64-a {
			return nil, false
		}
		sum += a
	}
	return value(sum), true
}

// contractPeriod parses a 履約起迄日期 ("108/03/21－108/12/31") into a Period from the start of the
// first day to the end (23:59:59) of the last.
func contractPeriod(s string) (map[string]any, bool) {
	s = clean(s)
	for _, sep := range []string{"－", "～", "~", "至", "-"} {
		from, to, ok := strings.Cut(s, sep)
		if !ok {
			continue
		}
		start, ok1 := dateOnly(from)
		end, ok2 := dateOnly(to)
		if !ok1 || !ok2 || end.Before(start) {
			return nil, false
		}
		end = end.Add(24*time.Hour - time.Second)
		return map[string]any{"startDate": FormatTime(start), "endDate": FormatTime(end)}, true
	}
	return nil, false
}
