package admin

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/importer"
)

// Codes are stored as codes and shown as words. Each code has one message key, label.<kind>.<code>
// (i18n.LabelKey), in both catalogues: templates write {{label $ "status" .Status}}, handlers
// a.label(c, "status", code). Labelled lists every kind and its codes; a test checks both catalogues
// have a word for each, so a new code cannot reach a page raw.
var Labelled = map[string][]string{
	"status":    cases.Statuses,
	"kind":      cases.Kinds,
	"channel":   cases.Channels,
	"outcome":   append(append([]string{}, cases.Outcomes...), OutcomeNone),
	"referral":  cases.ReferralKinds,
	"addressee": cases.Addressees,
	"approval":  cases.ApprovalKinds,
	"event":     AuditEvents,
	"lang":      {i18n.ZhTW.Code(), i18n.En.Code()}, // the language a reporter reads
	"format":    importer.Formats,                   // the kind of procurement file an upload held
}

// OutcomeNone stands for "no outcome yet" where cases are counted by outcome.
const OutcomeNone = "none"

// AuditEvents are the kinds of event the audit log records (its action column), in the order the
// auditor's filter lists them. Every Audit call names one of them (a test reads the sources).
var AuditEvents = []string{
	"login", "login.failed", "login.totp_failed", "totp.enrolled", "logout", "logout.everywhere",
	"password.change", "password.change_failed",
	"case.enter_offline", "case.view", "case.subject", "attachment.download", "case.assign", "case.grant", "case.note", "case.reply",
	"case.acknowledge", "case.accept", "case.request_info", "case.resume",
	"case.propose_closure", "case.approve_closure", "case.reject_closure",
	"case.propose_referral", "case.approve_referral", "case.reject_referral", "case.referral_result",
	"case.reopen", "case.recuse", "case.exclude", "case.exclusion_lift", "suggestion.answer",
	"identity.request", "identity.approve", "identity.reject", "identity.reveal",
	"retention.warn", "retention.shred", "keys.regrant",
	"cases.export", "stats.export", "audit.export",
	"user.add", "user.disable", "user.reset", "roles.approve", "messages.update",
	"procurement.upload", "applications.upload",
}

// label is the word for a code in the request's language (see Labelled).
func (a *Admin) label(c *gin.Context, kind, code string) string {
	return a.Site.Catalogues().Label(web.LangOf(c), kind, code)
}
