package indicators

// r048 is "Heterogeneous supplier": the number of distinct item classification prefixes (first
// digits characters, default 2) across a supplier's active awards is a high outlier: at least
// Q3 + 1.5·IQR over suppliers (or the threshold setting). Only awards with exactly one supplier
// count, and only suppliers in at least minimum_contracting_processes (default 20) processes. The
// value is the number of prefixes, in the Tenderer group.
type r048 struct {
	digits    int
	threshold *uint64
	minimum   uint64
	suppliers map[string]*supplierItems
}

type supplierItems struct {
	processes uint64
	prefixes  stringSet
}

func newR048(s R048Settings) *r048 {
	x := &r048{digits: 2, threshold: s.Threshold, minimum: 20, suppliers: map[string]*supplierItems{}}
	if s.Digits != nil {
		x.digits = int(min(*s.Digits, 1<<20))
	}
	if s.MinimumContractingProcesses != nil {
		x.minimum = *s.MinimumContractingProcesses
	}
	return x
}

func (x *r048) fold(r *release, _ *state) {
	awards, _ := arrayAt(r.root, "awards")
	counted := stringSet{} // a supplier counts once per process
	for _, v := range awards {
		award, ok := asObject(v)
		if !ok || !hasStatus(award, "active") {
			continue
		}
		items, ok := arrayAt(award, "items")
		if !ok {
			continue
		}
		list, ok := arrayAt(award, "suppliers")
		if !ok || len(list) != 1 {
			continue
		}
		supplier, ok := idOf(list[0])
		if !ok {
			continue
		}
		for _, it := range items {
			item, ok := asObject(it)
			if !ok {
				continue
			}
			classification, ok := objectAt(item, "classification")
			if !ok {
				continue
			}
			code, ok := stringAt(classification, "id")
			if !ok {
				continue
			}
			si := x.suppliers[supplier]
			if si == nil {
				si = &supplierItems{prefixes: stringSet{}}
				x.suppliers[supplier] = si
			}
			if counted.add(supplier) {
				si.processes++
			}
			si.prefixes.add(prefix(code, x.digits))
		}
	}
}

// prefix returns the first n characters (Unicode code points) of s.
func prefix(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func (x *r048) finalize(st *state) {
	counts := map[string]float64{}
	for id, si := range x.suppliers {
		if si.processes >= x.minimum {
			counts[id] = float64(len(si.prefixes))
		}
	}
	var fence float64
	if x.threshold != nil {
		fence = float64(*x.threshold)
	} else {
		values := make([]float64, 0, len(counts))
		for _, v := range counts {
			values = append(values, v)
		}
		fence = upperFence(quartiles(values))
	}
	for id, n := range counts {
		if n >= fence {
			flag(st.result.Tenderer, id, "R048", n)
		}
	}
}
