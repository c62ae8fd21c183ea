package portal

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

// Routes lists every public transparency route.
func Routes(r gin.IRouter, site *web.Site) {
	r.GET("/", homeShow(site))
}
