package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/portal/applications"
)

// applicationUploadsShow is an application import's progress page (GET
// /admin/applications/uploads/:id). Until the import ends the page asks the browser to load it
// again every two seconds (a Refresh header: no JavaScript needed), with a progress bar; then it
// shows the report: what was stored, or every rejected row with its line, column and reason.
func (a *Admin) applicationUploadsShow(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	u, err := applications.GetUpload(c.Request.Context(), a.DB, id)
	if errors.Is(err, pgx.ErrNoRows) {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	if !u.Finished() {
		c.Header("Refresh", "2")
	}
	a.Site.Render(c, http.StatusOK, a.pages.appUpload, "admin.app_upload.title", u)
}
