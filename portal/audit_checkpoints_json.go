package portal

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/database"
	"integrity-portal/internal/web"
)

// auditCheckpointsJSON serves every checkpoint of the audit log, the oldest first
// (GET /opendata/audit-checkpoints.json): time, row count and head hash, and nothing of the log's
// content, for anyone to keep copies of (the page /opendata/audit-checkpoints explains why).
func auditCheckpointsJSON(site *web.Site, db database.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		list, err := auditlog.List(c.Request.Context(), db)
		if err != nil {
			site.Fail(c, err)
			return
		}
		if list == nil {
			list = []auditlog.Checkpoint{}
		}
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(auditlog.Document{Checkpoints: list}); err != nil {
			site.Fail(c, err)
			return
		}
		openDataHeaders(c)
		// A new checkpoint comes at most every hour; a minute in caches spares the database.
		c.Header("Cache-Control", "public, max-age=60")
		c.Data(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
	}
}
