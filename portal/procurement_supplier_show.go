package portal

import (
	"cmp"
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
	// OtherID is an identifier from another scheme than 統一編號 (a foreign registry), shown when
	// there is no 統一編號; a TW-UBN-… party id is the import's own key and never shown.
	OtherID   string
	Lost      number
	LostBids  []lostBidRow
	CoBidders []coBidderRow
	Met       number // processes in which it met another bidder
	ByName    bool   // the data names it by its name alone: its awards are grouped by name
}

type lostBidRow struct {
	store.LostBid
	Href, BuyerHref string
	Date            time.Time
	Price, Award    amount
}

type coBidderRow struct {
	store.CoBidder
	Href                           string
	Together, SupplierWon, TheyWon number
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
	ctx := c.Request.Context()
	page, err := holders.ReadSupplier(ctx, p.db, id)
	f := page.Figures
	if err != nil {
		p.notFoundOrRedirect(c, err, store.RoleSupplier, id)
		return
	}
	lang := web.LangOf(c)
	v := supplierView{ID: id, Name: f.Name, UBN: businessID(id), Awards: number(f.Awards),
		WinRate: ratio{Part: number(f.Won), Whole: number(f.Bids)}, ListHref: searchHref("supplier", id)}
	v.ByName = strings.HasPrefix(id, store.NamePrefix)
	if v.UBN == "" && !strings.HasPrefix(id, "TW-UBN-") && !v.ByName {
		v.OtherID = id
	}
	if v.Name == "" {
		v.Name = cmp.Or(v.UBN, v.OtherID, p.message(c, "procurement.supplier.unnamed", "—"))
	}
	v.addRivals(page.Rivals)
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

// addRivals adds the tenders the supplier lost and the bidders it met.
func (v *supplierView) addRivals(r store.SupplierRivals) {
	v.Lost, v.Met = number(r.Lost), number(r.Met)
	for _, l := range r.LostBids {
		row := lostBidRow{LostBid: l, Href: tenderHref(l.OCID), Date: l.Date.In(taipei),
			Price: amount{Value: l.Price, Currency: l.Currency}, Award: amount{Value: l.Award, Currency: l.AwardCur}}
		if l.BuyerID != nil && validID(*l.BuyerID) {
			row.BuyerHref = buyerHref(*l.BuyerID)
		}
		if row.Title == "" {
			row.Title = l.OCID
		}
		v.LostBids = append(v.LostBids, row)
	}
	for _, b := range r.CoBidders {
		row := coBidderRow{CoBidder: b, Together: number(b.Together), SupplierWon: number(b.SupplierWon), TheyWon: number(b.TheyWon)}
		if validID(b.ID) {
			row.Href = supplierHref(b.ID)
		}
		if row.Name == "" {
			row.Name = cmp.Or(businessID(b.ID), b.ID)
		}
		v.CoBidders = append(v.CoBidders, row)
	}
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
