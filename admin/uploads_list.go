package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/procurement/importer"
)

type uploadsPage struct {
	Uploads []importer.Upload
	Problem string // message key
	MaxMiB  int64
}

// uploadsList is the data officers' page for procurement files (GET /admin/procurement/uploads):
// the upload form and the latest imports with their results.
func (a *Admin) uploadsList(c *gin.Context) { a.renderUploads(c, http.StatusOK, "") }

func (a *Admin) renderUploads(c *gin.Context, status int, problem string) {
	list, err := importer.RecentUploads(c.Request.Context(), a.DB, 20)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.Site.Render(c, status, a.pages.uploads, "admin.uploads.title", uploadsPage{Uploads: list, Problem: problem, MaxMiB: a.UploadMax >> 20})
}
