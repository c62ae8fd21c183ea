package portal

import (
	"slices"
	"time"
)

// event is one dated step of a tender's life.
type event struct {
	Date   time.Time
	Key    string   // message key of what happened
	Detail string   // from the data: a contract's title, an amendment's description
	Names  []string // from the data: the suppliers of an award
}

// timeline puts the dated steps of a tender in order: the tender period, amendments, awards,
// contracts signed, and contract periods. Steps without a date are left out (the sections below the
// timeline still list them).
func timeline(v tenderView) []event {
	var out []event
	add := func(t *time.Time, key, detail string, names ...string) {
		if t != nil {
			out = append(out, event{Date: *t, Key: key, Detail: detail, Names: names})
		}
	}
	add(v.Period.Start, "procurement.event.tender_start", "")
	add(v.Period.End, "procurement.event.tender_end", "")
	for _, a := range v.Amendments {
		add(a.Date, "procurement.event.amendment", firstText(a.Description, a.Rationale))
	}
	for _, a := range v.Awards {
		names := make([]string, len(a.Suppliers))
		for i, s := range a.Suppliers {
			names[i] = s.Name
		}
		add(a.Date, "procurement.event.award", "", names...)
	}
	for _, k := range v.Contracts {
		add(k.DateSigned, "procurement.event.contract_signed", k.Title)
		add(k.Period.Start, "procurement.event.contract_start", k.Title)
		add(k.Period.End, "procurement.event.contract_end", k.Title)
	}
	slices.SortStableFunc(out, func(a, b event) int { return a.Date.Compare(b.Date) })
	return out
}

func firstText(s ...string) string {
	for _, t := range s {
		if t != "" {
			return t
		}
	}
	return ""
}
