package admin

import (
	"bytes"
	"image/png"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"integrity-portal/crypto"
)

// enrolSecret returns the TOTP secret being enrolled in this session, making one on first use. It is
// kept sealed under the session's cookie key until the officer proves their app has it.
func (a *Admin) enrolSecret(c *gin.Context, o *SignedIn) (string, error) {
	if o.pending != nil {
		b, err := crypto.Open(o.pending, o.key.Identity())
		return string(b), err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: a.Issuer, AccountName: o.Username, Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", err
	}
	sealed, err := crypto.Seal([]byte(key.Secret()), o.key.Recipient())
	if err != nil {
		return "", err
	}
	if _, err := a.DB.Exec(c.Request.Context(), `UPDATE officer_sessions SET pending = $2 WHERE id_hash = $1`, o.idHash, sealed); err != nil {
		return "", err
	}
	return key.Secret(), nil
}

// enrolShow shows the QR code and the secret as text (GET /admin/login/enrol).
func (a *Admin) enrolShow(c *gin.Context) {
	o, ok := a.halfSession(c, "enrol")
	if !ok {
		return
	}
	secret, err := a.enrolSecret(c, o)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.Site.Render(c, http.StatusOK, a.pages.totp, "admin.enrol.title", totpPage{Enrol: true, Secret: groupSecret(secret)})
}

// enrolQR serves the enrolment QR code (GET /admin/login/enrol/qr.png).
func (a *Admin) enrolQR(c *gin.Context) {
	o, ok := a.halfSession(c, "enrol")
	if !ok {
		return
	}
	secret, err := a.enrolSecret(c, o)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	key, err := otp.NewKeyFromURL("otpauth://totp/" + urlPathEscape(a.Issuer) + ":" + urlPathEscape(o.Username) +
		"?secret=" + secret + "&issuer=" + urlQueryEscape(a.Issuer) + "&algorithm=SHA1&digits=6&period=30")
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	img, err := key.Image(240, 240)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	c.Data(http.StatusOK, "image/png", buf.Bytes())
}

// enrolSubmit checks a first code from the new app (POST /admin/login/enrol), then stores the secret
// sealed to the officer's own key and opens a full session.
func (a *Admin) enrolSubmit(c *gin.Context) {
	o, ok := a.halfSession(c, "enrol")
	if !ok {
		return
	}
	if o.pending == nil {
		c.Redirect(http.StatusSeeOther, "/admin/login/enrol")
		return
	}
	secret, err := a.enrolSecret(c, o)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	step := totpStep(secret, normaliseCode(c.PostForm("code")), time.Now())
	if step == 0 {
		a.Site.Render(c, http.StatusUnauthorized, a.pages.totp, "admin.enrol.title", totpPage{Enrol: true, Secret: groupSecret(secret), Error: "admin.totp.err_wrong"})
		return
	}
	sealed, err := crypto.Seal([]byte(secret), o.Identity.Recipient())
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	tag, err := a.DB.Exec(c.Request.Context(), `UPDATE officers SET totp_sealed = $2, totp_last_step = $3, failed_logins = 0 WHERE id = $1 AND totp_sealed IS NULL`, o.ID, sealed, step)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	if tag.RowsAffected() != 1 {
		// Another window enrolled first, with its own secret: that one is kept. This half-session is
		// spent; the officer signs in again and gives a code of the app that enrolled.
		if _, err := a.DB.Exec(c.Request.Context(), `DELETE FROM officer_sessions WHERE id_hash = $1`, o.idHash); err != nil {
			a.Site.Fail(c, err)
			return
		}
		a.Site.Render(c, http.StatusConflict, a.pages.login, "admin.login.title", loginPage{Username: o.Username, Error: "admin.enrol.err_raced"})
		return
	}
	if err := a.startSession(c, o.ID, o.Identity, "active"); err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "totp.enrolled", nil, nil)
	a.audit(c, &o.ID, "login", nil, nil)
	c.Redirect(http.StatusSeeOther, a.landing(o))
}

// groupSecret writes a base32 secret in groups of four, easier to type.
func groupSecret(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}
