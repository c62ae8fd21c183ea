package portal

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/store"
)

// tendersPage is the tender search: the form as filled in, its problems, or a page of results.
type tendersPage struct {
	Form    tenderForm
	Errors  []fieldError
	Years   []option
	Methods []string
	Kinds   []string
	Flags   []string // indicator codes that flag processes
	Sorts   []option
	Results *store.Page
	Rows    []tenderRow
	Pages   []pageLink
	Prev    string // address of the previous page, "" on the first
	Next    string
	// FirstHref is the first page of the same search, for a page asked for past the last result.
	FirstHref string
	CSV       string // the download of the same search
	CSVMax    number
	// Buyer and Supplier are the name lookups of those filters; Active names every filter set
	// besides the keyword, for the summary of the folded filters.
	Buyer, Supplier partyFilter
	Active          []activeFilter
	Flagged         bool // some result has a red flag: the page says what a flag is not
}

// activeFilter is a filter the reader set, as the folded filters' summary names it.
type activeFilter struct{ Label, Value string }

// FoldedOpen reports whether the folded filters are shown open: when one of them is set, has a
// problem, or asks the reader to pick a match.
func (p tendersPage) FoldedOpen() bool {
	if len(p.Active) > 0 || p.Buyer.Pending() || p.Supplier.Pending() {
		return true
	}
	for _, e := range p.Errors {
		if e.Field != "f-q" && e.Field != "" {
			return true
		}
	}
	return false
}

// Pickers are the filters whose matches the reader has to pick from.
func (p tendersPage) Pickers() []partyFilter {
	var out []partyFilter
	for _, f := range []partyFilter{p.Buyer, p.Supplier} {
		if f.Pending() {
			out = append(out, f)
		}
	}
	return out
}

// MaxChoices is how many matches a name lookup offers.
func (tendersPage) MaxChoices() int { return maxPartyChoices }

// KeywordOnly is the same search without its other filters.
func (p tendersPage) KeywordOnly() string {
	v := url.Values{}
	if k := strings.TrimSpace(p.Form.Keyword); k != "" {
		v.Set("q", k)
	}
	return listHref(v) + "#results"
}

// Pending reports whether the search waits for the reader to pick a buyer or a supplier.
func (p tendersPage) Pending() bool { return p.Buyer.Pending() || p.Supplier.Pending() }

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// tenderRow is one tender among the results.
type tenderRow struct {
	store.Item
	Method, MethodDetails, Category string // codes, for their messages
	Href, BuyerHref                 string
	Date                            time.Time
	DateKind                        string // which date Date is: tender, award or release
	Amount                          amount // awarded, else the budget
	Awarded                         bool
	Suppliers                       []partyLink // of the counted awards
	Flags                           []flags.Indicator
}

// partyLink is a supplier named in a row, linked to its page.
type partyLink struct{ Name, Href string }

// pageLink is a link to a page of results; Gap stands for the pages left out between two links.
type pageLink struct {
	N       number
	Href    string
	Current bool
	Gap     bool
}

// FieldError returns the problem with the form field id, if any, to show beside it.
func (p tendersPage) FieldError(id string) *fieldError {
	for i := range p.Errors {
		if p.Errors[i].Field == id {
			return &p.Errors[i]
		}
	}
	return nil
}

// MaxKeyword is the longest keyword, in characters.
func (tendersPage) MaxKeyword() int { return store.MaxKeyword }

// Invalid marks the form field id as invalid, pointing at its message, when it has a problem.
func (p tendersPage) Invalid(id string) template.HTMLAttr {
	if p.FieldError(id) == nil {
		return ""
	}
	return template.HTMLAttr(`aria-invalid="true" aria-describedby="` + id + `-error"`)
}

// Total writes the number of results: "10,000+" when there are more than the store counts.
func (p tendersPage) Total() string {
	if p.Results.TotalCapped {
		return number(p.Results.Total).String() + "+"
	}
	return number(p.Results.Total).String()
}

// tendersList is the tender search (GET /procurement/tenders): keyword (a Chinese substring of the
// title or the buyer's name), filters, sorting and pages. A search that cannot be run is shown again
// with its problems, status 400.
func (p *procurement) tendersList(c *gin.Context) {
	ctx := c.Request.Context()
	form := readTenderForm(c.Request.URL.Query())
	buyer, supplier, errs, err := resolveParties(ctx, p.db, &form)
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	// A buyer or supplier still to be picked, or not found, does not filter: it has its own message.
	qf := form
	if buyer.Chosen == nil {
		qf.Buyer = ""
	}
	if supplier.Chosen == nil {
		qf.Supplier = ""
	}
	q, more := qf.query()
	errs = append(errs, more...)
	data, err := p.tendersForm(c, form, errs)
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	data.Buyer, data.Supplier = buyer, supplier
	data.Active = p.activeFilters(c, form, data)
	if len(errs) > 0 {
		p.site.Render(c, http.StatusBadRequest, p.tenders, "procurement.tenders.title_error", data)
		return
	}
	if data.Pending() {
		p.site.Render(c, http.StatusOK, p.tenders, "procurement.tenders.title_pick", data)
		return
	}
	res, err := p.search.Search(ctx, q)
	if errors.Is(err, store.ErrBadQuery) {
		data.Errors = []fieldError{{Field: "f-q", Key: "procurement.error.query"}}
		p.site.Render(c, http.StatusBadRequest, p.tenders, "procurement.tenders.title_error", data)
		return
	}
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	data.Results = &res
	if data.Rows, err = p.tenderRows(ctx, res.Items); err != nil {
		p.site.Fail(c, err)
		return
	}
	for _, r := range data.Rows {
		data.Flagged = data.Flagged || len(r.Flags) > 0
	}
	data.paginate(res)
	p.site.Render(c, http.StatusOK, p.tenders, "procurement.tenders.title", data)
}

// tendersForm prepares the search form: the choices of its selects, with the reader's marked.
func (p *procurement) tendersForm(c *gin.Context, form tenderForm, errs []fieldError) (tendersPage, error) {
	lang := web.LangOf(c)
	d := tendersPage{Form: form, Errors: errs, Methods: procurementMethods, Kinds: procurementKinds, Flags: store.ProcessFlags,
		CSV: withQuery("/procurement/tenders.csv", form.values()), CSVMax: number(store.CountCap)}
	first, last, ok, err := store.YearRange(c.Request.Context(), p.db)
	if err != nil {
		return d, err
	}
	chosen, err := strconv.Atoi(form.Year)
	if err != nil || chosen < 1900 || chosen > 9998 {
		chosen = 0
	}
	// A year asked for outside the data's range is still offered, so the form shows it chosen.
	if chosen != 0 {
		if !ok {
			first, last, ok = chosen, chosen, true
		}
		first, last = min(first, chosen), max(last, chosen)
	}
	if ok {
		for y := last; y >= first; y-- {
			d.Years = append(d.Years, option{Value: strconv.Itoa(y), Label: yearLabel(lang, y), Selected: y == chosen})
		}
	}
	for _, s := range tenderSorts {
		key := "procurement.sort.date_desc"
		if s != store.SortDateDesc {
			key = "procurement.sort." + string(s)
		}
		d.Sorts = append(d.Sorts, option{Value: string(s), Label: p.message(c, key, string(s)), Selected: string(s) == form.Sort})
	}
	return d, nil
}

// paginate links the first and last pages and two on each side of the current one.
func (d *tendersPage) paginate(res store.Page) {
	v := d.Form.values()
	href := func(n int) string {
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		} else {
			v.Del("page")
		}
		return listHref(v)
	}
	d.FirstHref = href(1)
	last := max(1, min((res.Total+res.PageSize-1)/res.PageSize, maxTenderPage))
	if res.Page > 1 {
		d.Prev = href(res.Page - 1)
	}
	if res.HasNext {
		d.Next = href(res.Page + 1)
	}
	if last == 1 {
		return
	}
	prev := 0
	for n := 1; n <= last; n++ {
		if n != 1 && n != last && (n < res.Page-2 || n > res.Page+2) {
			continue
		}
		if n > prev+1 {
			d.Pages = append(d.Pages, pageLink{Gap: true})
		}
		d.Pages = append(d.Pages, pageLink{N: number(n), Href: href(n), Current: n == res.Page})
		prev = n
	}
}
