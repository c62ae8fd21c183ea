package portal

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
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
}

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
	Amount                          amount // awarded, else the budget
	Awarded                         bool
}

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
	form := readTenderForm(c.Request.URL.Query())
	q, errs := form.query()
	data, err := p.tendersForm(c, form, errs)
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	if len(errs) > 0 {
		p.site.Render(c, http.StatusBadRequest, p.tenders, "procurement.tenders.title_error", data)
		return
	}
	res, err := p.search.Search(c.Request.Context(), q)
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
	for _, it := range res.Items {
		r := tenderRow{Item: it, Href: tenderHref(it.OCID), Date: it.Date.In(taipei), Method: deref(it.Method),
			MethodDetails: deref(it.MethodDetails), Category: deref(it.Category),
			Amount: amount{Value: it.AwardValue, Currency: it.AwardCurrency}, Awarded: it.AwardValue != nil}
		if !r.Awarded {
			r.Amount = amount{Value: it.TenderValue, Currency: it.TenderCurrency}
		}
		if it.BuyerID != nil {
			r.BuyerHref = buyerHref(*it.BuyerID)
		}
		data.Rows = append(data.Rows, r)
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
