package admin

import (
	"embed"
	"net/http"
	"path"

	"github.com/gin-gonic/gin"
)

// exampleFiles are the example of each kind of data file, for officers to download and copy; a
// test imports each, so they stay valid.
//
//go:embed examples/*.csv examples/*.json examples/*.yaml
var exampleFiles embed.FS

// helpExample serves an example file as a download (GET /admin/help/data-formats/examples/:file).
func (a *Admin) helpExample(c *gin.Context) {
	name := c.Param("file")
	b, err := exampleFiles.ReadFile("examples/" + path.Base(name))
	if err != nil || path.Base(name) != name {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	ct := "text/csv; charset=utf-8"
	switch path.Ext(name) {
	case ".json":
		ct = "application/json"
	case ".yaml":
		ct = "application/yaml; charset=utf-8"
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, ct, b)
}
