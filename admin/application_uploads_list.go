package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/applications"
)

type applicationUploadsPage struct {
	Kinds   []applications.Kind // in the order they are best imported
	Uploads []applications.Upload
	Problem string // message key
	MaxMiB  int64
}

// applicationUploadsList is the data officers' page for application files (GET
// /admin/applications/uploads): the upload form with the choice of kind, and the latest imports
// with their results.
func (a *Admin) applicationUploadsList(c *gin.Context) {
	a.renderApplicationUploads(c, http.StatusOK, "")
}

// uploadKinds are the kinds of file, periods first: they register the agencies whose applications
// may then be imported.
var uploadKinds = []applications.Kind{applications.KindPeriods, applications.KindCalendar, applications.KindApplications}

func (a *Admin) renderApplicationUploads(c *gin.Context, status int, problem string) {
	list, err := applications.RecentUploads(c.Request.Context(), a.DB, 20)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.Site.Render(c, status, a.pages.appUploads, "admin.app_uploads.title",
		applicationUploadsPage{Kinds: uploadKinds, Uploads: list, Problem: problem, MaxMiB: a.UploadMax >> 20})
}
