package portal

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

// accessibilityShow renders the accessibility statement: the level aimed at, how it is tested, and
// how to tell the office about a problem.
func accessibilityShow(site *web.Site) gin.HandlerFunc {
	page := site.Page("portal/accessibility")
	return func(c *gin.Context) {
		site.Render(c, http.StatusOK, page, "a11y.title", nil)
	}
}
