package store

import (
	"math/bits"
	"slices"
)

// lists are the processes of each value of a filter, ascending, in one array: those of value v are
// at[start[v]:start[v+1]]. A search with a buyer, a supplier or a red flag walks that value's
// processes instead of testing every candidate, which for a rare value was most of a search's time.
type lists struct {
	start []int32
	at    []int32
}

func (l lists) of(v int32) []int32 {
	if v < 0 || int(v)+1 >= len(l.start) {
		return []int32{}
	}
	return l.at[l.start[v]:l.start[v+1]]
}

// newLists groups the processes 0…n-1 by the values each has (values(i) may call add several times,
// never twice with one value), for values 0…m-1.
func newLists(n, m int, values func(i int32, add func(v int32))) lists {
	l := lists{start: make([]int32, m+1)}
	for i := range int32(n) {
		values(i, func(v int32) { l.start[v+1]++ })
	}
	for v := range m {
		l.start[v+1] += l.start[v]
	}
	l.at = make([]int32, l.start[m])
	next := slices.Clone(l.start[:m])
	for i := range int32(n) {
		values(i, func(v int32) { l.at[next[v]] = i; next[v]++ })
	}
	return l
}

// indexLists fills the lists of buyers, suppliers and red flags (a list per flag code, and the
// last one for any flag).
func (x *Index) indexLists() {
	n := len(x.ocids)
	x.buyerLists = newLists(n, len(x.buyers), func(i int32, add func(int32)) {
		if x.buyer[i] >= 0 {
			add(x.buyer[i])
		}
	})
	x.supplierLists = newLists(n, len(x.supplier), func(i int32, add func(int32)) {
		for k, s := range x.supList[x.supStart[i]:x.supStart[i+1]] {
			if !slices.Contains(x.supList[x.supStart[i]:x.supStart[i]+int32(k)], s) {
				add(s)
			}
		}
	})
	codes := len(x.flagBits)
	x.flagLists = newLists(n, codes+1, func(i int32, add func(int32)) {
		f := x.flags[i]
		for b := range codes {
			if f&(1<<b) != 0 {
				add(int32(b))
			}
		}
		if f != 0 {
			add(int32(codes))
		}
	})
}

// narrow returns the processes of cands (nil: all) that are also in the lists of q's buyer,
// supplier and flag, those the index knows; cands itself when q has none of them.
func (x *Index) narrow(q Query, cands []int32) []int32 {
	var with [][]int32
	if v, ok := x.buyers[q.BuyerID]; ok && q.BuyerID != "" {
		with = append(with, x.buyerLists.of(v))
	}
	if v, ok := x.supplier[q.SupplierID]; ok && q.SupplierID != "" {
		with = append(with, x.supplierLists.of(v))
	}
	switch bit, ok := x.flagBits[q.Flag]; {
	case q.Flag == FlagAny:
		with = append(with, x.flagLists.of(int32(len(x.flagBits))))
	case ok:
		with = append(with, x.flagLists.of(int32(bits.TrailingZeros32(bit))))
	}
	slices.SortFunc(with, func(a, b []int32) int { return len(a) - len(b) })
	for _, l := range with {
		if cands == nil {
			cands = l
		} else {
			cands = intersect(cands, l)
		}
	}
	return cands
}

// intersect returns the numbers in both ascending lists, ascending: a merge when they are of like
// length, else a search of the longer for each number of the shorter, narrowing as it goes.
func intersect(a, b []int32) []int32 {
	if len(a) > len(b) {
		a, b = b, a
	}
	out := make([]int32, 0, len(a))
	if len(b) < 16*len(a) {
		for i, j := 0, 0; i < len(a) && j < len(b); {
			switch {
			case a[i] < b[j]:
				i++
			case a[i] > b[j]:
				j++
			default:
				out = append(out, a[i])
				i++
				j++
			}
		}
		return out
	}
	for _, v := range a {
		k, found := slices.BinarySearch(b, v)
		if found {
			out = append(out, v)
		}
		if b = b[k:]; len(b) == 0 {
			break
		}
	}
	return out
}
