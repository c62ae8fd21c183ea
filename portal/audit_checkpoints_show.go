package portal

import (
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/database"
	"integrity-portal/internal/web"
)

// auditCheckpointsShown is how many of the latest checkpoints the page lists; the JSON has them all.
const auditCheckpointsShown = 24

// auditCheckpointsView is the page /opendata/audit-checkpoints.
type auditCheckpointsView struct {
	Latest []auditCheckpointRow // the newest first
	Count  number               // of all checkpoints
	Base   string               // the site's address, for the commands the page shows
}

type auditCheckpointRow struct {
	At   *time.Time // in Taiwan time
	Rows number
	Head string
}

// auditCheckpointsShow explains the audit log's checkpoints, in both languages, and lists the latest
// (GET /opendata/audit-checkpoints).
func auditCheckpointsShow(site *web.Site, db database.DB) gin.HandlerFunc {
	page := site.Page("portal/audit_checkpoints")
	return func(c *gin.Context) {
		list, err := auditlog.List(c.Request.Context(), db)
		if err != nil {
			site.Fail(c, err)
			return
		}
		v := auditCheckpointsView{Count: number(len(list)), Base: site.BaseURL()}
		for _, cp := range slices.Backward(list) {
			if len(v.Latest) == auditCheckpointsShown {
				break
			}
			at := cp.At
			head, _ := cp.Head.MarshalText()
			v.Latest = append(v.Latest, auditCheckpointRow{At: local(&at), Rows: number(cp.Rows), Head: string(head)})
		}
		site.Render(c, http.StatusOK, page, "audit_checkpoints.title", v)
	}
}
