package portal

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"integrity-portal/portal/applications"
)

// apiApplicationParams are the parameters of /api/v1/applications and /api/v1/applications/{agency}.
var apiApplicationParams = []string{"from", "to"}

// monthParam is a month as the API takes it: YYYY-MM.
var monthParam = regexp.MustCompile(`^(\d{4})-(\d{2})$`)

// monthRange is the months an answer covers, both ends included; a zero end is open.
type monthRange struct {
	From, To time.Time
}

// readMonthRange reads from and to (YYYY-MM, from 1900-01 to 9999-12, from not after to), and
// refuses any other parameter, so a misspelt one is an error rather than silently ignored.
func readMonthRange(v url.Values) (monthRange, []fieldError) {
	var r monthRange
	var errs []fieldError
	for name := range v {
		if !slices.Contains(apiApplicationParams, name) {
			errs = append(errs, fieldError{Field: "f-" + name, Key: "api.error.unknown", Args: []any{name}})
		}
	}
	for _, p := range []struct {
		name string
		to   *time.Time
	}{{"from", &r.From}, {"to", &r.To}} {
		s := strings.TrimSpace(v.Get(p.name))
		if s == "" {
			continue
		}
		m, ok := parseMonth(s)
		if !ok {
			errs = append(errs, fieldError{Field: "f-" + p.name, Key: "api.error.month", Args: []any{p.name}})
			continue
		}
		*p.to = m
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.From.After(r.To) {
		errs = append(errs, fieldError{Field: "f-from", Key: "api.error.month_range"})
	}
	slices.SortStableFunc(errs, func(x, y fieldError) int { return strings.Compare(x.param(), y.param()) })
	return r, errs
}

// parseMonth reads YYYY-MM as the first day of the month.
func parseMonth(s string) (time.Time, bool) {
	m := monthParam.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	if year < 1900 || month < 1 || month > 12 {
		return time.Time{}, false
	}
	return applications.Date(year, time.Month(month), 1), true
}

// values are the range as query parameters, for the addresses in answers.
func (r monthRange) values() url.Values {
	v := url.Values{}
	if !r.From.IsZero() {
		v.Set("from", monthText(r.From))
	}
	if !r.To.IsZero() {
		v.Set("to", monthText(r.To))
	}
	return v
}

// monthOrNull writes a month, or null for an open end.
func monthOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := monthText(t)
	return &s
}
