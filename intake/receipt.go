package intake

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/internal/cases"
)

// receiptPage shows the receipt once, with what happens next and what was stripped from the files.
type receiptPage struct {
	Receipt string
	Kind    string
	Files   []cases.AttachmentMeta
}

// receiptRenderer renders the answer to a successful submission, before its transaction commits. The
// receipt is in this response's body only: it is never stored, put in a URL, or cached (every intake
// page is Cache-Control: no-store).
func (in *Intake) receiptRenderer(c *gin.Context, kind string) func(submitted) ([]byte, error) {
	return func(res submitted) ([]byte, error) {
		return in.Site.Prerender(c, in.pages.receipt, "intake.receipt.title",
			receiptPage{Receipt: res.receipt.Grouped(), Kind: kind, Files: res.files})
	}
}
