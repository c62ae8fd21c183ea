package portal

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/procurement/holders"
	"integrity-portal/portal/procurement/store"
)

// apiSupplier is what a supplier's page shows (docs/procurement.md): counted awards, their value
// (a joint award's equal part) per currency, by buyer and by year, and the win rate with its counts.
type apiSupplier struct {
	ID           string             `json:"id"`
	Name         string             `json:"name"`
	BusinessID   *string            `json:"business_id"` // 統一編號, when the id carries one
	Awards       int                `json:"awards"`
	Totals       []apiValue         `json:"totals"`
	ByBuyer      []apiSupplierBuyer `json:"by_buyer"`
	ByYear       []apiSupplierYear  `json:"by_year"`
	Bids         int                `json:"bids"`     // processes whose bidder list names it
	Won          int                `json:"won"`      // of those, the ones it won
	WinRate      *float64           `json:"win_rate"` // won ÷ bids; null when bids is 0
	RecentAwards []apiSupplierAward `json:"recent_awards"`
	URL          string             `json:"url"`
	TendersURL   string             `json:"tenders_url"` // its tenders in the API's search
}

// apiValue is a count of awards and their value in one currency.
type apiValue struct {
	Currency *string      `json:"currency"`
	Awards   int          `json:"awards"`
	Value    *json.Number `json:"value"`
}

type apiSupplierBuyer struct {
	BuyerID   *string `json:"buyer_id"`
	BuyerName string  `json:"buyer_name"`
	apiValue
}

type apiSupplierYear struct {
	Year int `json:"year"`
	apiValue
}

// apiSupplierAward is one of the latest awards, with the whole award's value.
type apiSupplierAward struct {
	OCID      string       `json:"ocid"`
	Title     string       `json:"title"`
	BuyerID   *string      `json:"buyer_id"`
	BuyerName string       `json:"buyer_name"`
	Date      *string      `json:"date"`
	Value     *json.Number `json:"value"`
	Currency  *string      `json:"currency"`
	Suppliers int          `json:"suppliers"` // more than 1: a joint award
	URL       string       `json:"url"`
}

// supplierShow is a supplier's figures (GET /api/v1/suppliers/{id}).
func (a *api) supplierShow(c *gin.Context) {
	id := c.Param("id")
	if !validID(id) {
		a.answer(c, http.StatusBadRequest, codeInvalidID, "api.error.bad_id", maxID)
		return
	}
	page, err := holders.ReadSupplier(c.Request.Context(), a.db, id)
	f := page.Figures
	if errors.Is(err, store.ErrNotFound) {
		if done, err := redirectCode(c, a.db, store.RoleSupplier, apiPrefix+"/suppliers/", id); err != nil {
			a.fail(c, err)
			return
		} else if done {
			return
		}
		a.answer(c, http.StatusNotFound, codeNotFound, "api.error.no_supplier", id)
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	s := apiSupplier{ID: id, Name: f.Name, Awards: f.Awards, Bids: f.Bids, Won: f.Won,
		Totals: []apiValue{}, ByBuyer: []apiSupplierBuyer{}, ByYear: []apiSupplierYear{},
		RecentAwards: []apiSupplierAward{}, URL: a.base + supplierHref(id),
		TendersURL: a.base + withQuery(apiPrefix+"/tenders", url.Values{"supplier": {id}})}
	if ubn := businessID(id); ubn != "" {
		s.BusinessID = &ubn
	}
	if f.Bids > 0 {
		r := float64(f.Won) / float64(f.Bids)
		s.WinRate = &r
	}
	for _, t := range f.Totals {
		s.Totals = append(s.Totals, valueOf(t))
	}
	for _, g := range f.ByBuyer {
		s.ByBuyer = append(s.ByBuyer, apiSupplierBuyer{BuyerID: nonEmpty(g.Key), BuyerName: g.Name, apiValue: valueOf(g)})
	}
	for _, g := range f.ByYear {
		s.ByYear = append(s.ByYear, apiSupplierYear{Year: g.Year, apiValue: valueOf(g)})
	}
	for _, r := range f.Recent {
		aw := apiSupplierAward{OCID: r.OCID, Title: r.Title, BuyerID: r.BuyerID, BuyerName: r.BuyerName,
			Value: jsonNumber(r.Value), Currency: r.Currency, Suppliers: r.SupplierCount, URL: a.base + tenderHref(r.OCID)}
		if r.Date != nil {
			d := dateTime(*r.Date)
			aw.Date = &d
		}
		s.RecentAwards = append(s.RecentAwards, aw)
	}
	a.writeJSON(c, http.StatusOK, s)
}

func valueOf(g store.ValueGroup) apiValue {
	return apiValue{Currency: g.Currency, Awards: g.N, Value: jsonNumber(g.Value)}
}

// nonEmpty is s, or nil when it is empty (a breakdown's row of processes that name no buyer).
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
