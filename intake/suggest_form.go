package intake

import (
	"net/http"

	"github.com/gin-gonic/gin"
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
	Form     suggestForm
	Errors   fieldErrors
	Topics   []string
	Agencies []agencyChoice
	humanCheck
}

// suggestOrder is the order of the suggestion form's fields on the page, for its error summary.
var suggestOrder = []string{"form", "topic", "agency", "suggestion", "publish", "name", "contact", "captcha"}

// ErrorList is the error summary, in the order of the fields on the page.
func (p suggestPage) ErrorList() []errorItem { return p.Errors.list(suggestOrder, nil, "") }

// suggestShow renders the empty suggestion form (GET /suggest).
func (in *Intake) suggestShow(c *gin.Context) {
	in.renderSuggest(c, http.StatusOK, suggestPage{})
}

func (in *Intake) renderSuggest(c *gin.Context, status int, p suggestPage) {
	var err error
	if p.Agencies, err = in.formChoices(c, &p.humanCheck, p.Form.Agency); err != nil {
		in.Site.Fail(c, err)
		return
	}
	p.Topics = suggestionTopics
	in.Site.Render(c, status, in.pages.suggest, "intake.suggest.title", p)
}
