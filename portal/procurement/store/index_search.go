package store

import (
	"slices"
	"strings"
)

// sortedCandidates is how many keyword candidates are matched and sorted by amount at once; with
// more, the amount order is walked instead, which finds a page soon when matches are that common.
const sortedCandidates = 200_000

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
	match, possible := x.matcher(q, kw)
	var cands []int32 // nil: every process
	if possible {
		cands = x.candidates(kw)
	} else {
		cands = []int32{}
	}
	need := offset + page.PageSize + 1
	got := x.ordered(q.Sort, cands, match, need)

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

// matcher returns whether process i matches q (keyword kw normalised), cheapest tests first; and
// false if no process can (a buyer, supplier, method, category or flag the index never saw).
func (x *Index) matcher(q Query, kw string) (func(i int32) bool, bool) {
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

// candidates returns the processes that hold every adjacent pair of characters of kw, as the
// shortest posting list among them (match confirms the rest); nil when kw has no pair.
func (x *Index) candidates(kw string) []int32 {
	var best []int32
	first := true
	missing := false
	eachPair(kw, func(p uint64) {
		l, ok := x.pairs[p]
		if !ok {
			missing = true
		}
		if first || len(l) < len(best) {
			best, first = l, false
		}
	})
	switch {
	case missing:
		return []int32{}
	case first:
		return nil
	}
	return best
}

// ordered returns the first need matches among cands (nil: all) in the order s.
func (x *Index) ordered(s Sort, cands []int32, match func(int32) bool, need int) []int32 {
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
		for p := range n {
			if !take(x.byAmountAt(p, asc)) {
				break
			}
		}
	}
	return got
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
