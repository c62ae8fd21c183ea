package intake

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
)

// reportForm is the report as typed. Field tags name the inputs; validation tags the rules.
type reportForm struct {
	Category          string `form:"category" validate:"required,oneof=corruption procurement ethics maladministration leak other"`
	Agency            string `form:"agency" validate:"required"`
	AgencyOther       string `form:"agency_other" validate:"max=100"`
	What              string `form:"what" validate:"required,max=20000"`
	Who               string `form:"who" validate:"max=2000"`
	When              string `form:"when" validate:"max=500"`
	Where             string `form:"where" validate:"max=500"`
	HowKnown          string `form:"how_known" validate:"max=2000"`
	ReportedElsewhere string `form:"reported_elsewhere" validate:"omitempty,oneof=no yes"`
	ElsewhereDetail   string `form:"elsewhere_detail" validate:"max=500"`
	WhistleblowerAct  bool   `form:"whistleblower_act"`
	Name              string `form:"name" validate:"max=200"`
	Contact           string `form:"contact" validate:"max=500"`
}

// reportPage is what the report form template shows.
type reportPage struct {
	Form      reportForm
	Errors    fieldErrors
	FileError string // the file named in a file error
	FilesLost bool   // files were sent and must be chosen again
	Held      []heldFile
	HeldLost  bool // some files held earlier are gone (expired, or this browser cannot open them)
	humanCheck
	Categories []string
	Agencies   []agencyChoice
	FileMaxMB  int64
	TotalMaxMB int64
	Due        promised // the Whistleblower Act's notices, in the checkbox's hint
}

// reportOrder is the order of the report form's fields on the page, for its error summary.
var reportOrder = []string{"form", "category", "agency", "agency_other", "what", "who", "when", "where", "how_known",
	"reported_elsewhere", "elsewhere_detail", "whistleblower_act", "name", "contact", "files", "captcha"}

// ErrorList is the error summary, in the order of the fields on the page.
func (p reportPage) ErrorList() []errorItem {
	return p.Errors.list(reportOrder, map[string]string{"reported_elsewhere": "elsewhere-no"}, p.FileError)
}

// HeldTokens is the hidden field that names the held files.
func (p reportPage) HeldTokens() string { return heldTokens(p.Held) }

// reportShow renders the empty report form (GET /report).
func (in *Intake) reportShow(c *gin.Context) {
	in.renderReport(c, http.StatusOK, reportPage{})
}

// renderReport renders the form with a fresh captcha (or a pass, captcha_pass.go), keeping what the
// reporter typed.
func (in *Intake) renderReport(c *gin.Context, status int, p reportPage) {
	var err error
	if p.Agencies, err = in.formChoices(c, &p.humanCheck, p.Form.Agency); err != nil {
		in.Site.Fail(c, err)
		return
	}
	p.Categories = reportCategories
	p.FileMaxMB, p.TotalMaxMB = in.FileMax>>20, in.TotalMax>>20
	p.Due = in.promised(c)
	in.Site.Render(c, status, in.pages.report, "intake.report.title", p)
}

// formChoices makes what every intake form shows fresh: a new captcha challenge, or a new pass when
// this request passed the check (captcha_pass.go), and the agency list in the reader's language with
// chosen selected.
func (in *Intake) formChoices(c *gin.Context, h *humanCheck, chosen string) ([]agencyChoice, error) {
	if err := in.challenge(c, h); err != nil {
		return nil, err
	}
	list, err := in.agencies.get(c.Request.Context(), in.DB)
	if err != nil {
		return nil, err
	}
	return agencyChoices(list, web.LangOf(c) == i18n.En, chosen), nil
}
