package intake

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/intake/captcha"
	"integrity-portal/internal/web"
)

// pageSet holds the intake's page templates, looked up when routes are registered.
type pageSet struct {
	report, receipt, receiptKept, suggest, mailboxEntry, mailboxCase, answers *web.PageTemplate
}

// Routes lists every intake route.
func (in *Intake) Routes(r gin.IRouter) {
	s := in.Site
	in.pages = pageSet{
		report:       s.Page("intake/report"),
		receipt:      s.Page("intake/receipt"),
		receiptKept:  s.Page("intake/receipt_kept"),
		suggest:      s.Page("intake/suggest"),
		mailboxEntry: s.Page("intake/mailbox_entry"),
		mailboxCase:  s.Page("intake/mailbox_case"),
		answers:      s.Page("intake/answers"),
	}
	// The hard body cap is twice the files' total: a submission just over the total still streams
	// in, so the budget can refuse it with the form and its text kept, instead of a bare 413.
	upload := web.Limits{MaxBody: 2*in.TotalMax + 1<<20, Timeout: in.UploadTimeout}
	s.SetLimits("/report", upload)
	s.SetLimits("/mailbox/reply", upload)

	r.GET("/report", in.reportShow)
	r.POST("/report", in.reportSubmit)
	r.GET("/suggest", in.suggestShow)
	r.POST("/suggest", in.suggestSubmit)
	r.GET("/suggest/answers", in.answersShow)
	r.POST("/receipt/confirm", in.receiptConfirm)
	r.GET("/captcha/:file", captcha.Handler(in.DB))
	r.GET("/mailbox", in.mailboxEntry)
	r.POST("/mailbox", in.mailboxOpen)
	r.GET("/mailbox/case", in.mailboxShow)
	r.POST("/mailbox/reply", in.mailboxReply)
	r.POST("/mailbox/identity", in.mailboxIdentity)
	r.POST("/mailbox/logout", in.mailboxLogout)
}
