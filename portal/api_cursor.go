package portal

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"

	"integrity-portal/portal/procurement/store"
)

// The cursor of /api/v1/tenders is opaque to clients: base64url (no padding) of a small JSON object
// holding the order it belongs to, the sort key of the last tender of the page and its ocid. Its
// shape may change with the version v; clients pass it back as it came.
type cursorJSON struct {
	V      int        `json:"v"`
	Sort   string     `json:"s"`
	Date   *time.Time `json:"d,omitempty"` // the date orders
	Amount *string    `json:"a,omitempty"` // the value orders; absent: the amount is unknown
	OCID   string     `json:"o"`
}

const cursorVersion = 1

// maxCursor bounds a cursor's length: one holds an ocid (at most maxID characters) and a key.
const maxCursor = 4 * (maxID*4 + 200) / 3

var (
	errCursor     = errors.New("cursor cannot be read")
	errCursorSort = errors.New("cursor belongs to another order")
)

// encodeCursor writes the cursor after a page in the order s.
func encodeCursor(c store.Cursor, s store.Sort) string {
	j := cursorJSON{V: cursorVersion, Sort: string(s), OCID: c.OCID}
	switch s {
	case store.SortValueDesc, store.SortValueAsc:
		j.Amount = c.Amount
	default:
		d := c.Date.UTC()
		j.Date = &d
	}
	b, _ := json.Marshal(j) // a struct of strings and a time: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor given back for the order s: errCursor if it is not one of ours,
// errCursorSort if it was made for another order.
func decodeCursor(text string, s store.Sort) (store.Cursor, error) {
	if len(text) > maxCursor {
		return store.Cursor{}, errCursor
	}
	b, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil {
		return store.Cursor{}, errCursor
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var j cursorJSON
	if err := dec.Decode(&j); err != nil || dec.More() || j.V != cursorVersion || !validID(j.OCID) {
		return store.Cursor{}, errCursor
	}
	if j.Sort != string(s) {
		return store.Cursor{}, errCursorSort
	}
	c := store.Cursor{OCID: j.OCID, Amount: j.Amount}
	switch s {
	case store.SortValueDesc, store.SortValueAsc:
		if j.Date != nil {
			return c, errCursor
		}
	default:
		if j.Date == nil || j.Amount != nil {
			return c, errCursor
		}
		c.Date = *j.Date
	}
	if c.Check() != nil {
		return c, errCursor
	}
	return c, nil
}
