package admin

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

// menu is the officers' menu, in its order. Each link shows only to an officer whom its route's GET
// policy admits, so the menu never offers a page that would refuse them: who may open what is said
// once, in RouteTable.
var menu = []web.MenuLink{
	{Path: "/admin", Key: "nav.admin_home"},
	{Path: "/admin/cases", Key: "nav.admin_cases"},
	{Path: "/admin/cases/new", Key: "nav.admin_offline"},
	{Path: "/admin/stats", Key: "nav.admin_stats"},
	{Path: "/admin/messages", Key: "nav.admin_messages"},
	{Path: "/admin/roles", Key: "nav.admin_roles"},
	{Path: "/admin/procurement/uploads", Key: "nav.admin_uploads"},
	{Path: "/admin/applications/uploads", Key: "nav.admin_app_uploads"},
	{Path: "/admin/audit", Key: "nav.admin_audit"},
	{Path: "/admin/users", Key: "nav.admin_users"},
	{Path: "/admin/password", Key: "nav.admin_password"},
}

// landings are the start pages in order of precedence: the case dashboard, the audit log, the
// procurement uploads, the accounts. An officer lands on the first their roles may open, so a person
// with several roles starts where the case work is.
var landings = []string{"/admin", "/admin/audit", "/admin/procurement/uploads", "/admin/users"}

// readPolicies keeps the GET policies of the routes the menu and the landings name, and stops the
// start if one of them is not a route.
func (a *Admin) readPolicies(routes []Route) {
	a.gets = map[string]Policy{}
	for _, rt := range routes {
		if rt.Method == http.MethodGet && !rt.Public {
			a.gets[rt.Path] = rt.Policy
		}
	}
	for _, l := range menu {
		if _, ok := a.gets[l.Path]; !ok {
			panic(fmt.Sprintf("admin: menu link %s is not a GET route", l.Path))
		}
	}
	for _, p := range landings {
		if _, ok := a.gets[p]; !ok {
			panic(fmt.Sprintf("admin: landing %s is not a GET route", p))
		}
	}
}

// frame is the officer's part of every admin page: name, roles in words, and their menu. An officer
// who must first change a one-time password sees only the password page in it.
func (a *Admin) frame(o *SignedIn) *web.Frame {
	f := &web.Frame{Name: o.DisplayName}
	if f.Name == "" {
		f.Name = o.Username
	}
	for _, r := range o.Roles {
		f.Roles = append(f.Roles, "admin.role."+r)
	}
	for _, l := range menu {
		if a.gets[l.Path].admits(o) {
			f.Menu = append(f.Menu, l)
		}
	}
	return f
}

// landing is where an officer starts: the first landing their roles may open. An account with no
// role that opens any of them (none should exist) starts at the password page, open to all, rather
// than at a refusal.
func (a *Admin) landing(o *SignedIn) string {
	for _, p := range landings {
		if a.gets[p].allowsRoles(o) {
			return p
		}
	}
	return "/admin/password"
}

// landingRedirect sends the officer to their landing (GET /admin for one who works no cases).
func (a *Admin) landingRedirect(c *gin.Context, o *SignedIn) {
	c.Redirect(http.StatusFound, a.landing(o))
	c.Abort()
}
