package admin

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
)

// caseReply writes to the reporter (POST /admin/cases/:id/reply); they read it in /mailbox.
func (a *Admin) caseReply(c *gin.Context) {
	a.caseWrite(c, "mailbox", cases.EntryMessage, "case.reply")
}

// caseNote adds an internal note (POST /admin/cases/:id/note), sealed to the internal key.
func (a *Admin) caseNote(c *gin.Context) { a.caseWrite(c, "internal", "note", "case.note") }

func (a *Admin) caseWrite(c *gin.Context, key, kind, action string) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	if !ok {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	text := strings.TrimSpace(c.PostForm("text"))
	kept := keptForm{Reply: text}
	if kind == "note" {
		kept = keptForm{Note: text, Action: "note"}
	}
	switch {
	case text == "" || len([]rune(text)) > 20000:
		a.refusedOnCase(c, caseID, formProblem{"admin.act.err_message"}, kept)
		return
	case key == "mailbox" && unfilledBlank(text) != "":
		a.refusedOnCase(c, caseID, blankLeft{unfilledBlank(text)}, kept)
		return
	}
	err := pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if _, err := lockCase(ctx, tx, caseID, o.ID); err != nil {
			return err
		}
		b, _ := json.Marshal(cases.MessageContent{Text: text})
		sealed, err := cases.SealFor(ctx, tx, caseID, key, b)
		if err != nil {
			return err
		}
		if _, err := cases.AddSealedEntry(ctx, tx, caseID, kind, cases.AuthorOfficer, key, &o.ID, sealed); err != nil {
			return err
		}
		return Audit(ctx, tx, &o.ID, action, &caseID, nil)
	})
	a.afterAction(c, caseID, err, action)
}
