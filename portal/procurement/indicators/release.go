package indicators

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"integrity-portal/portal/procurement/ocds"
)

// release is the part of one compiled release that the indicators read. Values are decoded
// generically (objects as map[string]any, numbers as json.Number) so that a field of an
// unexpected type is treated as absent, as cardinal does, instead of rejecting the release.
type release struct {
	ocid string
	root map[string]any // only the top-level fields listed in relevantFields
}

// relevantFields are the top-level fields of a release that some indicator reads. Others
// (parties, contracts, planning…) are dropped once decoded.
var relevantFields = []string{"tender", "bids", "awards", "buyer"}

// Fields returns the top-level fields of a release, besides "ocid", that Run reads. A caller that
// streams large releases may send only these: Run's result is the same, and a field given as null
// is read as absent.
func Fields() []string { return append([]string(nil), relevantFields...) }

var (
	errNotObject = errors.New("not a JSON object")
	errNoOCID    = errors.New("/ocid is not a string")
)

// decodeRelease parses one JSON line. Object keys are case-sensitive, as in OCDS. The line is
// decoded in one pass, as generic values; fields that no indicator reads are dropped at once.
func decodeRelease(line []byte) (*release, error) {
	top, err := decodeObject(line)
	if err != nil {
		return nil, err
	}
	if top == nil {
		return nil, errNotObject
	}
	ocid, ok := top["ocid"].(string)
	if !ok {
		return nil, errNoOCID
	}
	r := &release{ocid: ocid, root: make(map[string]any, len(relevantFields))}
	for _, k := range relevantFields {
		if v, ok := top[k]; ok {
			r.root[k] = v
		}
	}
	return r, nil
}

// decodeObject decodes a line holding one JSON object, or null (nil). The OCDS importer's decoder
// goes several times faster than encoding/json, which is most of a recomputation's work; what it
// does not accept, encoding/json decodes, for its verdict and its message.
func decodeObject(line []byte) (map[string]any, error) {
	if v, ok := ocds.DecodeValue(line); ok {
		if v == nil {
			return nil, nil
		}
		if top, ok := v.(map[string]any); ok {
			return top, nil
		}
	}
	d := json.NewDecoder(bytes.NewReader(line))
	d.UseNumber()
	var top map[string]any
	if err := d.Decode(&top); err != nil {
		return nil, err
	}
	// Like json.Unmarshal, accept nothing but white space after the object.
	if rest := bytes.TrimSpace(line[d.InputOffset():]); len(rest) > 0 {
		return nil, fmt.Errorf("invalid character %q after top-level value", rest[0])
	}
	return top, nil
}

// Generic accessors: each returns ok=false when the member is absent or of another JSON type.

func asObject(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	return m, ok
}

func objectAt(m map[string]any, key string) (map[string]any, bool) {
	v, ok := m[key].(map[string]any)
	return v, ok
}

func arrayAt(m map[string]any, key string) ([]any, bool) {
	v, ok := m[key].([]any)
	return v, ok
}

func stringAt(m map[string]any, key string) (string, bool) {
	v, ok := m[key].(string)
	return v, ok
}

// floatAt returns a JSON number as float64 (cardinal's as_f64).
func floatAt(m map[string]any, key string) (float64, bool) {
	n, ok := m[key].(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// uintAt returns a JSON number written as a non-negative integer literal (cardinal's as_u64:
// 1.0 or 1e0 are not integers there).
func uintAt(m map[string]any, key string) (uint64, bool) {
	n, ok := m[key].(json.Number)
	if !ok {
		return 0, false
	}
	u, err := strconv.ParseUint(string(n), 10, 64)
	return u, err == nil
}

// idOf returns v.id when v is an object whose id is a string.
func idOf(v any) (string, bool) {
	m, ok := asObject(v)
	if !ok {
		return "", false
	}
	return stringAt(m, "id")
}

func (r *release) tender() map[string]any {
	t, _ := objectAt(r.root, "tender")
	return t
}

// cancelled reports whether /tender/status is "cancelled".
func (r *release) cancelled() bool {
	s, _ := stringAt(r.tender(), "status")
	return s == "cancelled"
}

// stringSet is a set of strings; a nil set is empty.
type stringSet map[string]struct{}

func newStringSet(items []string) stringSet {
	s := make(stringSet, len(items))
	for _, it := range items {
		s[it] = struct{}{}
	}
	return s
}

func (s stringSet) has(v string) bool { _, ok := s[v]; return ok }

func (s stringSet) add(v string) bool {
	if s.has(v) {
		return false
	}
	s[v] = struct{}{}
	return true
}

func (s stringSet) equal(o stringSet) bool {
	if len(s) != len(o) {
		return false
	}
	for k := range s {
		if !o.has(k) {
			return false
		}
	}
	return true
}

// matchesProcurementMethodDetails applies an allow list (include) or, if include is empty, a deny
// list (exclude) to /tender/procurementMethodDetails. A release without that field matches only
// a deny list.
func (r *release) matchesProcurementMethodDetails(include, exclude stringSet) bool {
	details, ok := stringAt(r.tender(), "procurementMethodDetails")
	if !ok {
		return len(include) == 0
	}
	if len(include) == 0 {
		return !exclude.has(details)
	}
	return include.has(details)
}

// matchesProcurementMethod reports whether /tender/procurementMethod is in set; an empty set
// matches everything, and a missing method matches only an empty set.
func matchesProcurementMethod(tender map[string]any, set stringSet) bool {
	if len(set) == 0 {
		return true
	}
	method, ok := stringAt(tender, "procurementMethod")
	return ok && set.has(method)
}

// bidDetails returns /bids/details.
func (r *release) bidDetails() ([]any, bool) {
	bids, ok := objectAt(r.root, "bids")
	if !ok {
		return nil, false
	}
	return arrayAt(bids, "details")
}

// submittedBids returns the bids whose status is a string other than "invited" or "withdrawn"
// (that is pending, valid or disqualified, or an unknown code).
func (r *release) submittedBids() []map[string]any {
	details, _ := r.bidDetails()
	var out []map[string]any
	for _, v := range details {
		bid, ok := asObject(v)
		if !ok {
			continue
		}
		if status, ok := stringAt(bid, "status"); ok && status != "invited" && status != "withdrawn" {
			out = append(out, bid)
		}
	}
	return out
}

// completeAwards returns the active awards and /bids/details if every award with a status is in
// a final state (active, cancelled or unsuccessful); ok is false if an award is pending, invalid
// or has another status, or if /awards or /bids/details is missing.
func (r *release) completeAwards() (active []map[string]any, details []any, ok bool) {
	awards, ok := arrayAt(r.root, "awards")
	if !ok {
		return nil, nil, false
	}
	details, ok = r.bidDetails()
	if !ok {
		return nil, nil, false
	}
	for _, v := range awards {
		award, isObj := asObject(v)
		if !isObj {
			continue
		}
		status, hasStatus := stringAt(award, "status")
		if !hasStatus {
			continue
		}
		switch status {
		case "active":
			active = append(active, award)
		case "cancelled", "unsuccessful":
		default:
			return nil, nil, false
		}
	}
	return active, details, true
}

// singleSupplier returns the id of the only supplier of the only active award, if that is the
// case and every award is final.
func (r *release) singleSupplier() (supplier string, details []any, ok bool) {
	active, details, ok := r.completeAwards()
	if !ok || len(active) != 1 {
		return "", nil, false
	}
	suppliers, ok := arrayAt(active[0], "suppliers")
	if !ok || len(suppliers) != 1 {
		return "", nil, false
	}
	supplier, ok = idOf(suppliers[0])
	return supplier, details, ok
}

// pricedBid is a valid bid by a single tenderer with an amount and a currency.
type pricedBid struct {
	tenderer string
	amount   float64
	currency string
}

// validPricedBids returns the valid bids that have one tenderer with an id, an amount and a
// currency, in order.
func validPricedBids(details []any) []pricedBid {
	var out []pricedBid
	for _, v := range details {
		bid, ok := asObject(v)
		if !ok {
			continue
		}
		if status, _ := stringAt(bid, "status"); status != "valid" {
			continue
		}
		value, ok := objectAt(bid, "value")
		if !ok {
			continue
		}
		amount, ok := floatAt(value, "amount")
		if !ok {
			continue
		}
		currency, ok := stringAt(value, "currency")
		if !ok {
			continue
		}
		tenderers, ok := arrayAt(bid, "tenderers")
		if !ok || len(tenderers) != 1 {
			continue
		}
		id, ok := idOf(tenderers[0])
		if !ok {
			continue
		}
		out = append(out, pricedBid{tenderer: id, amount: amount, currency: currency})
	}
	return out
}

// validSingleTenderers returns the ids of the tenderers of valid bids that have one tenderer.
func validSingleTenderers(details []any) stringSet {
	ids := stringSet{}
	for _, v := range details {
		bid, ok := asObject(v)
		if !ok {
			continue
		}
		if status, _ := stringAt(bid, "status"); status != "valid" {
			continue
		}
		tenderers, ok := arrayAt(bid, "tenderers")
		if !ok || len(tenderers) != 1 {
			continue
		}
		if id, ok := idOf(tenderers[0]); ok {
			ids.add(id)
		}
	}
	return ids
}

// hasStatus reports whether obj.status is the string want.
func hasStatus(obj map[string]any, want string) bool {
	s, ok := stringAt(obj, "status")
	return ok && s == want
}
