package intake

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/web"
)

// suggestSubmit handles POST /suggest the way reports are handled: captcha, fields, one transaction,
// a receipt for the mailbox.
func (in *Intake) suggestSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	form, values, ok := in.readForm(c, func(status int) {
		in.renderSuggest(c, status, suggestPage{Errors: fieldErrors{"form": "intake.err.form"}})
	})
	if !ok {
		return
	}
	var f suggestForm
	decodeForm(values, &f)
	page := suggestPage{Form: f, Errors: fieldErrors{}}
	agencyID, agencyName, ok := in.checkForm(c, form, values, &f, f.Agency, page.Errors, &page.humanCheck, func(status int) {
		drain(c.Request)
		in.renderSuggest(c, status, page)
	})
	if !ok {
		return
	}
	release, ok := in.uploadSlot(c, page.Errors, "form", func(status int) { in.renderSuggest(c, status, page) })
	if !ok {
		return
	}
	defer release()
	s := submission{
		meta: cases.NewCase{Kind: cases.KindSuggestion, Category: f.Topic, AgencyID: agencyID,
			PublicationConsent: f.Publish, Channel: in.channel(c), Lang: web.LangOf(c)},
		entryKind: cases.EntrySuggestion,
		content:   cases.SuggestionContent{Topic: f.Topic, Agency: agencyName, Text: f.Text, Publish: f.Publish},
	}
	if f.Name != "" || f.Contact != "" {
		s.identity = cases.IdentityContent{Name: f.Name, Contact: f.Contact}
	}
	drainFiles := form // a suggestion has no file input; anything sent as a file is refused
	if part, err := drainFiles.nextFile(); err != nil || part != nil {
		drain(c.Request)
		page.Errors["form"] = "intake.err.form"
		in.renderSuggest(c, http.StatusBadRequest, page)
		return
	}
	receipt, err := in.submit(ctx, nil, s, in.receiptRenderer(c, cases.KindSuggestion, f.Publish))
	if errors.Is(err, crypto.ErrBusy) {
		in.busyForm(c, page.Errors, func(status int) { in.renderSuggest(c, status, page) })
		return
	}
	if err != nil {
		in.submitFailed(c, err, func(int, string, string) {})
		return
	}
	in.Site.WritePage(c, http.StatusOK, receipt)
}
