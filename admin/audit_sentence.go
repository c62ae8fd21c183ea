package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
)

// An audit event reads as a sentence: "demo-intake 將案件 #12 指派給 demo-investigator". Each event
// kind has one template per language, admin.audit.say.<event>, with {placeholders} filled from the
// event's columns and its detail: {actor} the officer who acted, {case} "#12", {officer} an officer
// the event names (by id or username), {status}, {outcome} and {channel} as their labels, {roles} as
// role names, and any other detail field as written ({rows}, {file}, {from}, {to}, …). The detail
// never holds case content, so neither does the sentence.

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// auditOfficerIDs lists the officer ids the events' details name, for one look-up of their usernames.
func auditOfficerIDs(rows []auditRow) []int64 {
	var ids []int64
	for _, r := range rows {
		d := auditDetail(r.Detail)
		for _, k := range []string{"assignee", "officer"} {
			if f, ok := d[k].(float64); ok {
				ids = append(ids, int64(f))
			}
		}
	}
	return ids
}

// officerNames maps ids to usernames, in one query for the page.
func officerNames(ctx context.Context, db database.DB, ids []int64) (map[int64]string, error) {
	names := map[int64]string{}
	if len(ids) == 0 {
		return names, nil
	}
	rows, err := db.Query(ctx, `SELECT id, username FROM officers WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("admin: officer names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	return names, rows.Err()
}

func auditDetail(s string) map[string]any {
	d := map[string]any{}
	_ = json.Unmarshal([]byte(s), &d) // a detail that is not an object has nothing to fill in
	return d
}

// auditSentence words one event in lang.
func auditSentence(cat i18n.Catalogues, lang i18n.Lang, r auditRow, names map[int64]string) string {
	d := auditDetail(r.Detail)
	name := func(v any) string {
		switch v := v.(type) {
		case float64:
			if n, ok := names[int64(v)]; ok {
				return n
			}
			return "#" + strconv.FormatInt(int64(v), 10)
		case string:
			return v
		}
		return ""
	}
	text := func(v any) string {
		switch v := v.(type) {
		case string:
			return v
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			return cat.T(lang, "admin.audit.bool."+strconv.FormatBool(v))
		case []any:
			parts := make([]string, len(v))
			for i, x := range v {
				parts[i] = fmt.Sprint(x)
			}
			return strings.Join(parts, ", ")
		}
		return ""
	}
	key := "admin.audit.say." + r.Action
	if _, ok := cat[lang][key]; !ok {
		key = "admin.audit.say_other"
	}
	return placeholder.ReplaceAllStringFunc(cat.T(lang, key), func(m string) string {
		v := ""
		switch field := m[1 : len(m)-1]; field {
		case "actor":
			v = deref(r.Officer)
			if v == "" {
				v = cat.T(lang, "admin.audit.system")
				if d["by"] == "command line" {
					v = cat.T(lang, "admin.audit.command_line")
				}
			}
		case "case":
			if r.CaseID != nil {
				v = "#" + strconv.FormatInt(*r.CaseID, 10)
			}
		case "event":
			v = cat.Label(lang, "event", r.Action)
		case "officer":
			v = name(d["assignee"])
			if v == "" {
				v = name(d["officer"])
			}
		case "status":
			v = cat.Label(lang, "status", text(d["to"]))
		case "outcome", "channel":
			v = cat.Label(lang, field, text(d[field]))
		case "roles":
			roles, _ := d["roles"].([]any)
			var words []string
			for _, role := range roles {
				words = append(words, cat.T(lang, "admin.role."+fmt.Sprint(role)))
			}
			v = strings.Join(words, cat.T(lang, "admin.audit.list_sep"))
		default:
			v = text(d[field])
		}
		if v == "" {
			return "—"
		}
		return v
	})
}
