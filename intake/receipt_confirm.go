package intake

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// receiptKeptPage is the next step once the reporter has shown they kept the receipt.
type receiptKeptPage struct {
	Kind    string
	Publish bool
	Due     promised
}

// receiptConfirm checks the receipt's last four digits typed on the receipt page (POST
// /receipt/confirm). Right: the next step. Wrong: the receipt page again, with the receipt, what was
// typed and why. A forged or expired form: a page that says so, without any receipt.
func (in *Intake) receiptConfirm(c *gin.Context) {
	t, err := in.openReceipt(c.PostForm("token"))
	if errors.Is(err, errReceiptToken) {
		in.Site.Render(c, http.StatusBadRequest, in.pages.receiptKept, "intake.receipt.expired_title", receiptKeptPage{})
		return
	}
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	typed := c.PostForm("last4")
	if r := []rune(typed); len(r) > 40 {
		typed = string(r[:40])
	}
	digits, ok := lastFour(typed)
	if ok && digits == string(t.Receipt[len(t.Receipt)-4:]) {
		in.Site.Render(c, http.StatusOK, in.pages.receiptKept, "intake.receipt.kept_title", receiptKeptPage{Kind: t.Kind, Publish: t.Publish, Due: in.promised(c)})
		return
	}
	token, err := in.sealReceipt(t)
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	p := receiptPage{Receipt: t.Receipt.Grouped(), Kind: t.Kind, Publish: t.Publish, Token: token,
		Error: "intake.receipt.confirm_wrong", Typed: printable(typed), Due: in.promised(c)}
	if !ok {
		p.Error = "intake.receipt.confirm_digits"
	}
	in.Site.Render(c, http.StatusBadRequest, in.pages.receipt, "intake.receipt.title", p)
}
