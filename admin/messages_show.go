package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/i18n"
)

// messageTemplateRow is one action's reporter message in both languages.
type messageTemplateRow struct {
	Action string
	ZhTW   string
	En     string
}

type messagesPage struct {
	Rows    []messageTemplateRow
	Saved   bool
	Problem string // message key of what to fix
	Field   string // the field id it concerns
}

// messagesShow lets a supervisor edit the messages reporters get with each change they see
// (GET /admin/messages).
func (a *Admin) messagesShow(c *gin.Context) {
	a.renderMessages(c, http.StatusOK, messagesPage{Saved: c.Query("saved") == "1"}, nil)
}

// renderMessages shows the stored templates, or the officer's unsaved input when it has a problem.
func (a *Admin) renderMessages(c *gin.Context, status int, p messagesPage, input map[string]messageTemplateRow) {
	ctx := c.Request.Context()
	zh, err := a.messageTemplates(ctx, a.DB, i18n.ZhTW)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	en, err := a.messageTemplates(ctx, a.DB, i18n.En)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	for _, act := range templateActions() {
		row := messageTemplateRow{Action: act, ZhTW: zh[act], En: en[act]}
		if in, ok := input[act]; ok {
			row = in
		}
		p.Rows = append(p.Rows, row)
	}
	a.Site.Render(c, status, a.pages.messages, "admin.messages.title", p)
}
