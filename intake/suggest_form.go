package intake

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/intake/captcha"
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
	Agencies  []agencyOption
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
	if p.Agencies, err = agencies(ctx, in.DB); err != nil {
		in.Site.Fail(c, err)
		return
	}
	p.Topics = suggestionTopics
	in.Site.Render(c, status, in.pages.suggest, "intake.suggest.title", p)
}
