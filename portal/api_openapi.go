package portal

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/docs"
)

// openAPIETag is the served description's validator: the file is built into the binary, so its hash
// changes only with a new release.
var openAPIETag = func() string {
	sum := sha256.Sum256(docs.OpenAPI)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}()

// openAPIJSON serves docs/openapi.json byte for byte (GET /api/v1/openapi.json), readable from any
// origin like the API it describes.
func (a *api) openAPIJSON(c *gin.Context) {
	openDataHeaders(c)
	// Public and unchanging within a release: caches may keep it if they check the ETag.
	c.Header("Cache-Control", "public, no-cache")
	c.Header("ETag", openAPIETag)
	if c.GetHeader("If-None-Match") == openAPIETag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", docs.OpenAPI)
}
