package web

import (
	"html/template"
	"regexp"
)

// isoDate is a Western date or month as the pages write them beside the ROC one, 2024-03-31 or
// 2024-03, or as English pages write them: 31 Mar 2024, Mar 2024, and spans such as Jan–Dec 2026
// or Apr 2023–Mar 2024, which a phone would otherwise break after the dash.
var isoDate = regexp.MustCompile(`\d{4}-\d{2}(?:-\d{2})?|` +
	`(?:\d{1,2} )?` + month + `(?: \d{4})?–(?:\d{1,2} )?` + month + ` \d{4}|(?:\d{1,2} )?` + month + ` \d{4}`)

const month = `(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)`

// whenRuns escapes text and wraps each Western date, month or span of months in it in class "when" (white-space:
// nowrap), so that a heading such as 每月趨勢：民國115年1月至12月（2026-01 至 2026-12） never breaks a
// phone's line at the hyphen, into 「（2026-」 and 「12）」.
func whenRuns(s string) template.HTML {
	esc := template.HTMLEscapeString(s) // escaping leaves digits and hyphens as they are
	return template.HTML(isoDate.ReplaceAllString(esc, `<span class="when">$0</span>`))
}
