package database

import (
	"strconv"
	"strings"
)

// Int4ID reads a submitted id of a row keyed by a PostgreSQL integer (int4), such as an agency.
// A number out of that range is no id at all, like any other text: sending it to PostgreSQL would
// make it fail the query instead of finding nothing.
func Int4ID(s string) (int, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	return int(n), err == nil
}
