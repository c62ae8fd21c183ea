package cases

import "testing"

// TestWorkflowTable walks every (state, action, role) and checks the table's answer against the rules
// written out here independently: who acts when, and where each action leads.
func TestWorkflowTable(t *testing.T) {
	states := []string{"received", "triage", "awaiting_info", "investigating", "referred", "closure_pending", "closed", "reopened", "shredded"}
	roles := []string{"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor"}
	type rule struct {
		from  []string
		roles []string
	}
	want := map[Action]rule{
		Acknowledge:    {[]string{"received"}, []string{"intake", "supervisor"}},
		RequestInfo:    {[]string{"triage", "investigating", "reopened"}, []string{"intake", "investigator", "supervisor"}},
		Resume:         {[]string{"awaiting_info"}, []string{"intake", "investigator", "supervisor"}},
		Accept:         {[]string{"triage", "reopened"}, []string{"intake", "supervisor"}},
		NotAccept:      {[]string{"triage"}, []string{"intake", "supervisor"}},
		Transfer:       {[]string{"triage"}, []string{"intake", "supervisor"}},
		Merge:          {[]string{"triage"}, []string{"intake", "supervisor"}},
		Refer:          {[]string{"investigating"}, []string{"investigator", "supervisor"}},
		ProposeClosure: {[]string{"investigating", "referred"}, []string{"investigator", "supervisor"}},
		Reopen:         {[]string{"closed"}, []string{"supervisor"}},
	}
	if len(want) != len(Workflow) || len(Actions) != len(Workflow) {
		t.Fatalf("the table has %d actions, the list %d, this test %d", len(Workflow), len(Actions), len(want))
	}
	allowed := 0
	for action, r := range want {
		for _, s := range states {
			for _, role := range roles {
				_, got := Allowed(s, action, []string{role})
				exp := contains(r.from, s) && contains(r.roles, role)
				if got != exp {
					t.Errorf("%s from %s as %s: allowed=%v, want %v", action, s, role, got, exp)
				}
				if got {
					allowed++
				}
			}
			// Several roles: any one that may act is enough.
			if _, got := Allowed(s, action, []string{"auditor", "supervisor"}); got != (contains(r.from, s) && contains(r.roles, "supervisor")) {
				t.Errorf("%s from %s as auditor+supervisor: %v", action, s, got)
			}
		}
	}
	if allowed == 0 {
		t.Fatal("nothing is allowed: the test proves nothing")
	}
	// No action leaves a shredded case, and the administrator and the auditor never act on cases.
	for action := range Workflow {
		for _, s := range states {
			if _, ok := Allowed(s, action, []string{"sysadmin", "auditor"}); ok {
				t.Errorf("%s from %s allowed to sysadmin or auditor", action, s)
			}
		}
		if _, ok := Allowed("shredded", action, roles); ok {
			t.Errorf("%s allowed on a shredded case", action)
		}
	}
	// Closures and referrals always need an approval; the outcome-implying actions carry their outcome.
	for action, tr := range Workflow {
		if tr.To == "closed" && tr.Approval != "closure" || tr.To == "referred" && tr.Approval != "referral" {
			t.Errorf("%s reaches %s without four eyes", action, tr.To)
		}
	}
	if Workflow[NotAccept].Outcome != "not_accepted" || Workflow[Transfer].Outcome != "transferred" || Workflow[Merge].Outcome != "merged" {
		t.Error("triage closures lost their outcomes")
	}
	if PendingState("closure", "investigating") != "closure_pending" || PendingState("referral", "investigating") != "investigating" {
		t.Error("pending states")
	}
}
