package portal

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

// door is one of the home page's first links: the three things a citizen comes to do. They come
// before any explanation, so that on a phone all three are on the first screen.
type door struct {
	Key  string // message keys home.<Key>_link and home.<Key>_hint
	Href string
}

// homeDoors are report, suggest and follow up; transparency comes right after them.
var homeDoors = []door{{"report", "/report"}, {"suggest", "/suggest"}, {"mailbox", "/mailbox"}}

// homeShow renders the home page: the doors first, then the transparency data and what the office does.
func homeShow(site *web.Site) gin.HandlerFunc {
	page := site.Page("portal/home")
	return func(c *gin.Context) {
		site.Render(c, http.StatusOK, page, "", homeDoors)
	}
}
