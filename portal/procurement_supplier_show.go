package portal

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/holders"
	"integrity-portal/portal/procurement/store"
)

// supplierView is a supplier's page.
type supplierView struct {
	Flags         holderFlags
	ID, Name, UBN string
	Awards        number
	Totals        []amount
	WinRate       ratio // processes won, of those it bid in
	ByBuyer       []groupRow
	ByYear        []groupRow
	Recent        []supplierAwardRow
	ListHref      string // every tender it won
}

// groupRow is one line of a breakdown table, with the tenders behind it.
type groupRow struct {
	Label, Href string // Href: the entity's page, if any
	N           number
	Value       amount
	ListHref    string // the same tenders in the search
}

type supplierAwardRow struct {
	store.SupplierAward
	Href, BuyerHref string
	Date            *time.Time
	Value           amount
	Joint           bool
}

// supplierShow is a supplier's page (GET /procurement/suppliers/{id}): the awards it won, by buyer
// and by year, their value, and its win rate where bidder lists are published.
func (p *procurement) supplierShow(c *gin.Context) {
	id := c.Param("id")
	if !validID(id) {
		p.answerProblem(c, http.StatusBadRequest, "procurement.bad_supplier")
		return
	}
	page, err := holders.ReadSupplier(c.Request.Context(), p.db, id)
	f := page.Figures
	if err != nil {
		p.notFoundOrFail(c, err, errors.Is(err, store.ErrNotFound), "procurement.no_supplier")
		return
	}
	lang := web.LangOf(c)
	v := supplierView{ID: id, Name: f.Name, UBN: businessID(id), Awards: number(f.Awards),
		WinRate: ratio{Part: number(f.Won), Whole: number(f.Bids)}, ListHref: searchHref("supplier", id)}
	if v.Name == "" {
		v.Name = id
	}
	for _, t := range f.Totals {
		v.Totals = append(v.Totals, amount{Value: t.Value, Currency: t.Currency})
	}
	for _, g := range f.ByBuyer {
		r := groupRow{Label: g.Name, N: number(g.N), Value: amount{Value: g.Value, Currency: g.Currency}}
		if g.Key != "" {
			r.Href = buyerHref(g.Key)
			r.ListHref = listHref(url.Values{"supplier": {id}, "buyer": {g.Key}})
		}
		if r.Label == "" {
			r.Label = g.Key
		}
		v.ByBuyer = append(v.ByBuyer, r)
	}
	for _, g := range f.ByYear {
		v.ByYear = append(v.ByYear, groupRow{Label: yearLabel(lang, g.Year), N: number(g.N),
			Value:    amount{Value: g.Value, Currency: g.Currency},
			ListHref: listHref(url.Values{"supplier": {id}, "year": {strconv.Itoa(g.Year)}})})
	}
	for _, a := range f.Recent {
		r := supplierAwardRow{SupplierAward: a, Href: tenderHref(a.OCID), Date: local(a.Date),
			Value: amount{Value: a.Value, Currency: a.Currency}, Joint: a.SupplierCount > 1}
		if a.BuyerID != nil {
			r.BuyerHref = buyerHref(*a.BuyerID)
		}
		if r.Title == "" {
			r.Title = a.OCID
		}
		v.Recent = append(v.Recent, r)
	}
	v.Flags = holderFlagsOf(page.Run, page.Flags, "supplier", id)
	p.site.Render(c, http.StatusOK, p.supplier, "procurement.supplier.title", v)
}

// businessID is the 統一編號 in a supplier's id: the id itself when it is eight digits, or the code
// of a TW-UBN-… party id (Taiwan e-procurement imports); "" otherwise.
func businessID(id string) string {
	code := strings.TrimPrefix(id, "TW-UBN-")
	if len(code) == 8 && isDigits(code) {
		return code
	}
	return ""
}
