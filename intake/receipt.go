package intake

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
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
	Due     promised
}

// promised are the deadlines the receipt and the report form tell the reporter, written from the
// officers' configured ones (Options.Deadlines) so that the promise is the one officers are held to.
type promised struct{ Acknowledge, Feedback, ActAccept, ActResult string }

// promised writes the configured deadlines in the request's language.
func (in *Intake) promised(c *gin.Context) promised {
	lang, cat, d := web.LangOf(c), in.Site.Catalogues(), in.Deadlines
	p := func(days int) string { return period(cat, lang, days) }
	return promised{p(d.Acknowledge), p(d.Feedback), p(d.ActAccept), p(d.ActResult)}
}

// period writes a number of days as the receipt says it: in months when it is a whole number of
// 30-day months (the defaults' 90 and 180 days read "3 months" and "6 months", as the office has
// always told reporters, and a month is never shorter than the 30 days counted), otherwise in days.
func period(cat i18n.Catalogues, lang i18n.Lang, days int) string {
	n, unit := days, "day"
	if days >= 30 && days%30 == 0 {
		n, unit = days/30, "month"
	}
	if n != 1 {
		unit += "s"
	}
	return cat.T(lang, "intake.period."+unit, n)
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
			receiptPage{Receipt: res.receipt.Grouped(), Kind: kind, Publish: publish, Files: res.files, Token: token,
				Due: in.promised(c)})
	}
}
