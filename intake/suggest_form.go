package intake

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/intake/captcha"
	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
)

// suggestForm is a reform suggestion as typed.
type suggestForm struct {
	Topic   string `form:"topic" validate:"required,oneof=integrity efficiency procurement service other"`
	Agency  string `form:"agency" validate:"required"`
	Text    string `form:"suggestion" validate:"required,max=10000"`
	Name    string `form:"name" validate:"max=200"`
	Contact string `form:"contact" validate:"max=500"`
	Publish bool   `form:"publish"`
}

type suggestPage struct {
	Form      suggestForm
	Errors    fieldErrors
	CaptchaID string
	Topics    []string
	Agencies  []agencyChoice
}

// suggestShow renders the empty suggestion form (GET /suggest).
func (in *Intake) suggestShow(c *gin.Context) {
	in.renderSuggest(c, http.StatusOK, suggestPage{})
}

func (in *Intake) renderSuggest(c *gin.Context, status int, p suggestPage) {
	ctx := c.Request.Context()
	var err error
	if p.CaptchaID, err = captcha.New(ctx, in.DB); err != nil {
		in.Site.Fail(c, err)
		return
	}
	list, err := in.agencies.get(ctx, in.DB)
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	p.Agencies = agencyChoices(list, web.LangOf(c) == i18n.En, p.Form.Agency)
	p.Topics = suggestionTopics
	in.Site.Render(c, status, in.pages.suggest, "intake.suggest.title", p)
}
