package admin

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

const officerKey = "officer"

// Policy names who may use a route: any of Roles, after a full sign-in. An empty Roles means any
// signed-in officer. Case content is further limited by grants, in each query.
type Policy struct {
	Roles []string
	// passwordChange marks the routes an officer with a one-time password may still use.
	passwordChange bool
	// orLanding sends an officer the roles refuse to their own landing page instead of a 403: GET
	// /admin is everyone's start, the dashboard only for those who work cases.
	orLanding bool
}

// allowsRoles reports whether the officer holds one of the policy's roles (any, if it names none).
func (p Policy) allowsRoles(o *SignedIn) bool { return len(p.Roles) == 0 || hasAny(o, p.Roles) }

// admits reports whether require lets the officer through: the roles, and the password page alone
// while a one-time password waits to be changed. The menu shows a link only when this holds.
func (p Policy) admits(o *SignedIn) bool {
	return (!o.mustChange || p.passwordChange) && p.allowsRoles(o)
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
		web.SetFrame(c, a.frame(o)) // error pages too carry the name, the menu and 登出
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
		if !p.allowsRoles(o) {
			if p.orLanding && c.Request.Method == http.MethodGet {
				a.landingRedirect(c, o)
				return
			}
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
