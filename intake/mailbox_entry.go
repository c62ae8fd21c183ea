package intake

import (
	"net/http"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"integrity-portal/crypto"
	"integrity-portal/intake/captcha"
)

// mailboxEntryPage is the receipt entry form.
type mailboxEntryPage struct {
	Error     string      // message key about the receipt
	ErrorN    int         // the number Error speaks of (the digits typed), if it speaks of one
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

// receiptProblem says what is wrong with a receipt that does not parse, as a message key and the
// number it speaks of: nothing typed, characters that are not digits, or how many digits were typed.
// None of it depends on any case, so it helps no one guess.
func receiptProblem(typed string) (string, int) {
	digits, other := crypto.ReceiptTyping(typed)
	switch {
	case other:
		return "intake.mailbox.err_chars", 0
	case digits == 0:
		return "intake.mailbox.err_empty", 0
	case digits == 1:
		return "intake.mailbox.err_length_one", 1
	}
	return "intake.mailbox.err_length", digits
}

// receiptKeep bounds what is shown back: a receipt with its separators is some 30 characters.
const receiptKeep = 64

// keptReceipt is what was typed, as it can be shown back in the field: without control characters
// or broken bytes, and cut to receiptKeep characters, so that a pasted essay is not echoed whole.
func keptReceipt(typed string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToValidUTF8(typed, "") {
		if unicode.IsControl(r) {
			continue
		}
		if n++; n > receiptKeep {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}
