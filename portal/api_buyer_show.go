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

// apiBuyer is what a buyer's page shows (docs/procurement.md): spend in its main currency per year
// and per method, the single-bid rate and the suppliers' shares with the HHI, each with its counts.
type apiBuyer struct {
	ID                     string           `json:"id"`
	Name                   string           `json:"name"`
	Processes              int              `json:"processes"`
	Currency               *string          `json:"currency"`                 // the main currency; null when nothing is awarded
	OtherCurrencyProcesses int              `json:"other_currency_processes"` // left out of the sums
	ByYear                 []apiBuyerYear   `json:"by_year"`
	ByMethod               []apiBuyerMethod `json:"by_method"`
	SingleBid              apiRate          `json:"single_bid"`
	Suppliers              apiConcentration `json:"suppliers"`
	URL                    string           `json:"url"`
	TendersURL             string           `json:"tenders_url"` // its tenders in the API's search
}

type apiBuyerYear struct {
	Year      int          `json:"year"`
	Processes int          `json:"processes"`
	Value     *json.Number `json:"value"` // awarded, in currency
}

type apiBuyerMethod struct {
	Method    *string      `json:"method"` // null: not given
	Processes int          `json:"processes"`
	Value     *json.Number `json:"value"`
}

// apiRate is a share with its counts: processes of known.
type apiRate struct {
	Processes int      `json:"processes"`
	Known     int      `json:"known"`
	Rate      *float64 `json:"rate"` // null when known is 0
}

// apiConcentration is how the counted awards in the main currency are shared among suppliers.
type apiConcentration struct {
	Awards    int              `json:"awards"` // the n of the HHI
	Suppliers int              `json:"suppliers"`
	Total     *json.Number     `json:"total"`
	HHI       *float64         `json:"hhi"` // 0 to 10,000; null when nothing is counted
	Top       []apiSupplierCut `json:"top"`
}

type apiSupplierCut struct {
	ID         string       `json:"id"`
	Name       string       `json:"name"`
	Value      *json.Number `json:"value"`
	Awards     int          `json:"awards"`
	ValueShare *float64     `json:"value_share"` // 0 to 1
	CountShare float64      `json:"count_share"`
}

// buyerShow is a buyer's figures (GET /api/v1/buyers/{id}).
func (a *api) buyerShow(c *gin.Context) {
	id := c.Param("id")
	if !validID(id) {
		a.answer(c, http.StatusBadRequest, codeInvalidID, "api.error.bad_id", maxID)
		return
	}
	page, err := holders.ReadBuyer(c.Request.Context(), a.db, id)
	f := page.Figures
	if errors.Is(err, store.ErrNotFound) {
		if done, err := redirectCode(c, a.db, store.RoleBuyer, apiPrefix+"/buyers/", id); err != nil {
			a.fail(c, err)
			return
		} else if done {
			return
		}
		a.answer(c, http.StatusNotFound, codeNotFound, "api.error.no_buyer", id)
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	b := apiBuyer{ID: id, Name: f.Name, Processes: f.Processes, Currency: f.Currency,
		OtherCurrencyProcesses: f.OtherCurrency, ByYear: []apiBuyerYear{}, ByMethod: []apiBuyerMethod{},
		SingleBid: apiRate{Processes: f.SingleBid, Known: f.KnownBids}, URL: a.base + buyerHref(id),
		TendersURL: a.base + withQuery(apiPrefix+"/tenders", url.Values{"buyer": {id}})}
	if f.KnownBids > 0 {
		r := float64(f.SingleBid) / float64(f.KnownBids)
		b.SingleBid.Rate = &r
	}
	for _, g := range f.ByYear {
		b.ByYear = append(b.ByYear, apiBuyerYear{Year: g.Year, Processes: g.N, Value: jsonNumber(g.Value)})
	}
	for _, g := range f.ByMethod {
		b.ByMethod = append(b.ByMethod, apiBuyerMethod{Method: nonEmpty(g.Key), Processes: g.N, Value: jsonNumber(g.Value)})
	}
	s := f.Suppliers
	b.Suppliers = apiConcentration{Awards: s.Awards, Suppliers: s.Suppliers, Total: jsonNumber(s.Total), HHI: s.HHI,
		Top: []apiSupplierCut{}}
	for _, t := range s.Top {
		b.Suppliers.Top = append(b.Suppliers.Top, apiSupplierCut{ID: t.ID, Name: t.Name, Value: jsonNumber(&t.Value),
			Awards: t.Awards, ValueShare: t.ValueShare, CountShare: t.CountShare})
	}
	a.writeJSON(c, http.StatusOK, b)
}
