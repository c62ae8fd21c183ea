package csvimport

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/pcc"
)

// row is one data row, checked. vals holds each cell's canonical value, as it goes into the release
// and as rows are compared ("" when blank or absent): amounts in plain digits, dates in RFC 3339,
// codes mapped; cells holds the cell as written (cleaned), for messages.
type row struct {
	line  int
	ocid  string // as given, or derived from the prefix, 機關代碼 and 標案案號
	vals  [numColumns]string
	cells [numColumns]string
}

// Rejection is one problem of a row: the line where the row starts (the header is line 1), the
// column as the file heads it ("" for the row as a whole), and why.
type Rejection struct {
	Line     int
	Column   string
	Reason   string       // in English, for the command line and logs
	Problems problem.List `json:",omitempty"` // the same, to render in the reader's language
}

func (r Rejection) String() string {
	if r.Column == "" {
		return fmt.Sprintf("line %d: %s", r.Line, r.Reason)
	}
	return fmt.Sprintf("line %d, %s: %s", r.Line, r.Column, r.Reason)
}

// parseRow checks one row's cells. It returns the row, or the problems of its cells, each cell
// checked so that one pass lists them all.
func parseRow(h *header, line int, fields []string, prefix string) (*row, []Rejection) {
	r := &row{line: line}
	var probs []Rejection
	reject := func(c column, reason string, why problem.List) {
		probs = append(probs, Rejection{Line: line, Column: h.nameOf(c), Reason: reason, Problems: why})
	}
	for c := range numColumns {
		if !h.has(c) {
			continue
		}
		limit := maxText
		if c != colBuyerName && c != colTitle && c != colSupplierName && c != colMethod && c != colCategory {
			limit = maxCode
		}
		cell, err := Text(fields[h.index[c]], limit)
		if err != nil {
			r.cells[c] = fields[h.index[c]] // not blank: no "is empty" as well
			reject(c, err.Error(), problem.From(err))
			continue
		}
		r.cells[c] = cell
		if cell == "" {
			continue
		}
		v, err := canonical(c, cell)
		if err != nil {
			reject(c, Quote(cell)+" "+err.Error(), problem.Valued(cell, err))
			continue
		}
		r.vals[c] = v
	}
	for _, c := range required {
		if r.vals[c] == "" && r.cells[c] == "" {
			reject(c, "is empty: every row needs it", problem.List{problem.Of("cell.empty")})
		}
	}
	switch {
	case r.vals[colOCID] != "":
		r.ocid = r.vals[colOCID]
	case r.vals[colCase] != "" && r.vals[colBuyerID] != "":
		r.ocid = pcc.OCID(prefix, r.vals[colBuyerID], r.vals[colCase])
	case r.cells[colCase] == "" && r.cells[colOCID] == "":
		c := colCase
		if !h.has(colCase) {
			c = colOCID
		}
		reject(c, "is empty: every row needs an ocid or a 標案案號", problem.List{problem.Of("cell.no_ocid")})
	}
	if r.vals[colAwardID] != "" && !r.hasAward() {
		reject(colAwardID, "is given, but the row has no award: give 決標日期, 決標金額 or 得標廠商 too", problem.List{problem.Of("award.no_award")})
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return r, nil
}

// canonical checks a non-blank cell of column c and returns its canonical value.
func canonical(c column, cell string) (string, error) {
	switch c {
	case colOCID, colCase, colAwardID:
		return code(cell)
	case colBuyerID:
		return AgencyCode(cell)
	case colSupplierID:
		return vendorCode(cell)
	case colMethod:
		if _, _, err := method(cell); err != nil {
			return "", err
		}
		return cell, nil
	case colCategory:
		return category(cell)
	case colCurrency:
		return currency(cell)
	case colTenderValue, colAwardValue:
		n, err := amount(cell)
		return strconv.FormatInt(n, 10), err
	case colTenderStart, colTenderEnd, colAwardDate:
		t, err := ParseDate(cell)
		if err != nil {
			return "", err
		}
		return pcc.FormatTime(t), nil
	case colTenderers:
		n, err := count(cell)
		return strconv.Itoa(n), err
	}
	return cell, nil // buyer name, title, supplier name: free text
}

// hasAward reports whether the row says anything about an award.
func (r *row) hasAward() bool {
	return r.vals[colAwardDate] != "" || r.vals[colAwardValue] != "" || r.vals[colSupplierID] != "" || r.vals[colSupplierName] != ""
}

// Quote quotes a cell for a message, shortened to 40 characters.
func Quote(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return strconv.Quote(s)
}
