package cases

// The case life cycle (DESIGN.md §4) as a table: for each action, the states it starts from, the
// state it leads to, the roles that may take it, whether the reporter is told, and whether it needs a
// supervisor's approval first. Handlers consult the table; they hold no rules of their own.

// Action is something an officer does to a case.
type Action string

const (
	Acknowledge    Action = "acknowledge"     // 已收件 → 初審: the report has been read
	RequestInfo    Action = "request_info"    // ask the reporter for more (waiting for them)
	Resume         Action = "resume"          // the reporter answered: back to triage
	Accept         Action = "accept"          // 受理: start the investigation
	NotAccept      Action = "not_accept"      // 不予受理, with a reason: proposes closure
	Transfer       Action = "transfer"        // 移轉其他機關: proposes closure
	Merge          Action = "merge"           // 併案: proposes closure
	Refer          Action = "refer"           // 移送: proposes a referral
	ProposeClosure Action = "propose_closure" // 簽結 with an outcome
	Reopen         Action = "reopen"          // with a reason
)

// Transition is one row of the table.
type Transition struct {
	From     []string
	To       string   // the state after the action (after approval, for Approval actions)
	Roles    []string // any of these may act
	Reporter bool     // the reporter gets a message
	Approval string   // "closure" or "referral": a supervisor other than the proposer decides
	Outcome  string   // the outcome this action implies, if it implies one
}

// Workflow is the table.
var Workflow = map[Action]Transition{
	Acknowledge:    {From: []string{"received"}, To: "triage", Roles: []string{"intake", "supervisor"}, Reporter: true},
	RequestInfo:    {From: []string{"triage", "investigating", "reopened"}, To: "awaiting_info", Roles: []string{"intake", "investigator", "supervisor"}, Reporter: true},
	Resume:         {From: []string{"awaiting_info"}, To: "triage", Roles: []string{"intake", "investigator", "supervisor"}},
	Accept:         {From: []string{"triage", "reopened"}, To: "investigating", Roles: []string{"intake", "supervisor"}, Reporter: true},
	NotAccept:      {From: []string{"triage"}, To: "closed", Roles: []string{"intake", "supervisor"}, Reporter: true, Approval: "closure", Outcome: "not_accepted"},
	Transfer:       {From: []string{"triage"}, To: "closed", Roles: []string{"intake", "supervisor"}, Reporter: true, Approval: "closure", Outcome: "transferred"},
	Merge:          {From: []string{"triage"}, To: "closed", Roles: []string{"intake", "supervisor"}, Reporter: true, Approval: "closure", Outcome: "merged"},
	Refer:          {From: []string{"investigating"}, To: "referred", Roles: []string{"investigator", "supervisor"}, Reporter: true, Approval: "referral"},
	ProposeClosure: {From: []string{"investigating", "referred"}, To: "closed", Roles: []string{"investigator", "supervisor"}, Reporter: true, Approval: "closure"},
	Reopen:         {From: []string{"closed"}, To: "reopened", Roles: []string{"supervisor"}, Reporter: true},
}

// Actions lists the actions in the order the case page offers them.
var Actions = []Action{Acknowledge, Accept, RequestInfo, Resume, NotAccept, Transfer, Merge, Refer, ProposeClosure, Reopen}

// Outcomes a closure may record.
var Outcomes = []string{"substantiated", "unsubstantiated", "cleared", "not_accepted", "transferred", "merged"}

// Allowed reports whether an officer with roles may take action on a case in status.
func Allowed(status string, action Action, roles []string) (Transition, bool) {
	t, ok := Workflow[action]
	if !ok || !contains(t.From, status) {
		return t, false
	}
	for _, r := range roles {
		if contains(t.Roles, r) {
			return t, true
		}
	}
	return t, false
}

// PendingState is where a case waits while an approval is open: closure proposals wait in
// closure_pending; a proposed referral leaves the case investigating until it is approved.
func PendingState(approval, from string) string {
	if approval == "closure" {
		return "closure_pending"
	}
	return from
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
