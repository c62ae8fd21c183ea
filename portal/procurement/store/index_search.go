package store

import (
	"slices"
	"sort"
	"strings"
)

// sortedCandidates is how many keyword candidates, at most, are matched and sorted by amount; with
// more, the amount order is walked, testing membership in a bitset of the candidates first.
const sortedCandidates = 4096

// search runs q over the index and returns the page's ocids in order, with the page's counts: what
// Search returns, but for the rows themselves.
func (x *Index) search(q Query) ([]string, Page, error) {
	page, offset, err := q.newPage()
	if err != nil {
		return nil, page, err
	}
	if _, _, err := q.filters(); err != nil { // the same refusals as Search
		return nil, page, err
	}
	if _, err := q.order(); err != nil {
		return nil, page, err
	}

	kw := normalize(q.Keyword)
	cands, exact := x.candidates(kw) // nil: every process
	match, possible := x.matcher(q, kw, cands != nil && exact)
	if !possible {
		cands = []int32{}
	}
	cands = x.narrow(q, cands)
	if q.Year != 0 {
		cands = x.ofYear(cands, q.Year)
	}
	need := offset + page.PageSize + 1
	got := x.ordered(q, cands, match, need)

	more := len(got) > offset+page.PageSize
	got = got[min(offset, len(got)):min(len(got), offset+page.PageSize)]
	if more {
		page.HasNext = offset+page.PageSize < CountCap
	}
	if !more && (len(got) > 0 || offset == 0) {
		page.Total = offset + len(got)
	} else {
		page.Total = x.count(cands, match, CountCap+1)
		if page.Total > CountCap {
			page.Total, page.TotalCapped = CountCap, true
		}
	}
	ocids := make([]string, len(got))
	for i, n := range got {
		ocids[i] = x.ocids[n]
	}
	return ocids, page, nil
}

// matcher returns whether process i matches q (keyword kw normalised), cheapest tests first,
// leaving the keyword out if candidates holds it; and false if no process can (a buyer, supplier,
// method, category or flag the index never saw).
func (x *Index) matcher(q Query, kw string, candidates bool) (func(i int32) bool, bool) {
	if candidates {
		kw = ""
	}
	buyer, supplier := int32(-1), int32(-1)
	var method, category uint16
	var flagMask uint32
	ok := true
	if q.BuyerID != "" {
		buyer, ok = x.buyers[q.BuyerID]
	}
	if ok && q.SupplierID != "" {
		supplier, ok = x.supplier[q.SupplierID]
	}
	if ok && q.Method != "" {
		method, ok = x.methods[q.Method]
	}
	if ok && q.Category != "" {
		category, ok = x.cats[q.Category]
	}
	switch {
	case !ok:
	case q.Flag == FlagAny:
		flagMask = ^uint32(0)
	case q.Flag != "":
		flagMask, ok = x.flagBits[q.Flag]
	}
	if !ok {
		return nil, false
	}
	return func(i int32) bool {
		switch {
		case q.BuyerID != "" && x.buyer[i] != buyer,
			q.Method != "" && x.method[i] != method,
			q.Category != "" && x.category[i] != category,
			q.Year != 0 && int(x.year[i]) != q.Year,
			q.MinValue != nil && (!x.hasValue[i] || x.amount[i] < *q.MinValue),
			q.MaxValue != nil && (!x.hasValue[i] || x.amount[i] > *q.MaxValue),
			q.NoDemo && x.demo[i],
			flagMask != 0 && x.flags[i]&flagMask == 0:
			return false
		}
		if q.SupplierID != "" && !slices.Contains(x.supList[x.supStart[i]:x.supStart[i+1]], supplier) {
			return false
		}
		return kw == "" || strings.Contains(x.texts[i], kw)
	}, true
}

// candidates returns the processes that hold every adjacent pair of characters of kw, and whether
// they all hold kw (it is that one pair); nil when kw has no pair. They are the shortest posting
// list among the pairs', narrowed by the other lists not much longer than it: a merge of those
// costs less than testing each candidate's text.
func (x *Index) candidates(kw string) ([]int32, bool) {
	var found [][]int32
	missing := false
	eachPair(kw, func(p uint64) {
		l, ok := x.pairs[p]
		if !ok {
			missing = true
		}
		found = append(found, l)
	})
	switch {
	case missing:
		return []int32{}, true
	case len(found) == 0:
		return nil, false
	}
	slices.SortFunc(found, func(a, b []int32) int { return len(a) - len(b) })
	best := found[0]
	for _, l := range found[1:] {
		if len(l) > 4*len(best) {
			break
		}
		best = intersect(best, l)
	}
	return best, len(found) == 1
}

// ofYear returns the processes of cands (nil: all) dated in year: processes are numbered by date,
// descending, so a year's are one run of numbers.
func (x *Index) ofYear(cands []int32, year int) []int32 {
	n := len(x.ocids)
	lo := int32(sort.Search(n, func(i int) bool { return int(x.year[i]) <= year }))
	hi := int32(sort.Search(n, func(i int) bool { return int(x.year[i]) < year }))
	if cands == nil {
		cands = make([]int32, hi-lo)
		for k := range cands {
			cands[k] = lo + int32(k)
		}
		return cands
	}
	from, _ := slices.BinarySearch(cands, lo)
	to, _ := slices.BinarySearch(cands, hi)
	return cands[from:to]
}

// ordered returns the first need matches among cands (nil: all) in the order of q.
func (x *Index) ordered(q Query, cands []int32, match func(int32) bool, need int) []int32 {
	s := q.Sort
	var got []int32
	take := func(i int32) bool {
		if match(i) {
			got = append(got, i)
		}
		return len(got) < need
	}
	n := int32(len(x.ocids))
	switch s {
	case SortDateDesc:
		if cands == nil {
			for i := int32(0); i < n && take(i); i++ {
			}
		} else {
			for k := 0; k < len(cands) && take(cands[k]); k++ {
			}
		}
	case SortDateAsc:
		if cands == nil {
			for i := n - 1; i >= 0 && take(i); i-- {
			}
		} else {
			for k := len(cands) - 1; k >= 0 && take(cands[k]); k-- {
			}
		}
	case SortValueDesc, SortValueAsc:
		asc := s == SortValueAsc
		if cands != nil && len(cands) <= sortedCandidates {
			for _, i := range cands {
				if match(i) {
					got = append(got, i)
				}
			}
			slices.SortFunc(got, func(a, b int32) int { return int(x.amountPos(a, asc) - x.amountPos(b, asc)) })
			return got[:min(len(got), need)]
		}
		var member []uint64 // bitset of cands
		if cands != nil {
			member = make([]uint64, (n+63)/64)
			for _, i := range cands {
				member[i/64] |= 1 << (i % 64)
			}
		}
		lo, hi := x.amountRange(q, asc)
		for p := lo; p < hi; p++ {
			i := x.byAmountAt(p, asc)
			if member != nil && member[i/64]&(1<<(i%64)) == 0 {
				continue
			}
			if !take(i) {
				break
			}
		}
	}
	return got
}

// amountRange returns the positions of the amount order, ascending or descending, that can hold
// q's amount range: all of them if q has none, else those with an amount within it (as the order's
// index is read from a bound in SQL).
func (x *Index) amountRange(q Query, asc bool) (int32, int32) {
	if q.MinValue == nil && q.MaxValue == nil {
		return 0, int32(len(x.ocids))
	}
	v := int32(x.valued)
	amountAt := func(p int32) float64 { return x.amount[x.byAmountAt(p, asc)] }
	// first returns the first position among the valued ones where past(amount) holds; past is
	// false, then true, along the order.
	first := func(past func(float64) bool) int32 {
		return int32(sort.Search(int(v), func(p int) bool { return past(amountAt(int32(p))) }))
	}
	lo, hi := int32(0), v
	if asc {
		if q.MinValue != nil {
			lo = first(func(a float64) bool { return a >= *q.MinValue })
		}
		if q.MaxValue != nil {
			hi = first(func(a float64) bool { return a > *q.MaxValue })
		}
	} else {
		if q.MaxValue != nil {
			lo = first(func(a float64) bool { return a <= *q.MaxValue })
		}
		if q.MinValue != nil {
			hi = first(func(a float64) bool { return a < *q.MinValue })
		}
	}
	return lo, max(lo, hi)
}

// amountPos is the position of process i in the amount order, ascending or descending.
func (x *Index) amountPos(i int32, asc bool) int32 {
	r := x.amountRank[i]
	if !asc {
		return r
	}
	return x.ascPos(r)
}

// byAmountAt is the process at position p of the amount order, ascending or descending. Ascending,
// amounts come smallest first with ties by ocid ascending, then the processes without an amount by
// ocid ascending: both parts of the descending order, each reversed.
func (x *Index) byAmountAt(p int32, asc bool) int32 {
	if !asc {
		return x.byAmount[p]
	}
	return x.byAmount[x.ascPos(p)] // ascPos is its own inverse
}

// ascPos maps a position of the descending amount order to the ascending one, and back.
func (x *Index) ascPos(r int32) int32 {
	v, n := int32(x.valued), int32(len(x.ocids))
	if r < v {
		return v - 1 - r
	}
	return v + (n - 1 - r)
}

// count returns how many of cands (nil: all) match, counting no further than limit.
func (x *Index) count(cands []int32, match func(int32) bool, limit int) int {
	c := 0
	if cands == nil {
		for i := range int32(len(x.ocids)) {
			if match(i) {
				if c++; c == limit {
					break
				}
			}
		}
		return c
	}
	for _, i := range cands {
		if match(i) {
			if c++; c == limit {
				break
			}
		}
	}
	return c
}
