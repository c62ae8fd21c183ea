package store

import (
	"encoding/json"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"integrity-portal/portal/procurement/ocds"
)

// process is a compiled release with the columns derived from it, as stored in procurement_processes.
type process struct {
	ocid                string
	compiled            []byte
	releaseCount        int
	releaseDate         time.Time
	processDate         time.Time
	buyerID             *string
	buyerName           string
	procuringEntityID   *string
	procuringEntityName string
	title               string
	method              *string
	methodDetails       *string
	category            *string
	tenderValue         *string // exact decimal text
	tenderCurrency      *string
	tenderStart         *time.Time
	tenderEnd           *time.Time
	numberOfTenderers   *int32
	tenderStatus        *string
	awardDate           *time.Time
	awardValue          *string
	awardCurrency       *string
	supplierIDs         []string
	searchText          string
	searchTerms         []string
	isDemo              bool
	awards              []awardRow
	schema              schemaCheck
}

// awardRow is one row of procurement_awards: one award and one of its suppliers.
type awardRow struct {
	awardID       string
	status        *string
	date          *time.Time
	value         *string
	currency      *string
	supplierID    *string
	supplierName  string
	supplierCount int32
}

// uncounted award statuses: such awards are listed in procurement_awards but add nothing to a
// process's award value, date or suppliers. An award without a status counts (many publishers
// leave it out).
var uncounted = map[string]bool{"pending": true, "cancelled": true, "unsuccessful": true}

// derive computes the stored columns of a compiled release.
func derive(c ocds.Release, releaseCount int, isDemo bool) (*process, error) {
	// Cleaned here, before it is stored, so the tender page, the API and /opendata, which all read
	// the stored compiled release, publish the same clean one; and here, after the merge, because in
	// the releases themselves a null means "remove the earlier value".
	ocds.Clean(c)
	doc, err := marshalJSON(map[string]any(c))
	if err != nil {
		return nil, err
	}
	check, err := checkSchema(doc)
	if err != nil {
		return nil, err
	}
	p := &process{
		ocid:         c.OCID(),
		compiled:     doc,
		releaseCount: releaseCount,
		isDemo:       isDemo,
		schema:       check,
	}
	p.releaseDate, _ = parseTime(c.Date())

	root := map[string]any(c)
	buyer := obj(root, "buyer")
	p.buyerID = partyID(buyer)
	p.buyerName = partyLabel(root, buyer)

	tender := obj(root, "tender")
	pe := obj(tender, "procuringEntity")
	p.procuringEntityID = text(pe, "id")
	p.procuringEntityName = deref(text(pe, "name"))
	if p.procuringEntityName == "" && p.procuringEntityID != nil {
		p.procuringEntityName = partyName(root, *p.procuringEntityID)
	}
	p.title = deref(text(tender, "title"))
	p.method = text(tender, "procurementMethod")
	p.methodDetails = text(tender, "procurementMethodDetails")
	p.category = text(tender, "mainProcurementCategory")
	p.tenderStatus = text(tender, "status")
	value := obj(tender, "value")
	p.tenderValue = amount(value["amount"])
	p.tenderCurrency = text(value, "currency")
	period := obj(tender, "tenderPeriod")
	p.tenderStart = date(period, "startDate")
	p.tenderEnd = date(period, "endDate")
	if n, ok := integer(tender["numberOfTenderers"]); ok {
		p.numberOfTenderers = &n
	} else if ts, ok := tender["tenderers"].([]any); ok {
		n := int32(len(ts))
		p.numberOfTenderers = &n
	}

	awards, _ := root["awards"].([]any)
	p.deriveAwards(root, awards)
	if p.title == "" {
		for _, a := range awards {
			if t := deref(text(asObj(a), "title")); t != "" {
				p.title = t
				break
			}
		}
	}

	switch {
	case p.tenderStart != nil:
		p.processDate = *p.tenderStart
	case p.awardDate != nil:
		p.processDate = *p.awardDate
	default:
		p.processDate = p.releaseDate
	}

	// One line each, so no keyword (which never holds a line break) matches across the two.
	p.searchText = normalize(p.title) + "\n" + normalize(p.buyerName)
	p.searchTerms = indexTerms(p.title + "\n" + p.buyerName)
	return p, nil
}

// deriveAwards fills the award columns and rows. The award value is the sum of the counted awards in
// the currency of the first of them that has a value; values in another currency are left out of
// the sum, as cardinal leaves them out of its indicators.
func (p *process) deriveAwards(root map[string]any, awards []any) {
	seen := map[string]bool{}
	suppliers := map[string]bool{}
	var sum big.Rat
	var values int
	for i, a := range awards {
		aw := asObj(a)
		id := deref(text(aw, "id"))
		if id == "" {
			id = "#" + strconv.Itoa(i+1)
		}
		for seen[id] {
			id += "#" + strconv.Itoa(i+1)
		}
		seen[id] = true
		status := text(aw, "status")
		value := obj(aw, "value")
		row := awardRow{
			awardID:  id,
			status:   status,
			date:     date(aw, "date"),
			value:    amount(value["amount"]),
			currency: text(value, "currency"),
		}

		counted := status == nil || !uncounted[*status]
		if counted {
			if row.date != nil && (p.awardDate == nil || row.date.Before(*p.awardDate)) {
				p.awardDate = row.date
			}
			if row.value != nil {
				if p.awardCurrency == nil && values == 0 {
					p.awardCurrency = row.currency
				}
				var v big.Rat
				if _, ok := v.SetString(*row.value); ok && deref(row.currency) == deref(p.awardCurrency) {
					sum.Add(&sum, &v)
					values++
				}
			}
		}

		list, _ := aw["suppliers"].([]any)
		seenSupplier := map[string]bool{}
		var rows []awardRow
		for _, s := range list {
			so := asObj(s)
			sid := partyID(so)
			name := partyLabel(root, so)
			if sid != nil {
				if seenSupplier[*sid] {
					continue
				}
				seenSupplier[*sid] = true
				if counted {
					suppliers[*sid] = true
				}
			} else if name == "" {
				continue
			}
			r := row
			r.supplierID, r.supplierName = sid, name
			rows = append(rows, r)
		}
		if len(rows) == 0 {
			rows = []awardRow{row}
		} else {
			for j := range rows {
				rows[j].supplierCount = int32(len(rows))
			}
		}
		// Two suppliers without ids would collide on (ocid, award_id, NULL): keep the first.
		rows = slices.CompactFunc(rows, func(a, b awardRow) bool { return a.supplierID == nil && b.supplierID == nil })
		p.awards = append(p.awards, rows...)
	}
	if values > 0 {
		s := decimal(&sum)
		p.awardValue = &s
	}
	p.supplierIDs = make([]string, 0, len(suppliers))
	for id := range suppliers {
		p.supplierIDs = append(p.supplierIDs, id)
	}
	slices.Sort(p.supplierIDs)
}

// partyName returns the name of the party with the given id in the release's parties, or "".
func partyName(root map[string]any, id string) string {
	parties, _ := root["parties"].([]any)
	for _, pa := range parties {
		po := asObj(pa)
		if pid := text(po, "id"); pid != nil && *pid == id {
			return deref(text(po, "name"))
		}
	}
	return ""
}

func asObj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func obj(m map[string]any, key string) map[string]any { return asObj(m[key]) }

// text returns m[key] as text: a non-blank string, or a number's text (ids are often numbers).
func text(m map[string]any, key string) *string {
	var s string
	switch v := m[key].(type) {
	case string:
		s = strings.TrimSpace(v)
	case json.Number:
		s = v.String()
	case float64:
		s = strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return nil
	}
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// amount returns a JSON number as exact decimal text, or nil for anything else (a missing amount, or
// text such as "278,000元", which importers must convert).
func amount(v any) *string {
	var s string
	switch v := v.(type) {
	case json.Number:
		if _, err := strconv.ParseFloat(v.String(), 64); err != nil {
			return nil // out of float64 range: not a believable amount
		}
		s = v.String()
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		s = strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		s = strconv.Itoa(v)
	case int64:
		s = strconv.FormatInt(v, 10)
	default:
		return nil
	}
	return &s
}

// decimal writes r, a sum of decimal amounts, as decimal text (to at most 10 decimal places).
func decimal(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := strings.TrimRight(r.FloatString(10), "0")
	return strings.TrimSuffix(s, ".")
}

func integer(v any) (int32, bool) {
	var f float64
	switch v := v.(type) {
	case json.Number:
		var err error
		if f, err = v.Float64(); err != nil {
			return 0, false
		}
	case float64:
		f = v
	case int:
		f = float64(v)
	default:
		return 0, false
	}
	if f != math.Trunc(f) || f < 0 || f > math.MaxInt32 {
		return 0, false
	}
	return int32(f), true
}

func date(m map[string]any, key string) *time.Time {
	s, _ := m[key].(string)
	t, ok := parseTime(s)
	if !ok {
		return nil
	}
	return &t
}

// dateLayouts are those ocds accepts for release dates: RFC 3339, or without a zone (read as UTC).
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"}

func parseTime(s string) (time.Time, bool) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
