package portal

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// procurementIndex sends a visitor who shortens a procurement address (/procurement, or a buyer's
// or supplier's page without its code) to the tender search, which finds tenders, buyers and
// suppliers by name, instead of a "page not found".
func procurementIndex(c *gin.Context) {
	c.Redirect(http.StatusMovedPermanently, "/procurement/tenders")
}
