package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// rolesPage lists the accounts whose case roles await a supervisor's approval.
type rolesPage struct {
	Pending []pendingRow
	Done    bool   // an approval was just recorded
	Refusal string // message key of a refused approval
}

type pendingRow struct {
	PendingAccount
	CanApprove bool
	Why        string // message key: why this supervisor may not approve it
}

// rolesList shows supervisors the accounts awaiting approval (GET /admin/roles).
func (a *Admin) rolesList(c *gin.Context) {
	a.renderRoles(c, http.StatusOK, rolesPage{Done: c.Query("done") == "1"})
}

func (a *Admin) renderRoles(c *gin.Context, status int, p rolesPage) {
	ctx := c.Request.Context()
	o := officer(c)
	list, err := PendingAccounts(ctx, a.DB)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	var approved bool
	if err := a.DB.QueryRow(ctx, `SELECT roles_approved_at IS NOT NULL FROM officers WHERE id = $1`, o.ID).Scan(&approved); err != nil {
		a.Site.Fail(c, err)
		return
	}
	for _, acc := range list {
		row := pendingRow{PendingAccount: acc}
		switch {
		case !approved:
			row.Why = "admin.roles.why_unapproved"
		case acc.ID == o.ID:
			row.Why = "admin.roles.why_own"
		case acc.ChangedByID != nil && *acc.ChangedByID == o.ID:
			row.Why = "admin.roles.why_changer"
		default:
			row.CanApprove = true
		}
		p.Pending = append(p.Pending, row)
	}
	a.Site.Render(c, status, a.pages.roles, "admin.roles.title", p)
}
