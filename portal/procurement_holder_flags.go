package portal

import (
	"net/url"

	"integrity-portal/portal/procurement/flags"
)

// holderFlags is the red flags section of a buyer's or a supplier's page: the flags raised for the
// organisation itself, and how many of its processes each indicator flagged, linked to their list.
type holderFlags struct {
	Run       *flags.Run // the recomputation read; nil before the first
	Own       []flags.Indicator
	Processes []flagCount
}

type flagCount struct {
	flags.Indicator
	N        number
	ListHref string
}

// holderFlagsOf is the section for the buyer or supplier id (param names the tender list's
// filter: "buyer" or "supplier"), from its flags as of run (nil before the first).
func holderFlagsOf(run *flags.Run, got flags.Holder, param, id string) holderFlags {
	h := holderFlags{Run: run}
	if run == nil {
		return h
	}
	seen := map[string]bool{}
	for _, f := range got.Own {
		if ind, ok := flags.Lookup(f.Code); ok && !seen[f.Code] {
			seen[f.Code] = true
			h.Own = append(h.Own, ind)
		}
	}
	for _, c := range got.Processes {
		if ind, ok := flags.Lookup(c.Code); ok {
			h.Processes = append(h.Processes, flagCount{Indicator: ind, N: number(c.Processes),
				ListHref: listHref(url.Values{param: {id}, "flag": {c.Code}})})
		}
	}
	return h
}
