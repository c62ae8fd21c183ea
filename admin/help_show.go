package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/csvimport"
)

// helpFormat is one kind of file on the data formats page: its anchor and message keys' stem, its
// columns (none for JSON) and its example file.
type helpFormat struct {
	ID      string // anchor, and the stem of its message keys help.formats.<ID>
	ColKey  string // stem of the columns' message keys help.col.<ColKey>.<column>
	Columns []csvimport.ColumnDoc
	Example string // file name under examples/
}

type helpPage struct {
	Procurement  []helpFormat
	Applications []helpFormat
}

// helpDataFormats explains the formats data officers may upload (GET /admin/help/data-formats), with
// an example file of each kind. Any signed-in officer may read it: nothing on it is confidential,
// and a supervisor asked about a rejected file can look too.
func (a *Admin) helpDataFormats(c *gin.Context) {
	a.Site.Render(c, http.StatusOK, a.pages.help, "help.formats.title", helpPage{
		Procurement: []helpFormat{
			{ID: "csv", ColKey: "procurement", Columns: csvimport.ColumnDocs(), Example: "procurement.csv"},
			{ID: "ocds", Example: "releases.json"},
			{ID: "notices", Example: "notices.yaml"},
		},
		Applications: []helpFormat{
			{ID: "periods", ColKey: "periods", Columns: applications.ColumnDocs(applications.KindPeriods), Example: "periods.csv"},
			{ID: "calendar", ColKey: "calendar", Columns: applications.ColumnDocs(applications.KindCalendar), Example: "calendar.csv"},
			{ID: "apps", ColKey: "applications", Columns: applications.ColumnDocs(applications.KindApplications), Example: "applications.csv"},
		},
	})
}
