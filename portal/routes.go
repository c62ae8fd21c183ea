package portal

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/internal/database"
	"integrity-portal/internal/web"
)

// Routes lists every public transparency route.
func Routes(r gin.IRouter, site *web.Site, db database.DB) {
	r.GET("/", homeShow(site))

	p := newProcurement(site, db)
	r.GET("/procurement/tenders", p.tendersList)
	r.GET("/procurement/tenders.csv", p.tendersCSV)
	r.GET("/procurement/tenders/:ocid", p.tenderShow) // also :ocid.json, the compiled release
	r.GET("/procurement/suppliers/:id", p.supplierShow)
	r.GET("/procurement/buyers/:id", p.buyerShow)
}
