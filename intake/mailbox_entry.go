package intake

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// mailboxEntryPage is the receipt entry form.
type mailboxEntryPage struct {
	Error   string // message key
	Receipt string // as typed, shown again after an answer that was no verdict on it (busy)
}

// mailboxEntry shows the form to enter a receipt (GET /mailbox). The receipt is only ever sent by POST.
func (in *Intake) mailboxEntry(c *gin.Context) {
	in.Site.Render(c, http.StatusOK, in.pages.mailboxEntry, "intake.mailbox.title", mailboxEntryPage{})
}
