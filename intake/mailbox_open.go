package intake

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/web"
)

// mailboxOpen checks a receipt (POST /mailbox) and opens a mailbox session. Wrong receipts are
// limited per client and overall, and slowed down, without the client's address being kept.
func (in *Intake) mailboxOpen(c *gin.Context) {
	ctx := c.Request.Context()
	fail := func(status int, key string) {
		in.Site.Render(c, status, in.pages.mailboxEntry, "intake.mailbox.title", mailboxEntryPage{Error: key})
	}
	typed := c.PostForm("receipt")
	receipt, err := crypto.ParseReceipt(typed)
	if err != nil {
		fail(http.StatusBadRequest, "intake.mailbox.err_format")
		return
	}
	delay, allowed := in.limiter.check(c.Request.RemoteAddr)
	if !allowed {
		fail(http.StatusTooManyRequests, "intake.mailbox.err_limit")
		return
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return
		}
	}
	keys, err := in.deriveReceipt(ctx, receipt)
	if err != nil {
		web.RetryAfter(c, in.Memory.Wait())
		in.Site.Render(c, http.StatusServiceUnavailable, in.pages.mailboxEntry, "intake.mailbox.title", mailboxEntryPage{Error: "intake.err.busy", Receipt: typed})
		return
	}
	caseID, grant, err := cases.ByReceipt(ctx, in.DB, keys.Lookup)
	if errors.Is(err, cases.ErrNotFound) {
		in.limiter.fail(c.Request.RemoteAddr)
		fail(http.StatusBadRequest, "intake.mailbox.err_wrong")
		return
	}
	if errors.Is(err, cases.ErrShredded) {
		fail(http.StatusOK, "intake.mailbox.err_shredded")
		return
	}
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	mailbox, err := crypto.OpenGrant(grant, keys.Seal.Identity())
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	if err := in.startSession(c, caseID, mailbox); err != nil {
		in.Site.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/mailbox/case")
}
