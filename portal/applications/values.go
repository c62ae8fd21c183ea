package applications

import (
	"strings"

	"integrity-portal/internal/problem"
)

// The words files use for channels, outcomes and yes or no, in Chinese and English (matched in
// lower case, spaces and hyphens as underscores).
var (
	channelWords = map[string]Channel{
		"臨櫃": Counter, "臨櫃申請": Counter, "現場": Counter, "櫃檯": Counter, "櫃台": Counter, "親自": Counter, "親洽": Counter,
		"counter": Counter, "in_person": Counter, "walk_in": Counter,
		"網路": Online, "網路申辦": Online, "網路申請": Online, "線上": Online, "線上申辦": Online, "線上申請": Online,
		"online": Online, "internet": Online, "web": Online,
		"郵寄": Mail, "書面郵寄": Mail, "郵遞": Mail, "通訊": Mail, "mail": Mail, "post": Mail, "postal": Mail,
	}
	outcomeWords = map[string]Outcome{
		"核准": Approved, "准予": Approved, "准": Approved, "同意": Approved, "通過": Approved, "核發": Approved,
		"approved": Approved, "granted": Approved,
		"駁回": Rejected, "否准": Rejected, "不准": Rejected, "不予核准": Rejected, "不同意": Rejected, "不受理": Rejected,
		"rejected": Rejected, "denied": Rejected, "refused": Rejected,
		"撤回": Withdrawn, "撤件": Withdrawn, "撤銷申請": Withdrawn, "申請人撤回": Withdrawn, "withdrawn": Withdrawn,
	}
	yesNoWords = map[string]bool{
		"是": true, "有": true, "y": true, "yes": true, "true": true, "1": true,
		"否": false, "無": false, "n": false, "no": false, "false": false, "0": false,
	}
)

var wordSeparators = strings.NewReplacer(" ", "_", "-", "_")

func wordKey(s string) string { return wordSeparators.Replace(strings.ToLower(strings.TrimSpace(s))) }

// parseChannel and parseOutcome look the cell up as written first: that is the usual case.
func parseChannel(s string) Channel {
	if c, ok := channelWords[s]; ok {
		return c
	}
	return channelWords[wordKey(s)]
}

func parseOutcome(s string) Outcome {
	if o, ok := outcomeWords[s]; ok {
		return o
	}
	return outcomeWords[wordKey(s)]
}

func parseYesNo(s string) (yes, ok bool) {
	if yes, ok = yesNoWords[s]; ok {
		return yes, ok
	}
	yes, ok = yesNoWords[wordKey(s)]
	return yes, ok
}

// trimSuffixes removes one of the suffixes (the first that matches) and surrounding space.
func trimSuffixes(s string, suffixes ...string) string {
	s = strings.TrimSpace(s)
	for _, x := range suffixes {
		if strings.HasSuffix(strings.ToLower(s), x) {
			return strings.TrimSpace(s[:len(s)-len(x)])
		}
	}
	return s
}

// codeCell checks a code: no white space inside (cells are already trimmed and limited in length).
func codeCell(s string) error {
	if strings.ContainsAny(s, " \t") {
		return problem.New("holds a space: codes have none", "code.space")
	}
	return nil
}
