package admin

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

const officerKey = "officer"

// Policy names who may use a route: any of Roles, after a full sign-in. An empty Roles means any
// signed-in officer. Case content is further limited by grants, in each query.
type Policy struct {
	Roles []string
	// passwordChange marks the routes an officer with a one-time password may still use.
	passwordChange bool
}

// require is the middleware for a policy: no session sends the browser to sign in; a session without
// one of the roles gets the 403 page.
func (a *Admin) require(p Policy) gin.HandlerFunc {
	return func(c *gin.Context) {
		o, err := a.session(c)
		if errors.Is(err, errNoSession) || err == nil && o.stage != "active" {
			if c.Request.Method == http.MethodGet {
				c.Redirect(http.StatusSeeOther, "/admin/login")
				c.Abort()
				return
			}
			a.Site.Error(c, http.StatusUnauthorized)
			return
		}
		if err != nil {
			a.Site.Fail(c, err)
			return
		}
		if o.mustChange && !p.passwordChange {
			// A one-time password from the administrator is changed before anything else.
			if c.Request.Method == http.MethodGet {
				c.Redirect(http.StatusSeeOther, "/admin/password")
				c.Abort()
				return
			}
			a.Site.Error(c, http.StatusForbidden)
			return
		}
		if len(p.Roles) > 0 && !hasAny(o, p.Roles) {
			a.Site.Error(c, http.StatusForbidden)
			return
		}
		c.Set(officerKey, o)
		c.Next()
	}
}

func hasAny(o *SignedIn, roles []string) bool {
	for _, r := range roles {
		if o.Has(r) {
			return true
		}
	}
	return false
}

// officer returns the signed-in officer set by require.
func officer(c *gin.Context) *SignedIn { return c.MustGet(officerKey).(*SignedIn) }
