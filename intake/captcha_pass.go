package intake

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/intake/captcha"
	"integrity-portal/internal/web"
)

// humanCheck is what the report and suggestion forms carry to show that a person sends them: a
// captcha to answer or, once one was answered right and the form came back for another field, a
// pass (captcha/pass.go), so that fixing the field costs no second captcha.
type humanCheck struct {
	CaptchaID string // the challenge shown
	Pass      string // or the pass carried instead
	// passed: this request answered the captcha right or used a pass. Either is spent by now, so
	// the form, if it comes back, carries a new pass.
	passed bool
}

// passField is the form's hidden field that carries a pass.
const passField = "captcha_pass"

// checkHuman checks the form's pass when it carries one, otherwise its captcha.
func (in *Intake) checkHuman(c *gin.Context, values map[string]string, errs fieldErrors, h *humanCheck) {
	if values[passField] == "" {
		h.passed = in.checkCaptcha(c, values, errs)
		return
	}
	in.checkPass(c, values, errs, h)
}

// checkPass uses up the form's pass. One that is not valid (used, expired, forged) is a captcha
// error, and the form comes back with a captcha.
func (in *Intake) checkPass(c *gin.Context, values map[string]string, errs fieldErrors, h *humanCheck) {
	ok, err := captcha.RedeemPass(c.Request.Context(), in.DB, values[passField])
	if err != nil {
		in.Logger.Error("captcha pass check failed", "err", web.SafeError(err))
	}
	if h.passed = ok; !ok {
		errs["captcha"] = "intake.err.pass"
	}
}

// challenge makes what the form shows: a new pass when this request passed the check, else a new
// captcha.
func (in *Intake) challenge(c *gin.Context, h *humanCheck) (err error) {
	if h.passed {
		h.CaptchaID = ""
		h.Pass, err = captcha.NewPass(c.Request.Context(), in.DB)
		return err
	}
	h.Pass = ""
	h.CaptchaID, err = captcha.New(c.Request.Context(), in.DB)
	return err
}
