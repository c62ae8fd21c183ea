package indicators

// r036 is "Lowest bid disqualified": in a process with at least one active award, the lowest
// submitted bid in the main currency is disqualified, and some valid bid has an amount (so the
// award criterion can be price only). Ties keep the earlier bid. Value 1.0. Processes to which
// price comparison does not apply are ignored.
type r036 struct {
	priceComparison
	noFinalize
}

func (x *r036) fold(r *release, st *state) {
	if !x.applies(r) {
		return
	}
	awards, ok := arrayAt(r.root, "awards")
	if !ok {
		return
	}
	anyActive := false
	for _, v := range awards {
		if award, ok := asObject(v); ok && hasStatus(award, "active") {
			anyActive = true
			break
		}
	}
	if !anyActive {
		return
	}
	var (
		lowest             float64
		haveLowest         bool
		lowestDisqualified bool
		validWithAmount    bool
	)
	for _, bid := range r.submittedBids() {
		status, _ := stringAt(bid, "status")
		value, ok := objectAt(bid, "value")
		if !ok {
			continue
		}
		amount, ok := floatAt(value, "amount")
		if !ok {
			continue
		}
		currency, ok := stringAt(value, "currency")
		if !ok || !st.currency.accepts(currency) {
			continue
		}
		if !haveLowest || amount < lowest {
			lowest, haveLowest = amount, true
			lowestDisqualified = status == "disqualified"
		}
		if status == "valid" {
			validWithAmount = true
		}
	}
	if validWithAmount && lowestDisqualified {
		flag(st.result.OCID, r.ocid, "R036", 1)
	}
}
