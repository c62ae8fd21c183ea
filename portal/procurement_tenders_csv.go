package portal

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/spreadsheet"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/store"
)

// tenderCSVColumns are the download's columns, in order (see docs/procurement.md): each is named in
// the reader's language in the header row, and holds the same values in either language (codes for
// method, category and status, dates as YYYY-MM-DD in Taiwan time, amounts as plain decimals).
var tenderCSVColumns = []string{"ocid", "title", "buyer_id", "buyer_name", "procurement_method",
	"method_details", "main_category", "status", "date", "tender_value", "tender_currency", "award_value",
	"award_currency", "award_date", "number_of_tenderers", "supplier_ids"}

// tendersCSV downloads the tender search as CSV (GET /procurement/tenders.csv, the list's parameters
// without the page): UTF-8 with a BOM, for Excel in Taiwan, in the list's order, at most
// store.CountCap rows, streamed as they are read. A search that cannot be run gets the list page with
// its problems, status 400.
func (p *procurement) tendersCSV(c *gin.Context) {
	form := readTenderForm(c.Request.URL.Query())
	form.Page = "" // a download is of the whole search
	q, errs := form.query()
	if len(errs) > 0 {
		data, err := p.tendersForm(c, form, errs)
		if err != nil {
			p.site.Fail(c, err)
			return
		}
		p.site.Render(c, http.StatusBadRequest, p.tenders, "procurement.tenders.title_error", data)
		return
	}

	var w *spreadsheet.CSV
	start := func() {
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Header("Content-Disposition", `attachment; filename="procurement-tenders.csv"`)
		c.Status(http.StatusOK)
		c.Writer.WriteString("\ufeff")
		w = spreadsheet.NewCSV(c.Writer)
		w.Write(tenderCSVHeader(p.site.Catalogues(), web.LangOf(c)))
	}
	err := store.Export(c.Request.Context(), p.db, q, func(it store.Item) error {
		if w == nil {
			start()
		}
		w.Write(tenderCSVRecord(it))
		return w.Error()
	})
	switch {
	case errors.Is(err, store.ErrBadQuery) && w == nil:
		data, ferr := p.tendersForm(c, form, []fieldError{{Field: "f-q", Key: "procurement.error.query"}})
		if ferr != nil {
			p.site.Fail(c, ferr)
			return
		}
		p.site.Render(c, http.StatusBadRequest, p.tenders, "procurement.tenders.title_error", data)
		return
	case err != nil && w == nil:
		p.site.Fail(c, err)
		return
	case err != nil:
		// The header is sent: the download ends short, and only the log can say why (Fail logs,
		// and writes nothing more to a started answer).
		w.Flush()
		p.site.Fail(c, err)
		return
	}
	if w == nil {
		start() // no results: the header row alone
	}
	w.Flush()
}

// tenderCSVHeader names the columns in lang.
func tenderCSVHeader(cat i18n.Catalogues, lang i18n.Lang) []string {
	header := make([]string, len(tenderCSVColumns))
	for i, col := range tenderCSVColumns {
		header[i] = col
		if m, ok := cat[lang]["procurement.csv."+col]; ok {
			header[i] = m
		}
	}
	return header
}

// tenderCSVRecord writes one tender in the order of tenderCSVColumns.
func tenderCSVRecord(it store.Item) []string {
	day := func(t time.Time) string { return t.In(taipei).Format("2006-01-02") }
	rec := []string{it.OCID, it.Title, deref(it.BuyerID), it.BuyerName, deref(it.Method), deref(it.MethodDetails),
		deref(it.Category), deref(it.Status), day(it.Date), deref(plainDecimalOf(it.TenderValue)), deref(it.TenderCurrency),
		deref(plainDecimalOf(it.AwardValue)), deref(it.AwardCurrency), "", "", strings.Join(it.SupplierIDs, ";")}
	if it.AwardDate != nil {
		rec[13] = day(*it.AwardDate)
	}
	if it.NumberOfTenderers != nil {
		rec[14] = strconv.Itoa(int(*it.NumberOfTenderers))
	}
	return rec // the writer (spreadsheet.CSV) keeps text from being read as a formula
}
