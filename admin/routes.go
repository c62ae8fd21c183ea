package admin

import (
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

type pageSet struct {
	login, totp, dashboard, cases, caseShow, audit, users, stats, offline, password, roles, messages, uploads, upload, appUploads, appUpload, approval, help *web.PageTemplate
}

// caseRoles may work cases: each still sees only the cases they hold a grant for.
var caseRoles = []string{"intake", "investigator", "supervisor", "custodian"}

// Route is one admin route with its policy; the authorization test walks this table.
type Route struct {
	Method, Path string
	Public       bool // the sign-in steps: they check their own half-session
	Policy       Policy
	handler      gin.HandlerFunc
}

// RouteTable lists every admin route: a route without a policy cannot be registered.
func (a *Admin) RouteTable() []Route {
	return []Route{
		{Method: "GET", Path: "/admin/login", Public: true, handler: a.loginShow},
		{Method: "POST", Path: "/admin/login", Public: true, handler: a.loginSubmit},
		{Method: "GET", Path: "/admin/login/totp", Public: true, handler: a.totpShow},
		{Method: "POST", Path: "/admin/login/totp", Public: true, handler: a.totpSubmit},
		{Method: "GET", Path: "/admin/login/enrol", Public: true, handler: a.enrolShow},
		{Method: "GET", Path: "/admin/login/enrol/qr.png", Public: true, handler: a.enrolQR},
		{Method: "POST", Path: "/admin/login/enrol", Public: true, handler: a.enrolSubmit},
		{Method: "POST", Path: "/admin/logout", Policy: Policy{passwordChange: true}, handler: a.logout},
		{Method: "POST", Path: "/admin/logout/all", Policy: Policy{passwordChange: true}, handler: a.logoutEverywhere},
		{Method: "GET", Path: "/admin/password", Policy: Policy{passwordChange: true}, handler: a.passwordShow},
		{Method: "POST", Path: "/admin/password", Policy: Policy{passwordChange: true}, handler: a.passwordChange},
		{Method: "GET", Path: "/admin", Policy: Policy{Roles: caseRoles, orLanding: true}, handler: a.dashboardShow},
		{Method: "GET", Path: "/admin/cases", Policy: Policy{Roles: caseRoles}, handler: a.casesList},
		{Method: "GET", Path: "/admin/cases/export", Policy: Policy{Roles: caseRoles}, handler: a.casesExport},
		{Method: "GET", Path: "/admin/cases/new", Policy: Policy{Roles: []string{"intake", "supervisor"}}, handler: a.offlineShow},
		{Method: "POST", Path: "/admin/cases/new", Policy: Policy{Roles: []string{"intake", "supervisor"}}, handler: a.offlineSubmit},
		{Method: "GET", Path: "/admin/cases/:id", Policy: Policy{Roles: caseRoles}, handler: a.caseShow},
		{Method: "GET", Path: "/admin/cases/:id/files/:file", Policy: Policy{Roles: caseRoles}, handler: a.attachmentDownload},
		{Method: "GET", Path: "/admin/users", Policy: Policy{Roles: []string{"sysadmin"}}, handler: a.usersList},
		{Method: "POST", Path: "/admin/users", Policy: Policy{Roles: []string{"sysadmin"}}, handler: a.usersAdd},
		{Method: "POST", Path: "/admin/users/:username/disable", Policy: Policy{Roles: []string{"sysadmin"}}, handler: a.usersDisable},
		{Method: "POST", Path: "/admin/users/:username/reset", Policy: Policy{Roles: []string{"sysadmin"}}, handler: a.usersReset},
		{Method: "GET", Path: "/admin/roles", Policy: Policy{Roles: []string{"supervisor"}}, handler: a.rolesList},
		{Method: "POST", Path: "/admin/roles/:officer/approve", Policy: Policy{Roles: []string{"supervisor"}}, handler: a.rolesApprove},
		{Method: "GET", Path: "/admin/stats", Policy: Policy{Roles: []string{"supervisor", "auditor"}}, handler: a.statsShow},
		{Method: "GET", Path: "/admin/stats/export", Policy: Policy{Roles: []string{"supervisor", "auditor"}}, handler: a.statsExport},
		{Method: "GET", Path: "/admin/messages", Policy: Policy{Roles: []string{"supervisor"}}, handler: a.messagesShow},
		{Method: "POST", Path: "/admin/messages", Policy: Policy{Roles: []string{"supervisor"}}, handler: a.messagesSave},
		{Method: "GET", Path: "/admin/procurement/uploads", Policy: Policy{Roles: []string{"data"}}, handler: a.uploadsList},
		{Method: "POST", Path: "/admin/procurement/uploads", Policy: Policy{Roles: []string{"data"}}, handler: a.uploadsAdd},
		{Method: "GET", Path: "/admin/procurement/uploads/:id", Policy: Policy{Roles: []string{"data"}}, handler: a.uploadsShow},
		{Method: "GET", Path: "/admin/applications/uploads", Policy: Policy{Roles: []string{"data"}}, handler: a.applicationUploadsList},
		{Method: "POST", Path: "/admin/applications/uploads", Policy: Policy{Roles: []string{"data"}}, handler: a.applicationUploadsAdd},
		{Method: "GET", Path: "/admin/applications/uploads/:id", Policy: Policy{Roles: []string{"data"}}, handler: a.applicationUploadsShow},
		{Method: "GET", Path: "/admin/help/data-formats", Policy: Policy{}, handler: a.helpDataFormats},
		{Method: "GET", Path: "/admin/help/data-formats/examples/:file", Policy: Policy{}, handler: a.helpExample},
		{Method: "GET", Path: "/admin/audit", Policy: Policy{Roles: []string{"auditor"}}, handler: a.auditList},
		{Method: "GET", Path: "/admin/audit/export", Policy: Policy{Roles: []string{"auditor"}}, handler: a.auditExport},
		{Method: "POST", Path: "/admin/cases/:id/transition", Policy: Policy{Roles: caseRoles}, handler: a.caseTransition},
		{Method: "GET", Path: "/admin/cases/:id/approvals/:approval", Policy: Policy{Roles: []string{"supervisor"}}, handler: a.approvalShow},
		{Method: "POST", Path: "/admin/cases/:id/approvals/:approval", Policy: Policy{Roles: []string{"supervisor"}}, handler: a.caseDecide},
		{Method: "POST", Path: "/admin/cases/:id/subject", Policy: Policy{Roles: []string{"intake", "supervisor"}}, handler: a.caseSubjectSet},
		{Method: "POST", Path: "/admin/cases/:id/assign", Policy: Policy{Roles: []string{"intake", "supervisor"}}, handler: a.caseAssign},
		{Method: "POST", Path: "/admin/cases/:id/reply", Policy: Policy{Roles: caseRoles}, handler: a.caseReply},
		{Method: "POST", Path: "/admin/cases/:id/note", Policy: Policy{Roles: caseRoles}, handler: a.caseNote},
		{Method: "POST", Path: "/admin/cases/:id/identity", Policy: Policy{Roles: caseRoles}, handler: a.identityRequest},
		{Method: "POST", Path: "/admin/cases/:id/identity/:request", Policy: Policy{Roles: []string{"custodian", "supervisor"}}, handler: a.identityDecide},
		{Method: "POST", Path: "/admin/cases/:id/answer", Policy: Policy{Roles: []string{"supervisor"}}, handler: a.suggestionAnswer},
		{Method: "POST", Path: "/admin/cases/:id/exclude", Policy: Policy{Roles: []string{"supervisor"}}, handler: a.caseExclude},
		{Method: "POST", Path: "/admin/cases/:id/exclusions/:exclusion/lift", Policy: Policy{Roles: []string{"supervisor"}}, handler: a.caseExclusionLift},
		{Method: "POST", Path: "/admin/cases/:id/referrals/:referral", Policy: Policy{Roles: []string{"investigator", "supervisor"}}, handler: a.referralResult},
		{Method: "POST", Path: "/admin/cases/:id/recuse", Policy: Policy{Roles: caseRoles}, handler: a.caseRecuse},
	}
}

// Routes registers the admin side.
func (a *Admin) Routes(r gin.IRouter) {
	s := a.Site
	a.pages = pageSet{
		login: s.Page("admin/login"), totp: s.Page("admin/totp"), dashboard: s.Page("admin/dashboard"),
		cases: s.Page("admin/cases"), caseShow: s.Page("admin/case"), audit: s.Page("admin/audit"), users: s.Page("admin/users"), stats: s.Page("admin/stats"), offline: s.Page("admin/offline"), password: s.Page("admin/password"), roles: s.Page("admin/roles"),
		messages: s.Page("admin/messages"), uploads: s.Page("admin/uploads"), upload: s.Page("admin/upload"),
		appUploads: s.Page("admin/application_uploads"), appUpload: s.Page("admin/application_upload"), approval: s.Page("admin/approval"),
		help: s.Page("admin/help_data_formats"),
	}
	// Deciding a proposal checks its own input: a rejection's reason with a character the site cannot
	// take comes back on the approval page, named, with the rest of what was typed.
	s.ChecksOwnInput("/admin/cases/:id/approvals/:approval")
	for _, path := range []string{"/admin/procurement/uploads", "/admin/applications/uploads"} {
		s.SetLimits(path, web.Limits{MaxBody: a.UploadMax + 1<<20, Timeout: max(a.UploadTimeout, 10*time.Minute)})
	}
	// The subject form says itself what is wrong with a subject, and keeps what was typed.
	s.ChecksOwnInput("/admin/cases/:id/subject")
	routes := a.RouteTable()
	a.readPolicies(routes)
	for _, rt := range routes {
		if rt.Public {
			r.Handle(rt.Method, rt.Path, rt.handler)
			continue
		}
		r.Handle(rt.Method, rt.Path, a.require(rt.Policy), rt.handler)
	}
}
