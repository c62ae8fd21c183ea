package cases

// The codes a case's metadata is stored with (the CHECK constraints of migrations 002 and 005), listed
// once so that whatever shows them as words can check it has a word for each (admin/labels.go).
var (
	// Statuses in life-cycle order (DESIGN.md §4).
	Statuses = []string{"received", "triage", "awaiting_info", "investigating", "referred", "closure_pending", "reopened", "closed", "shredded"}
	// Kinds of case.
	Kinds = []string{KindReport, KindSuggestion}
	// Channels a report comes in by: the web form, the onion service, or an officer entering a
	// letter, a call or a visit.
	Channels = []string{"web", "onion", "paper", "phone", "counter"}
	// ReferralKinds are what a referral asks for; Addressees, to whom it goes.
	ReferralKinds = []string{"criminal", "administrative"}
	Addressees    = []string{"prosecutors", "aac", "mjib", "agency"}
	// ApprovalKinds are the decisions a supervisor other than the proposer takes.
	ApprovalKinds = []string{"closure", "referral", "identity"}
)
