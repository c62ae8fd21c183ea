package intake

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/internal/cases"
)

// receiptPage shows the receipt, with what happens next, what was stripped from the files, and the
// form that asks for its last four digits before letting the reporter go.
type receiptPage struct {
	Receipt string
	Kind    string
	Publish bool // a suggestion whose answer may be published
	Files   []cases.AttachmentMeta
	Token   string // the confirmation form's sealed receipt (receipt_token.go)
	Error   string // message key: the digits typed were not the last four
	Typed   string // what was typed, shown again
}

// receiptRenderer renders the answer to a successful submission, before its transaction commits. The
// receipt is in this response's body only: it is never stored, put in a URL, or cached (every intake
// page is Cache-Control: no-store).
func (in *Intake) receiptRenderer(c *gin.Context, kind string, publish bool) func(submitted) ([]byte, error) {
	return func(res submitted) ([]byte, error) {
		token, err := in.sealReceipt(receiptToken{Receipt: res.receipt, Kind: kind, Publish: publish})
		if err != nil {
			return nil, err
		}
		return in.Site.Prerender(c, in.pages.receipt, "intake.receipt.title",
			receiptPage{Receipt: res.receipt.Grouped(), Kind: kind, Publish: publish, Files: res.files, Token: token})
	}
}
