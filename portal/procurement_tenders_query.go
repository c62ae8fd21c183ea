package portal

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/store"
)

// The choices of the tender search; anything else in the address is a bad request.
var (
	procurementMethods = []string{"open", "selective", "limited", "direct"}
	procurementKinds   = []string{"works", "goods", "services"} // mainProcurementCategory
	tenderSorts        = []store.Sort{store.SortDateDesc, store.SortDateAsc, store.SortValueDesc, store.SortValueAsc}
)

// tenderPageSize is the number of tenders on a page of results.
const tenderPageSize = store.DefaultPageSize

// maxTenderPage is the last page that can be asked for: the store serves no page beyond CountCap.
const maxTenderPage = store.CountCap / tenderPageSize

// tenderForm is the search form as the reader filled it in, shown again as it was.
type tenderForm struct {
	Keyword, Buyer, Supplier, Method, Category, Flag, Year, Min, Max, Sort, Page string
}

// fieldError is one problem with the search, shown in the error summary and beside its field.
type fieldError struct {
	Field string // the form field's id, for the summary's link; "" for the page number
	Key   string // the message
	Args  []any
}

// Message writes the problem in the page's language.
func (e fieldError) Message(p *web.Page) string { return p.T(e.Key, e.Args...) }

// tenderParams are the query parameters of the search, in the order links write them.
var tenderParams = []string{"q", "buyer", "supplier", "method", "category", "flag", "year", "min", "max", "sort"}

// readTenderForm reads the search from the query string (the first value of each parameter).
func readTenderForm(v url.Values) tenderForm {
	return tenderForm{Keyword: v.Get("q"), Buyer: v.Get("buyer"), Supplier: v.Get("supplier"),
		Method: v.Get("method"), Category: v.Get("category"), Flag: v.Get("flag"), Year: v.Get("year"), Min: v.Get("min"),
		Max: v.Get("max"), Sort: v.Get("sort"), Page: v.Get("page")}
}

// values returns the form's non-empty parameters without the page, for links that keep the search.
func (f tenderForm) values() url.Values {
	v := url.Values{}
	for i, s := range []string{f.Keyword, f.Buyer, f.Supplier, f.Method, f.Category, f.Flag, f.Year, f.Min, f.Max, f.Sort} {
		if s = strings.TrimSpace(s); s != "" {
			v.Set(tenderParams[i], s)
		}
	}
	return v
}

// query checks the form and turns it into a store query, or returns every problem found.
func (f tenderForm) query() (store.Query, []fieldError) {
	q := store.Query{PageSize: tenderPageSize}
	var errs []fieldError
	bad := func(field, key string, args ...any) { errs = append(errs, fieldError{field, key, args}) }

	q.Keyword = strings.TrimSpace(f.Keyword)
	switch {
	case !utf8.ValidString(q.Keyword) || strings.ContainsFunc(q.Keyword, unicode.IsControl):
		bad("f-q", "procurement.error.keyword_invalid")
	case utf8.RuneCountInString(q.Keyword) > store.MaxKeyword:
		bad("f-q", "procurement.error.keyword_long", store.MaxKeyword)
	}
	if q.BuyerID = strings.TrimSpace(f.Buyer); q.BuyerID != "" && !validID(q.BuyerID) {
		bad("f-buyer", "procurement.error.buyer")
	}
	if q.SupplierID = strings.TrimSpace(f.Supplier); q.SupplierID != "" && !validID(q.SupplierID) {
		bad("f-supplier", "procurement.error.supplier")
	}
	if q.Method = f.Method; q.Method != "" && !slices.Contains(procurementMethods, q.Method) {
		bad("f-method", "procurement.error.method")
	}
	if q.Category = f.Category; q.Category != "" && !slices.Contains(procurementKinds, q.Category) {
		bad("f-category", "procurement.error.category")
	}
	if q.Flag = f.Flag; q.Flag != "" && q.Flag != store.FlagAny && !slices.Contains(store.ProcessFlags, q.Flag) {
		bad("f-flag", "procurement.error.flag")
	}
	if y := strings.TrimSpace(f.Year); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1900 || n > 9998 {
			bad("f-year", "procurement.error.year")
		}
		q.Year = n
	}
	var err error
	if q.MinValue, err = parseAmount(f.Min); err != nil {
		bad("f-min", amountErrorKey("min", err))
	}
	if q.MaxValue, err = parseAmount(f.Max); err != nil {
		bad("f-max", amountErrorKey("max", err))
	}
	if q.MinValue != nil && q.MaxValue != nil && *q.MinValue > *q.MaxValue {
		bad("f-min", "procurement.error.range")
	}
	if q.Sort = store.Sort(f.Sort); !slices.Contains(tenderSorts, q.Sort) {
		bad("f-sort", "procurement.error.sort")
	}
	q.Page = 1
	if p := strings.TrimSpace(f.Page); p != "" {
		n, err := strconv.Atoi(p)
		switch {
		case err != nil && !isDigits(p), err == nil && n < 1:
			bad("", "procurement.error.page")
		case err != nil || n > maxTenderPage:
			bad("", "procurement.error.page_cap", number(store.CountCap), maxTenderPage)
		}
		q.Page = n
	}
	return q, errs
}

// amountErrorKey is the message of the amount field (min or max) that parseAmount could not read.
func amountErrorKey(field string, err error) string {
	if errors.Is(err, errAmountLarge) {
		return "procurement.error.amount_large"
	}
	return "procurement.error." + field
}

func isDigits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}
