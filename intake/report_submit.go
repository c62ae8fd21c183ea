package intake

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/intake/captcha"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/web"
)

// reportSubmit handles POST /report: captcha first, then the fields, then one transaction for the case
// and its files. Every failure re-renders the form with what was typed, or says what went wrong.
func (in *Intake) reportSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	form, values, ok := in.readForm(c, func(status int) {
		in.renderReport(c, status, reportPage{Errors: fieldErrors{"form": "intake.err.form"}})
	})
	if !ok {
		return
	}
	var f reportForm
	decodeForm(values, &f)
	page := reportPage{Form: f, Errors: fieldErrors{}, FilesLost: form.next != nil}

	if values["action"] == "refresh_captcha" {
		drain(c.Request)
		in.renderReport(c, http.StatusOK, page)
		return
	}
	if !in.checkCaptcha(c, values, page.Errors) {
		drain(c.Request)
		in.renderReport(c, http.StatusBadRequest, page)
		return
	}
	readProblems(form, page.Errors)
	validationErrors(formValidator.Struct(f), page.Errors)
	agencyID, agencyName, agencyOK, err := parseAgency(ctx, in.DB, f.Agency)
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	if !agencyOK && page.Errors["agency"] == "" {
		page.Errors["agency"] = "intake.err.choose"
	}
	if agencyID == nil && f.AgencyOther != "" {
		agencyName = f.AgencyOther
	}
	if len(page.Errors) > 0 {
		drain(c.Request)
		in.renderReport(c, http.StatusBadRequest, page)
		return
	}

	s := submission{
		meta: cases.NewCase{Kind: cases.KindReport, Category: f.Category, AgencyID: agencyID,
			WhistleblowerAct: f.WhistleblowerAct, Channel: in.channel(c)},
		entryKind: cases.EntryReport,
		content: cases.ReportContent{Category: f.Category, Agency: agencyName, What: f.What, Who: f.Who, When: f.When,
			Where: f.Where, HowKnown: f.HowKnown, ReportedElsewhere: f.ReportedElsewhere,
			ElsewhereDetail: f.ElsewhereDetail, WhistleblowerAct: f.WhistleblowerAct},
	}
	if f.Name != "" || f.Contact != "" {
		s.identity = cases.IdentityContent{Name: f.Name, Contact: f.Contact}
	}
	res, err := in.submit(ctx, form, s)
	if err != nil {
		in.submitFailed(c, err, func(status int, key, file string) {
			page.Errors["files"], page.FileError, page.FilesLost = key, file, true
			in.renderReport(c, status, page)
		})
		return
	}
	in.renderReceipt(c, res, cases.KindReport)
}

// readForm opens the multipart form and reads its text fields. On a broken or oversized body it
// answers itself (413 page, or the form again via rerender) and returns ok=false.
func (in *Intake) readForm(c *gin.Context, rerender func(status int)) (*formReader, map[string]string, bool) {
	form, err := newFormReader(c.Request)
	if err != nil {
		rerender(http.StatusBadRequest)
		return nil, nil, false
	}
	if err := form.readFields(); err != nil {
		if web.TooLarge(err) {
			in.Site.Error(c, http.StatusRequestEntityTooLarge)
			return nil, nil, false
		}
		drain(c.Request)
		rerender(http.StatusBadRequest)
		return nil, nil, false
	}
	return form, form.values, true
}

// checkCaptcha verifies the captcha fields; a wrong or missing answer is a field error.
func (in *Intake) checkCaptcha(c *gin.Context, values map[string]string, errs fieldErrors) bool {
	ok, err := captcha.Verify(c.Request.Context(), in.DB, values["captcha_id"], values["captcha"])
	if err != nil {
		in.Logger.Error("captcha check failed", "err", err)
	}
	if !ok {
		if values["captcha"] == "" {
			errs["captcha"] = "intake.err.captcha_missing"
		} else {
			errs["captcha"] = "intake.err.captcha"
		}
	}
	return ok
}

// submitFailed answers a failed submission: a file problem goes back to the form (fileProblem), an
// oversized body gets the 413 page, a timeout its own page, anything else the 500 page. In every case
// the transaction was rolled back, so nothing of the submission is stored.
func (in *Intake) submitFailed(c *gin.Context, err error, fileProblem func(status int, key, file string)) {
	var fe *fileError
	switch {
	case errors.As(err, &fe):
		drain(c.Request)
		status := http.StatusRequestEntityTooLarge
		if fe.Key == "intake.file_type" || fe.Key == "intake.file_damaged" || fe.Key == "intake.file_empty" {
			status = http.StatusUnsupportedMediaType
		}
		fileProblem(status, fe.Key, fe.Name)
	case web.TooLarge(err):
		in.Site.Error(c, http.StatusRequestEntityTooLarge)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		// Out of time, or the reporter went away (then nobody reads this answer).
		in.Site.Error(c, http.StatusRequestTimeout)
	default:
		in.Site.Fail(c, err)
	}
}

// channel tells whether the submission came through the onion service (the onion proxy sets Host to
// the .onion name), kept as a statistic, not as anything identifying.
func (in *Intake) channel(c *gin.Context) string {
	if h := c.Request.Host; len(h) > 6 && h[len(h)-6:] == ".onion" {
		return "onion"
	}
	return "web"
}
