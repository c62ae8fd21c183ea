package intake

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/intake/captcha"
)

// mailboxEntryPage is the receipt entry form.
type mailboxEntryPage struct {
	Error     string      // message key about the receipt
	Receipt   string      // as typed, shown again so that nothing typed is lost
	CaptchaID string      // set when this client is past the wrong-receipt limit
	Errors    fieldErrors // "captcha": why the captcha is asked, or that its answer was wrong
}

// mailboxEntry shows the form to enter a receipt (GET /mailbox). The receipt is only ever sent by POST.
func (in *Intake) mailboxEntry(c *gin.Context) {
	in.renderMailboxEntry(c, http.StatusOK, mailboxEntryPage{})
}

// renderMailboxEntry shows the receipt form, with a fresh captcha when this client (or everyone) is
// past the wrong-receipt limit, so the captcha is asked up front rather than after a refusal.
func (in *Intake) renderMailboxEntry(c *gin.Context, status int, p mailboxEntryPage) {
	if _, need := in.limiter.check(c.Request.RemoteAddr); need {
		id, err := captcha.New(c.Request.Context(), in.DB)
		if err != nil {
			in.Site.Fail(c, err)
			return
		}
		p.CaptchaID = id
		if p.Errors == nil {
			p.Errors = fieldErrors{}
		}
		if p.Errors["captcha"] == "" {
			p.Errors["captcha"] = "intake.mailbox.err_limit"
		}
	}
	in.Site.Render(c, status, in.pages.mailboxEntry, "intake.mailbox.title", p)
}
