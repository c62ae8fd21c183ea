package indicators

// r018 is "Single bid received": /tender/numberOfTenderers is 1 (an integer literal) in a
// process whose procurement method is selected (default open or selective). Value 1.0.
type r018 struct {
	noFinalize
	methods stringSet
}

func newR018(s R018Settings) *r018 {
	methods := s.ProcurementMethods
	if methods == nil {
		methods = []string{"open", "selective"}
	}
	return &r018{methods: newStringSet(methods)}
}

func (x *r018) fold(r *release, st *state) {
	tender := r.tender()
	if tender == nil || !matchesProcurementMethod(tender, x.methods) {
		return
	}
	if n, ok := uintAt(tender, "numberOfTenderers"); ok && n == 1 {
		flag(st.result.OCID, r.ocid, "R018", 1)
	}
}
