package admin

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/crypto"
)

// totpSubmit checks the code (POST /admin/login/totp) and, if right and unused, opens a full session.
func (a *Admin) totpSubmit(c *gin.Context) {
	o, ok := a.halfSession(c, "totp")
	if !ok {
		return
	}
	ctx := c.Request.Context()
	var sealed []byte
	if err := a.DB.QueryRow(ctx, `SELECT totp_sealed FROM officers WHERE id = $1`, o.ID).Scan(&sealed); err != nil {
		a.Site.Fail(c, err)
		return
	}
	secret, err := crypto.Open(sealed, o.Identity)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	step := totpStep(string(secret), normaliseCode(c.PostForm("code")), time.Now())
	if step == 0 {
		a.audit(c, &o.ID, "login.totp_failed", nil, nil)
		a.Site.Render(c, http.StatusUnauthorized, a.pages.totp, "admin.totp.title", totpPage{Error: "admin.totp.err_wrong"})
		return
	}
	fresh, err := a.useTOTPStep(ctx, o.ID, step)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	if !fresh {
		a.Site.Render(c, http.StatusUnauthorized, a.pages.totp, "admin.totp.title", totpPage{Error: "admin.totp.err_reused"})
		return
	}
	if err := a.startSession(c, o.ID, o.Identity, "active"); err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "login", nil, nil)
	c.Redirect(http.StatusSeeOther, landing(o))
}

// landing is where an officer starts after signing in: the case dashboard for those who work cases,
// the audit log for auditors, the imports for data officers, the accounts page for the system administrator.
func landing(o *SignedIn) string {
	switch {
	case hasAny(o, caseRoles):
		return "/admin"
	case o.Has("auditor"):
		return "/admin/audit"
	case o.Has("data"):
		return "/admin/procurement/uploads"
	case o.Has("sysadmin"):
		return "/admin/users"
	}
	return "/admin"
}

// normaliseCode accepts full-width digits and spaces, as typed on a Chinese keyboard.
func normaliseCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		}
		return -1
	}, s)
}
