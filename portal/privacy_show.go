package portal

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

// privacyShow renders the privacy statement: what the portal keeps, encrypted and for how long (the
// configured retention periods), and what it never keeps. Each sentence states what the code does.
func privacyShow(site *web.Site) gin.HandlerFunc {
	page := site.Page("portal/privacy")
	return func(c *gin.Context) {
		site.Render(c, http.StatusOK, page, "privacy.title", nil)
	}
}
