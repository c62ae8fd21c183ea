package portal

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

// door is one of the home page's three ways in. Until a door's service exists it is shown without a
// link and says honestly that it is coming; a door whose service is partly built links to what exists
// and says what is still coming (home.<Key>_status).
type door struct {
	Key    string     // message key prefix: home.<Key>_title, _body, _link, _status
	Href   string     // empty while the service is being built
	Coming bool       // with Href: part of the service is still being built
	Also   []doorLink // more ways into the same service, after the main link
}

// doorLink is a further link of a door, named by the message Key.
type doorLink struct {
	Href, Key string
}

// homeShow renders the home page: what the office does, and the three doors.
func homeShow(site *web.Site) gin.HandlerFunc {
	page := site.Page("portal/home")
	doors := []door{{Key: "report", Href: "/report"}, {Key: "suggest", Href: "/suggest"}, {Key: "transparency", Href: "/procurement/tenders",
		Also: []doorLink{{Href: "/applications", Key: "home.transparency_apps_link"}}}}
	return func(c *gin.Context) {
		site.Render(c, http.StatusOK, page, "", doors)
	}
}
