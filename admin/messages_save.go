package admin

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/i18n"
)

// maxTemplate bounds a template, as the table does.
const maxTemplate = 2000

// messagesSave stores the edited templates (POST /admin/messages). A text equal to the catalogue's
// is not stored, so a later improvement of the default reaches it; all or nothing is saved.
func (a *Admin) messagesSave(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	input := map[string]messageTemplateRow{}
	for _, act := range templateActions() {
		input[act] = messageTemplateRow{Action: act,
			ZhTW: strings.TrimSpace(c.PostForm("zh_" + act)), En: strings.TrimSpace(c.PostForm("en_" + act))}
	}
	for _, act := range templateActions() {
		row := input[act]
		for field, text := range map[string]string{"zh_" + act: row.ZhTW, "en_" + act: row.En} {
			switch n := len([]rune(text)); {
			case n == 0:
				a.renderMessages(c, http.StatusBadRequest, messagesPage{Problem: "admin.messages.err_empty", Field: field}, input)
				return
			case n > maxTemplate:
				a.renderMessages(c, http.StatusBadRequest, messagesPage{Problem: "admin.messages.err_long", Field: field}, input)
				return
			}
		}
	}
	var changed []string
	err := pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		for _, act := range templateActions() {
			row := input[act]
			// Rows in one fixed order (not a map's): two saves at once then lock them in the same
			// order, and wait for each other instead of deadlocking.
			for _, t := range []struct {
				lang i18n.Lang
				text string
			}{{i18n.ZhTW, row.ZhTW}, {i18n.En, row.En}} {
				lang, text := t.lang, t.text
				if text == a.Site.Catalogues().T(lang, "admin.notice."+act) {
					tag, err := tx.Exec(ctx, `DELETE FROM message_templates WHERE action = $1 AND lang = $2`, act, lang.Code())
					if err != nil {
						return err
					}
					if tag.RowsAffected() > 0 {
						changed = append(changed, act+"/"+lang.Code())
					}
					continue
				}
				tag, err := tx.Exec(ctx, `INSERT INTO message_templates (action, lang, body, updated_by) VALUES ($1, $2, $3, $4)
					ON CONFLICT (action, lang) DO UPDATE SET body = $3, updated_by = $4, updated_at = now()
					WHERE message_templates.body <> $3`, act, lang.Code(), text, o.ID)
				if err != nil {
					return err
				}
				if tag.RowsAffected() > 0 {
					changed = append(changed, act+"/"+lang.Code())
				}
			}
		}
		if len(changed) == 0 {
			return nil
		}
		return Audit(ctx, tx, &o.ID, "messages.update", nil, map[string]any{"templates": changed})
	})
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/messages?saved=1")
}
