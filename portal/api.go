package portal

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/database"
	"integrity-portal/internal/web"
)

// apiPrefix is where the JSON API lives (docs/api.md, docs/openapi.json).
const apiPrefix = "/api/v1"

// api holds what the JSON API needs; its methods are its handlers, one file each (api_*.go).
type api struct {
	site *web.Site
	db   database.DB
	base string // the portal's public address, for absolute links in the data
}

func newAPI(site *web.Site, db database.DB) *api {
	a := &api{site: site, db: db, base: site.BaseURL()}
	site.JSONErrors("/api/", a.answerStatus) // any version: a client of another gets JSON too
	return a
}

// openDataHeaders lets any web page read the answer: the data is open, and the API sets no cookie
// and reads none but the language choice, so a cross-origin read reveals nothing of the reader's.
func openDataHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, Link, Content-Disposition")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
}

// writeJSON answers v as JSON (UTF-8, characters as they are, not \u escapes).
func (a *api) writeJSON(c *gin.Context, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		a.fail(c, err)
		return
	}
	openDataHeaders(c)
	c.Data(status, "application/json; charset=utf-8", buf.Bytes())
}

// preflight answers a browser's CORS preflight (OPTIONS): a GET that sends a header outside the
// CORS-safelisted ones (If-None-Match, say) asks first.
func (a *api) preflight(c *gin.Context) {
	openDataHeaders(c)
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Methods", "GET")
	h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language, If-None-Match, If-Modified-Since")
	h.Set("Access-Control-Max-Age", "86400")
	c.Status(http.StatusNoContent)
}
