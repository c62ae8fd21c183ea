package intake

import (
	"context"
	"errors"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"integrity-portal/crypto"
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
	page := reportPage{Form: f, Errors: fieldErrors{}}
	held, lost, err := in.loadHeld(c, values["held"])
	if err != nil {
		drain(c.Request)
		in.Site.Fail(c, err)
		return
	}
	page.Held, page.HeldLost = held, lost
	// The form coming back keeps the files sent with it (held_files.go), whatever sent it back.
	comeBack := func(status int) {
		in.keepFiles(c, form, &page)
		in.renderReport(c, status, page)
	}
	if i, ok := removeIndex(values["action"], len(held)); ok {
		// Removing a file checks nothing, but a pass sent with it is spent and made again.
		if values[passField] != "" {
			in.checkPass(c, values, page.Errors, &page.humanCheck)
		}
		if err := dropHeld(ctx, in.DB, held[i:i+1]); err != nil {
			drain(c.Request)
			in.Site.Fail(c, err)
			return
		}
		page.Held = append(held[:i:i], held[i+1:]...)
		comeBack(http.StatusOK)
		return
	}

	agencyID, agencyName, ok := in.checkForm(c, form, values, &f, f.Agency, page.Errors, &page.humanCheck, comeBack)
	if !ok {
		return
	}
	release, ok := in.uploadSlot(c, page.Errors, "form", func(status int) {
		page.FilesLost = form.next != nil
		in.renderReport(c, status, page)
	})
	if !ok {
		return
	}
	defer release()
	if agencyID == nil && f.AgencyOther != "" {
		agencyName = f.AgencyOther
	}

	s := submission{
		meta: cases.NewCase{Kind: cases.KindReport, Category: f.Category, AgencyID: agencyID,
			WhistleblowerAct: f.WhistleblowerAct, Channel: in.channel(c), Lang: web.LangOf(c)},
		entryKind: cases.EntryReport,
		content: cases.ReportContent{Category: f.Category, Agency: agencyName, What: f.What, Who: f.Who, When: f.When,
			Where: f.Where, HowKnown: f.HowKnown, ReportedElsewhere: f.ReportedElsewhere,
			ElsewhereDetail: f.ElsewhereDetail, WhistleblowerAct: f.WhistleblowerAct},
	}
	if f.Name != "" || f.Contact != "" {
		s.identity = cases.IdentityContent{Name: f.Name, Contact: f.Contact}
	}
	s.held = page.Held
	receipt, err := in.submit(ctx, form, s, in.receiptRenderer(c, cases.KindReport, false))
	if errors.Is(err, crypto.ErrBusy) {
		in.busyForm(c, page.Errors, func(status int) { in.renderReport(c, status, page) })
		return
	}
	if err != nil {
		in.submitFailed(c, err, func(status int, key, file string) {
			page.Errors["files"], page.FileError, page.FilesLost = key, file, true
			in.renderReport(c, status, page)
		})
		return
	}
	in.Site.WritePage(c, http.StatusOK, receipt)
}

// checkForm runs what both intake forms check, in one pass so that the reporter hears of every
// problem at once: a request for a new captcha, the captcha itself (or the pass of one answered
// before, captcha_pass.go), what reading the fields found, the validation rules, and the agency. A
// wrong captcha is one error among the others, never a reason to skip them; a right one makes the
// form, if it comes back, carry a pass in h. No file is read for the case before all of this has
// passed. On any problem it renders the form again through rerender, which reads or drains the rest
// of the body, and returns ok=false; otherwise it returns the agency (nil for "other") and its name.
func (in *Intake) checkForm(c *gin.Context, form *formReader, values map[string]string, f any, agency string, errs fieldErrors, h *humanCheck, rerender func(status int)) (*int, string, bool) {
	if values["action"] == "refresh_captcha" {
		rerender(http.StatusOK)
		return nil, "", false
	}
	in.checkHuman(c, values, errs, h)
	readProblems(form, errs)
	validationErrors(formValidator.Struct(f), errs)
	agencyID, agencyName, agencyOK, err := parseAgency(c.Request.Context(), in.DB, agency)
	if err != nil {
		drain(c.Request)
		in.Site.Fail(c, err)
		return nil, "", false
	}
	if !agencyOK && errs["agency"] == "" {
		errs["agency"] = "intake.err.choose"
	}
	if len(errs) > 0 {
		rerender(http.StatusBadRequest)
		return nil, "", false
	}
	return agencyID, agencyName, true
}

// readForm opens the multipart form and reads its text fields. On a broken body it renders the
// form again via rerender (400); past a cap it answers 413 at once, without reading further.
func (in *Intake) readForm(c *gin.Context, rerender func(status int)) (*formReader, map[string]string, bool) {
	form, err := newFormReader(c.Request)
	if err != nil {
		rerender(http.StatusBadRequest)
		return nil, nil, false
	}
	if err := form.readFields(); err != nil {
		in.submitFailed(c, err, func(status int, _, _ string) { rerender(status) })
		return nil, nil, false
	}
	return form, form.values, true
}

// busyForm answers a submission whose receipt KDF found no room in the memory budget: nothing was
// stored, and the form comes back with what was typed, as 503 with Retry-After.
func (in *Intake) busyForm(c *gin.Context, errs fieldErrors, rerender func(status int)) {
	drain(c.Request)
	web.RetryAfter(c, in.Memory.Wait())
	errs["form"] = "intake.err.busy"
	rerender(http.StatusServiceUnavailable)
}

// uploadSlot takes one of the slots of uploads in flight, once the request has proved itself (the
// captcha, or the mailbox session). Without one it renders the form again at once (503, Retry-After,
// what was typed kept, errs[field] saying to come back in a minute) and returns ok=false; the body is
// left unread, as waiting on it is what the slots bound.
func (in *Intake) uploadSlot(c *gin.Context, errs fieldErrors, field string, rerender func(status int)) (release func(), ok bool) {
	if release, ok = in.Site.UploadSlot(); ok {
		return release, true
	}
	web.RetryAfter(c, web.UploadsRetry)
	errs[field] = "intake.err.uploads_busy"
	rerender(http.StatusServiceUnavailable)
	return nil, false
}

// checkCaptcha verifies the captcha fields; a wrong or missing answer is a field error.
func (in *Intake) checkCaptcha(c *gin.Context, values map[string]string, errs fieldErrors) bool {
	ok, err := captcha.Verify(c.Request.Context(), in.DB, values["captcha_id"], values["captcha"])
	if err != nil {
		in.Logger.Error("captcha check failed", "err", web.SafeError(err))
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

// submitFailed answers a failed submission: a file problem or a broken body goes back to the form
// (fileProblem), a body past a cap gets the 413 page at once, a timeout its own page, anything else
// the 500 page. In every case the transaction, if any, was rolled back: nothing of it is stored.
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
	case web.TooLarge(err), errors.Is(err, errFormTooLarge):
		in.Site.Error(c, http.StatusRequestEntityTooLarge)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled), errors.Is(err, os.ErrDeadlineExceeded):
		// Out of time, or the reporter went away (then nobody reads this answer).
		in.Site.Error(c, http.StatusRequestTimeout)
	case errors.Is(err, errMalformed):
		fileProblem(http.StatusBadRequest, "intake.err.form", "")
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
