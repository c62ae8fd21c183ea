package admin

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

func urlPathEscape(s string) string  { return url.PathEscape(s) }
func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// audit appends an event, logging (not failing the request) if the log cannot be written: the
// request's own work is already done by then.
func (a *Admin) audit(c *gin.Context, officerID *int64, action string, caseID *int64, detail any) {
	if err := AuditNow(c.Request.Context(), a.DB, officerID, action, caseID, detail); err != nil {
		a.Logger.Error("audit append failed", "action", action, "err", web.SafeError(err))
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
