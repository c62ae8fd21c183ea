package portal

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/internal/database"
	"integrity-portal/internal/web"
)

// Routes lists every public transparency route. db serves the procurement pages, which only read.
func Routes(r gin.IRouter, site *web.Site, db database.DB) {
	r.GET("/", homeShow(site))
	r.GET("/procurement/flags", flagsShow(site, db))
}
