package csvimport

import (
	"fmt"
	"slices"
	"strings"

	"integrity-portal/internal/problem"
)

// column is one of the columns a file may have.
type column int

const (
	colOCID column = iota
	colCase
	colBuyerID
	colBuyerName
	colTitle
	colMethod
	colCategory
	colTenderValue
	colTenderStart
	colTenderEnd
	colTenderers
	colAwardID
	colAwardDate
	colAwardValue
	colSupplierID
	colSupplierName
	colCurrency
	numColumns
)

// columnDef names a column: its Chinese headers (the first is the one documented, the others are
// what exports also write) and its English header.
type columnDef struct {
	zh []string
	en string
}

// columns are the accepted headers, in the order docs/data-formats.md lists them.
var columns = [numColumns]columnDef{
	colOCID:         {[]string{"ocid"}, "ocid"},
	colCase:         {[]string{"標案案號", "案號"}, "case_number"},
	colBuyerID:      {[]string{"機關代碼"}, "buyer_id"},
	colBuyerName:    {[]string{"機關名稱"}, "buyer_name"},
	colTitle:        {[]string{"標案名稱"}, "title"},
	colMethod:       {[]string{"招標方式"}, "procurement_method"},
	colCategory:     {[]string{"採購性質", "標的分類"}, "category"},
	colTenderValue:  {[]string{"預算金額"}, "tender_value"},
	colTenderStart:  {[]string{"公告日期", "公告日"}, "tender_start"},
	colTenderEnd:    {[]string{"截止投標", "截止投標日期"}, "tender_end"},
	colTenderers:    {[]string{"投標廠商家數"}, "number_of_tenderers"},
	colAwardID:      {[]string{"決標項次"}, "award_id"},
	colAwardDate:    {[]string{"決標日期"}, "award_date"},
	colAwardValue:   {[]string{"決標金額"}, "award_value"},
	colSupplierID:   {[]string{"得標廠商統一編號", "得標廠商代碼"}, "supplier_id"},
	colSupplierName: {[]string{"得標廠商", "得標廠商名稱"}, "supplier_name"},
	colCurrency:     {[]string{"幣別"}, "currency"},
}

// required columns must be present; besides them, ocid or 標案案號 must be.
var required = []column{colBuyerID, colBuyerName, colTitle}

// label names a column absent from the file, in both languages, for messages.
func (c column) label() string { return columns[c].zh[0] + " (" + columns[c].en + ")" }

// HeaderKey normalises a header for matching: trimmed (also of a stray byte order mark and
// ideographic spaces), lower case, and spaces or hyphens read as underscores ("Buyer ID" is
// buyer_id).
func HeaderKey(h string) string {
	h = strings.TrimSpace(strings.Map(func(r rune) rune {
		switch r {
		case '\ufeff':
			return -1
		case '\u00a0', '\u3000':
			return ' '
		}
		return r
	}, h))
	h = strings.ToLower(h)
	return strings.NewReplacer(" ", "_", "-", "_").Replace(h)
}

// byHeader finds a column by its normalised header.
var byHeader = func() map[string]column {
	m := map[string]column{}
	for c, def := range columns {
		for _, zh := range def.zh {
			m[HeaderKey(zh)] = column(c)
		}
		m[HeaderKey(def.en)] = column(c)
	}
	return m
}()

// KnownHeader reports whether h heads a column (in Chinese or English), so the importer can tell a
// CSV file by its header line.
func KnownHeader(h string) bool {
	_, ok := byHeader[HeaderKey(h)]
	return ok
}

// header is the file's header line: which field holds which column, and each column's header as
// written, for messages.
type header struct {
	index [numColumns]int // field index of each column, -1 when absent
	name  [numColumns]string
	width int // number of fields
}

func (h *header) has(c column) bool { return h.index[c] >= 0 }

// nameOf names a column as the file heads it, or in both languages when the file lacks it.
func (h *header) nameOf(c column) string {
	if h.has(c) {
		return h.name[c]
	}
	return c.label()
}

// readHeader matches the header fields to columns. It fails, naming them all, on unknown, repeated
// or nameless columns and on missing required ones.
func readHeader(fields []string) (*header, error) {
	h := &header{width: len(fields)}
	for i := range h.index {
		h.index[i] = -1
	}
	var unknown, repeated, nameless []string
	var why problem.List
	for i, f := range fields {
		key := HeaderKey(f)
		c, ok := byHeader[key]
		switch {
		case key == "":
			nameless = append(nameless, fmt.Sprint(i+1))
			why = append(why, problem.Of("header.nameless", i+1))
		case !ok:
			unknown = append(unknown, fmt.Sprintf("%q", strings.TrimSpace(f)))
			why = append(why, problem.Of("header.unknown", problem.Clip(strings.TrimSpace(f))))
		case h.has(c):
			repeated = append(repeated, fmt.Sprintf("%q and %q", h.name[c], strings.TrimSpace(f)))
			why = append(why, problem.Of("header.repeated", h.name[c], problem.Clip(strings.TrimSpace(f))))
		default:
			h.index[c] = i
			h.name[c] = strings.TrimSpace(strings.TrimPrefix(f, "\ufeff"))
		}
	}
	var missing []string
	for _, c := range required {
		if !h.has(c) {
			missing = append(missing, c.label())
			why = append(why, problem.Of("header.missing", c.label()))
		}
	}
	if !h.has(colOCID) && !h.has(colCase) {
		missing = append(missing, colCase.label()+" or ocid")
		why = append(why, problem.Of("header.missing_case", colCase.label()))
	}
	var problems []string
	if len(unknown) > 0 {
		p := "unknown column(s) " + strings.Join(unknown, ", ")
		if len(fields) == 1 && strings.ContainsAny(fields[0], "\t;") {
			p += " (the file seems separated by tabs or semicolons; CSV needs commas)"
			why = append(problem.List{problem.Of("header.not_commas")}, why...)
		}
		problems = append(problems, p)
	}
	if len(repeated) > 0 {
		problems = append(problems, "the same column twice: "+strings.Join(repeated, ", "))
	}
	if len(nameless) > 0 {
		problems = append(problems, "column(s) "+strings.Join(nameless, ", ")+" have no header (delete empty columns)")
	}
	if len(missing) > 0 {
		problems = append(problems, "missing required column(s) "+strings.Join(missing, ", "))
	}
	if len(problems) > 0 {
		return nil, &problem.Error{Text: "line 1 (header): " + strings.Join(problems, "; "), Problems: why}
	}
	return h, nil
}

// ColumnDoc describes a column for the officers' help page: its Chinese headers (the first is the
// documented one), its English header, and whether every file needs it.
type ColumnDoc struct {
	Zh       []string
	En       string
	Required bool
}

// ColumnDocs are the procurement CSV's columns, in order.
func ColumnDocs() []ColumnDoc {
	docs := make([]ColumnDoc, numColumns)
	for c := range numColumns {
		docs[c] = ColumnDoc{Zh: columns[c].zh, En: columns[c].en, Required: slices.Contains(required, c)}
	}
	return docs
}
