package store

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestIntersect checks both ways of intersecting, the merge and the search, against a set.
func TestIntersect(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	list := func(n, span int) []int32 {
		seen := map[int32]bool{}
		var l []int32
		for len(l) < n && len(l) < span {
			v := int32(r.IntN(span))
			if !seen[v] {
				seen[v] = true
				l = append(l, v)
			}
		}
		slices.Sort(l)
		return l
	}
	for n := range 300 {
		a, b := list(r.IntN(50), 200), list(r.IntN(2000), 4000) // often 16 times longer: the search
		if n%2 == 0 {
			b = list(r.IntN(60), 200) // the merge
		}
		var want []int32
		for _, v := range a {
			if _, ok := slices.BinarySearch(b, v); ok {
				want = append(want, v)
			}
		}
		for _, got := range [][]int32{intersect(a, b), intersect(b, a)} {
			if !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("intersect(%v, %v) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// TestLists: each value's list holds the processes with that value, once each and ascending.
func TestLists(t *testing.T) {
	values := [][]int32{{2}, {}, {0, 2}, {1}, {2, 0}}
	l := newLists(len(values), 3, func(i int32, add func(int32)) {
		for _, v := range values[i] {
			add(v)
		}
	})
	for v, want := range [][]int32{{2, 4}, {3}, {0, 2, 4}} {
		if got := l.of(int32(v)); !slices.Equal(got, want) {
			t.Errorf("list of %d = %v, want %v", v, got, want)
		}
	}
	if got := l.of(3); len(got) != 0 {
		t.Errorf("list of an unknown value = %v, want none", got)
	}
}
