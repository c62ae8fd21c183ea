package portal

import (
	"encoding/json"
	"net/url"
	"regexp"
	"time"

	"integrity-portal/portal/procurement/store"
)

// tenderJSON is a tender's normalised fields, as the JSON API lists them and the JSON download
// holds them: the columns of the CSV download under the same names (docs/procurement.md), with
// amounts as JSON numbers (exact, as stored), dates as RFC 3339 date-times in Taiwan time, and the
// addresses of its page and of its entry in the API.
type tenderJSON struct {
	OCID              string       `json:"ocid"`
	Title             string       `json:"title"`
	BuyerID           *string      `json:"buyer_id"`
	BuyerName         string       `json:"buyer_name"`
	ProcurementMethod *string      `json:"procurement_method"`
	MethodDetails     *string      `json:"method_details"`
	MainCategory      *string      `json:"main_category"`
	Status            *string      `json:"status"`
	Date              string       `json:"date"`
	TenderValue       *json.Number `json:"tender_value"`
	TenderCurrency    *string      `json:"tender_currency"`
	AwardValue        *json.Number `json:"award_value"`
	AwardCurrency     *string      `json:"award_currency"`
	AwardDate         *string      `json:"award_date"`
	NumberOfTenderers *int32       `json:"number_of_tenderers"`
	SupplierIDs       []string     `json:"supplier_ids"`
	IsDemo            bool         `json:"is_demo"`
	URL               string       `json:"url"`
	APIURL            string       `json:"api_url"`
}

// newTenderJSON writes it with absolute addresses under base.
func newTenderJSON(it store.Item, base string) tenderJSON {
	t := tenderJSON{OCID: it.OCID, Title: it.Title, BuyerID: it.BuyerID, BuyerName: it.BuyerName,
		ProcurementMethod: it.Method, MethodDetails: it.MethodDetails, MainCategory: it.Category,
		Status: it.Status, Date: dateTime(it.Date), TenderValue: jsonNumber(it.TenderValue),
		TenderCurrency: it.TenderCurrency, AwardValue: jsonNumber(it.AwardValue), AwardCurrency: it.AwardCurrency,
		NumberOfTenderers: it.NumberOfTenderers, SupplierIDs: it.SupplierIDs, IsDemo: it.IsDemo,
		URL: base + tenderHref(it.OCID), APIURL: base + apiTenderHref(it.OCID)}
	if it.AwardDate != nil {
		d := dateTime(*it.AwardDate)
		t.AwardDate = &d
	}
	if t.SupplierIDs == nil {
		t.SupplierIDs = []string{}
	}
	return t
}

// dateTime writes t as an RFC 3339 date-time in Taiwan time.
func dateTime(t time.Time) string { return t.In(taipei).Format(time.RFC3339) }

// jsonDecimal is decimal text that is also a JSON number (PostgreSQL's numeric::text).
var jsonDecimal = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// jsonNumber writes an exact decimal as a JSON number, or null when there is none.
func jsonNumber(s *string) *json.Number {
	if s == nil || !jsonDecimal.MatchString(*s) {
		return nil
	}
	n := json.Number(plainDecimal(*s))
	return &n
}

// Addresses in the API.
func apiTenderHref(ocid string) string { return apiPrefix + "/tenders/" + url.PathEscape(ocid) }
func apiSupplierHref(id string) string { return apiPrefix + "/suppliers/" + url.PathEscape(id) }
func apiBuyerHref(id string) string    { return apiPrefix + "/buyers/" + url.PathEscape(id) }
