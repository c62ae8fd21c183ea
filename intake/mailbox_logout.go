package intake

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// mailboxLogout ends the mailbox session (POST /mailbox/logout).
func (in *Intake) mailboxLogout(c *gin.Context) {
	if err := in.endSession(c.Request.Context(), c); err != nil {
		in.Site.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/mailbox")
}
