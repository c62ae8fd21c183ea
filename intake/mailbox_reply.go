package intake

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
)

type replyForm struct {
	Message string `form:"message" validate:"max=10000"`
}

// mailboxReply adds the reporter's message and files to the case (POST /mailbox/reply): the files
// are received into spools first, then one transaction writes the message and the files.
func (in *Intake) mailboxReply(c *gin.Context) {
	ctx := c.Request.Context()
	caseID, mailbox, err := in.session(c)
	if errors.Is(err, errNoSession) {
		drain(c.Request)
		c.Redirect(http.StatusSeeOther, "/mailbox")
		return
	}
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	form, values, ok := in.readForm(c, func(status int) {
		in.renderMailbox(c, status, mailboxPage{Errors: fieldErrors{"message": "intake.err.form"}})
	})
	if !ok {
		return
	}
	var f replyForm
	decodeForm(values, &f)
	errs := fieldErrors{}
	readProblems(form, errs)
	validationErrors(formValidator.Struct(f), errs)
	if f.Message == "" && form.next == nil && errs["message"] == "" {
		errs["message"] = "intake.err.reply_empty"
	}
	if len(errs) > 0 {
		drain(c.Request)
		in.renderMailbox(c, http.StatusBadRequest, mailboxPage{Errors: errs, Message: f.Message})
		return
	}
	busy := mailboxPage{Errors: fieldErrors{}, Message: f.Message}
	release, ok := in.uploadSlot(c, busy.Errors, "message", func(status int) { in.renderMailbox(c, status, busy) })
	if !ok {
		return
	}
	defer release()
	files, err := receiveFiles(form, mailbox.Recipient(), &fileBudget{perFile: in.FileMax, total: in.TotalMax})
	if err == nil {
		defer files.Close()
		err = pgx.BeginFunc(ctx, in.writeDB(), func(tx pgx.Tx) error {
			text, _ := json.Marshal(cases.MessageContent{Text: f.Message})
			entryID, err := cases.AddEntry(ctx, tx, caseID, cases.EntryMessage, cases.AuthorReporter, "mailbox", text)
			if err != nil {
				return err
			}
			return writeFiles(ctx, tx, caseID, entryID, files)
		})
	}
	if err != nil {
		in.submitFailed(c, err, func(status int, key, file string) {
			in.renderMailbox(c, status, mailboxPage{Errors: fieldErrors{"files": key}, FileError: file, Message: f.Message})
		})
		return
	}
	c.Redirect(http.StatusSeeOther, "/mailbox/case?sent=reply")
}
