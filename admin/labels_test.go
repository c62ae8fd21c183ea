package admin

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/i18n"
)

// TestEveryCodeHasALabel walks every code the cases package and the audit log know and checks both
// catalogues have its word: a code without one would reach a page raw.
func TestEveryCodeHasALabel(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	// Codes the cases package holds outside the lists of Labelled must be among them too.
	for _, a := range cases.Actions {
		if cases.Workflow[a].Approval == "" && !slices.Contains(AuditEvents, "case."+string(a)) {
			t.Errorf("action %s is audited as case.%s, which AuditEvents lacks", a, a)
		}
	}
	for _, k := range []string{"closure", "referral"} {
		for _, verb := range []string{"propose", "approve", "reject"} {
			if !slices.Contains(AuditEvents, "case."+verb+"_"+k) {
				t.Errorf("AuditEvents lacks case.%s_%s", verb, k)
			}
		}
	}
	for _, tr := range cases.Workflow {
		if tr.Outcome != "" && !slices.Contains(cases.Outcomes, tr.Outcome) {
			t.Errorf("outcome %s is not in cases.Outcomes", tr.Outcome)
		}
		if !slices.Contains(cases.Statuses, tr.To) {
			t.Errorf("status %s is not in cases.Statuses", tr.To)
		}
		for _, s := range tr.From {
			if !slices.Contains(cases.Statuses, s) {
				t.Errorf("status %s is not in cases.Statuses", s)
			}
		}
	}
	n := 0
	for kind, codes := range Labelled {
		for _, code := range codes {
			n++
			for _, lang := range i18n.Supported {
				if m := cat[lang][i18n.LabelKey(kind, code)]; m == "" {
					t.Errorf("%s has no word for %s %q (key %s)", lang, kind, code, i18n.LabelKey(kind, code))
				}
			}
		}
	}
	for _, ev := range AuditEvents { // and the audit page says each as a sentence
		for _, lang := range i18n.Supported {
			if cat[lang]["admin.audit.say."+ev] == "" {
				t.Errorf("%s has no sentence for the audit event %s", lang, ev)
			}
		}
	}
	if n < 60 {
		t.Fatalf("only %d codes walked: is Labelled complete?", n)
	}
}

// TestEveryAuditedEventIsListed reads the sources for the event each Audit call records: each must be
// in AuditEvents, so the auditor's filter offers it and the page can say it in words.
func TestEveryAuditedEventIsListed(t *testing.T) {
	call := regexp.MustCompile(`(?:Audit|AuditNow|a\.audit)\([^"\n]*"([a-z_.]+)"(\s*\+)?|caseWrite\(.*"([a-z_.]+)"\)`)
	found := 0
	for _, dir := range []string{".", "retention", filepath.Join("..", "cmd", "portal")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range call.FindAllStringSubmatch(string(b), -1) {
				if m[2] != "" {
					continue // built from a code: checked against the workflow above
				}
				event := m[1] + m[3]
				found++
				if !slices.Contains(AuditEvents, event) {
					t.Errorf("%s records %q, which AuditEvents lacks", f, event)
				}
			}
		}
	}
	if found < 30 {
		t.Fatalf("only %d audit calls found: is the pattern broken?", found)
	}
}
