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
// counted per client and overall, without the client's address being kept: past a few, answers slow
// down; past the limit, each attempt needs a captcha, checked before the receipt KDF runs. A refused
// receipt comes back in the field as typed, so that one wrong digit costs one correction, never 20
// digits retyped; it is never logged.
func (in *Intake) mailboxOpen(c *gin.Context) {
	ctx := c.Request.Context()
	typed := c.PostForm("receipt")
	again := func(status int, p mailboxEntryPage) {
		in.renderMailboxEntry(c, status, p)
	}
	if c.PostForm("action") == "refresh_captcha" {
		again(http.StatusOK, mailboxEntryPage{Receipt: keptReceipt(typed)})
		return
	}
	receipt, err := crypto.ParseReceipt(typed)
	if err != nil {
		key, n := receiptProblem(typed)
		again(http.StatusBadRequest, mailboxEntryPage{Error: key, ErrorN: n, Receipt: keptReceipt(typed)})
		return
	}
	delay, needCaptcha := in.limiter.check(c.Request.RemoteAddr)
	if needCaptcha {
		errs := fieldErrors{}
		answer := map[string]string{"captcha_id": c.PostForm("captcha_id"), "captcha": c.PostForm("captcha")}
		if !in.checkCaptcha(c, answer, errs) {
			if answer["captcha"] == "" {
				errs["captcha"] = "intake.mailbox.err_limit" // say why a captcha is asked
			}
			again(http.StatusTooManyRequests, mailboxEntryPage{Receipt: keptReceipt(typed), Errors: errs})
			return
		}
	} else if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return
		}
	}
	keys, err := in.deriveReceipt(ctx, receipt)
	if err != nil {
		web.RetryAfter(c, in.Memory.Wait())
		again(http.StatusServiceUnavailable, mailboxEntryPage{Error: "intake.err.busy", Receipt: keptReceipt(typed)})
		return
	}
	caseID, grant, err := cases.ByReceipt(ctx, in.DB, keys.Lookup)
	if errors.Is(err, cases.ErrNotFound) {
		in.limiter.fail(c.Request.RemoteAddr)
		again(http.StatusBadRequest, mailboxEntryPage{Error: "intake.mailbox.err_wrong", Receipt: keptReceipt(typed)})
		return
	}
	if errors.Is(err, cases.ErrShredded) {
		again(http.StatusOK, mailboxEntryPage{Error: "intake.mailbox.err_shredded"})
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
