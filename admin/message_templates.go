package admin

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
)

// identityRevealed is the template of the message sent when a reporter's identity is revealed to
// the officers of their case (identity custody), beside the workflow actions' templates.
const identityRevealed = "identity_revealed"

// templateActions lists, in the case page's order, everything that sends the reporter a message.
func templateActions() []string {
	var list []string
	for _, act := range cases.Actions {
		if cases.Workflow[act].Reporter {
			list = append(list, string(act))
		}
	}
	return append(list, identityRevealed)
}

// messageTemplates returns the reporter message for each action in lang: as supervisors edited it,
// else the catalogue's text.
func (a *Admin) messageTemplates(ctx context.Context, db database.DB, lang i18n.Lang) (map[string]string, error) {
	out := map[string]string{}
	for _, act := range templateActions() {
		out[act] = a.Site.Catalogues().T(lang, "admin.notice."+act)
	}
	rows, err := db.Query(ctx, `SELECT action, body FROM message_templates WHERE lang = $1`, lang.Code())
	if err != nil {
		return nil, fmt.Errorf("message templates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var act, body string
		if err := rows.Scan(&act, &body); err != nil {
			return nil, fmt.Errorf("message templates: %w", err)
		}
		if _, known := out[act]; known {
			out[act] = body
		}
	}
	return out, rows.Err()
}

// A blank is the part of a template the officer must fill in before the message can go out, written
// 【請填寫…】 in Chinese and [fill in …] in English, naming what belongs there. A message that still
// holds one, or that stops at a colon (a template edited before blanks were marked: 「處理結果：」), is
// not finished, and a reporter must never receive it.
var blankPattern = regexp.MustCompile(`【請填寫[^】]*】|\[fill in[^\]]*\]`)

// unfilledBlank returns the first blank left in a reporter message, as the officer sees it, or "".
func unfilledBlank(message string) string {
	if b := blankPattern.FindString(message); b != "" {
		return b
	}
	trimmed := strings.TrimRightFunc(message, unicode.IsSpace)
	if strings.HasSuffix(trimmed, "：") || strings.HasSuffix(trimmed, ":") {
		lines := strings.Split(trimmed, "\n")
		return strings.TrimSpace(lines[len(lines)-1])
	}
	return ""
}
