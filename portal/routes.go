package portal

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/internal/database"
	"integrity-portal/internal/web"
)

// Routes lists every public transparency route. The tender search runs on search, or in SQL if
// it is nil.
func Routes(r gin.IRouter, site *web.Site, db database.DB, search Searcher) {
	r.GET("/", homeShow(site))
	r.GET("/privacy", privacyShow(site))
	r.GET("/accessibility", accessibilityShow(site))

	p := newProcurement(site, db, search)
	r.GET("/procurement", procurementIndex)
	r.GET("/procurement/buyers", procurementIndex)
	r.GET("/procurement/suppliers", procurementIndex)
	r.GET("/procurement/tenders", p.tendersList)
	r.GET("/procurement/tenders.csv", p.tendersCSV)
	r.GET("/procurement/tenders/:ocid", p.tenderShow) // also :ocid.json, the compiled release
	r.GET("/procurement/suppliers/:id", p.supplierShow)
	r.GET("/procurement/buyers/:id", p.buyerShow)
	r.GET("/procurement/flags", flagsShow(site, db))
	// The search and the pages of one tender, supplier or buyer name a bad parameter themselves, on
	// the form with what was typed; the API names it in its JSON error.
	site.ChecksOwnInput("/procurement/tenders", "/procurement/tenders.csv", "/procurement/tenders/:ocid",
		"/procurement/suppliers/:id", "/procurement/buyers/:id", "/applications", "/applications/:agency")

	ap := newAppPages(site, db)
	r.GET("/applications", ap.appIndex)
	r.GET("/applications/:agency", ap.appAgency)

	o := newOpenData(site, db)
	r.GET("/opendata", o.show)
	r.GET("/opendata/audit-checkpoints", auditCheckpointsShow(site, db))
	r.GET("/opendata/audit-checkpoints.json", auditCheckpointsJSON(site, db))
	r.HEAD("/opendata/audit-checkpoints.json", auditCheckpointsJSON(site, db))
	for _, d := range []struct {
		path string
		h    gin.HandlerFunc
	}{
		{"/opendata/procurement-tenders.csv", o.whole(kindCSV)},
		{"/opendata/procurement-tenders.json", o.whole(kindJSON)},
		{"/opendata/procurement-compiled-releases.jsonl", o.whole(kindJSONL)},
		{"/opendata/ocds/:file", o.ocdsPackage}, // {year}.json
		{"/opendata/applications-monthly-stats.csv", o.applicationStats(kindAppCSV)},
		{"/opendata/applications-monthly-stats.json", o.applicationStats(kindAppJSON)},
	} {
		r.GET(d.path, d.h)
		r.HEAD(d.path, d.h)
		site.SetLimits(d.path, web.Limits{MaxBody: site.MaxBodyBytes(), Timeout: downloadTimeout})
	}

	// The JSON API (docs/api.md, docs/openapi.json): every path also answers OPTIONS, for CORS.
	a := newAPI(site, db)
	for _, d := range []struct {
		path string
		h    gin.HandlerFunc
	}{
		{apiPrefix + "/tenders", a.tendersList},
		{apiPrefix + "/tenders/:ocid", a.tenderShow},
		{apiPrefix + "/suppliers/:id", a.supplierShow},
		{apiPrefix + "/buyers/:id", a.buyerShow},
		{apiPrefix + "/applications", a.applicationsList},
		{apiPrefix + "/applications/:agency", a.applicationsAgency},
	} {
		r.GET(d.path, d.h)
		r.OPTIONS(d.path, a.preflight)
		site.ChecksOwnInput(d.path)
	}
	// The API's description, served as documented, and a page that reads it for people.
	r.GET(apiPrefix+"/openapi.json", a.openAPIJSON)
	r.OPTIONS(apiPrefix+"/openapi.json", a.preflight)
	r.GET("/opendata/api", apiDocsShow(site))
}
