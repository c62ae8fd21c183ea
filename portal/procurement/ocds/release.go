package ocds

import (
	"fmt"
	"time"
)

// Release is one OCDS release or compiled release, kept as generic JSON (map[string]any) so nothing is
// lost. Values are map[string]any, []any, string, json.Number, bool or nil, as decoded by ReadPackage.
type Release map[string]any

// OCID returns the release's ocid, or "" if it has none or it is not a string.
func (r Release) OCID() string {
	s, _ := r["ocid"].(string)
	return s
}

// Date returns the release's date as written, or "" if it has none or it is not a string.
func (r Release) Date() string {
	s, _ := r["date"].(string)
	return s
}

// IsCompiled reports whether the release is a compiled release: its tag holds "compiled".
func (r Release) IsCompiled() bool {
	tags, _ := r["tag"].([]any)
	for _, t := range tags {
		if t == "compiled" {
			return true
		}
	}
	return false
}

// dateLayouts are the date-time forms accepted for a release date, most specific first. OCDS requires
// RFC 3339; the other two are common in real data and are read as UTC.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"}

// parseDate parses a release date for ordering releases.
func parseDate(s string) (time.Time, error) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is not an RFC 3339 date-time", s)
}

// check returns why v cannot be used as a release, and the message code of why, or "" if it can: a
// release is a JSON object with a non-empty string ocid and a string date that parses as a date-time.
func check(v any) (Release, string, string) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Sprintf("release is a JSON %s, not an object", kind(v)), "release.not_object"
	}
	r := Release(m)
	switch ocid, ok := m["ocid"]; {
	case !ok || ocid == nil:
		return nil, "release has no ocid", "release.no_ocid"
	case r.OCID() == "":
		return nil, "release ocid is not a non-empty string", "release.bad_ocid"
	}
	switch date, ok := m["date"]; {
	case !ok || date == nil:
		return nil, "release has no date", "release.no_date"
	case r.Date() == "":
		return nil, "release date is not a non-empty string", "release.bad_date"
	}
	if _, err := parseDate(r.Date()); err != nil {
		return nil, "release " + err.Error(), "release.date_format"
	}
	return r, "", ""
}

// kind names the JSON type of a decoded value, for messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	default:
		return "number"
	}
}

// ParseDate parses an OCDS date-time as the merge does (RFC 3339, or the two common lax forms as
// UTC); a date that does not exist, like 2024-02-30, is an error.
func ParseDate(s string) (time.Time, error) { return parseDate(s) }
