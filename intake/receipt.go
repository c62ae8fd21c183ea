package intake

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/cases"
)

// receiptPage shows the receipt once, with what happens next and what was stripped from the files.
type receiptPage struct {
	Receipt string
	Kind    string
	Files   []cases.AttachmentMeta
}

// renderReceipt answers a successful submission. The receipt is in this response's body only: it is
// never stored, put in a URL, or cached (every intake page is Cache-Control: no-store).
func (in *Intake) renderReceipt(c *gin.Context, res submitted, kind string) {
	in.Site.Render(c, http.StatusOK, in.pages.receipt, "intake.receipt.title",
		receiptPage{Receipt: res.receipt.Grouped(), Kind: kind, Files: res.files})
}
