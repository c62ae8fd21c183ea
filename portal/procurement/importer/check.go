package importer

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/ocds"
)

// maxAmount bounds a money amount: 10^15 in any currency is a typing or unit mistake (NT$1,000 trillion).
const maxAmount = 1e15

// dateKeys are the OCDS fields holding date-times.
var dateKeys = map[string]bool{"date": true, "startDate": true, "endDate": true, "maxExtentDate": true,
	"dateSigned": true, "datePublished": true, "dateModified": true, "dueDate": true, "dateMet": true}

// checkRelease rejects, with their paths, the values the portal would otherwise store as unknown or
// wrong: amounts that are not numbers, negative or huge; dates that do not exist; a number of
// tenderers that is not a whole number; and text holding a NUL (\u0000), which PostgreSQL cannot
// store. The OCDS reader checks only what a release must have.
func checkRelease(path string, rel ocds.Release) []ocds.ItemError {
	var problems []ocds.ItemError
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				p := at + "." + k
				_, nested := child.(map[string]any)
				s, isText := child.(string)
				switch {
				case strings.ContainsRune(k, 0) || isText && strings.ContainsRune(s, 0):
					problems = append(problems, ocds.ItemError{Path: strings.ToValidUTF8(strings.ReplaceAll(p, "\x00", `\u0000`), "\uFFFD"),
						Reason: `text holds a NUL character (\u0000), which cannot be stored`, Problems: problem.List{problem.Of("json.nul")}})
				case k == "amount" && !nested: // planning.budget.amount is itself a Value
					if why, code := badAmount(child); why != "" {
						problems = append(problems, ocds.ItemError{Path: p, Reason: why, Problems: problem.List{problem.Of(code, describe(child))}})
					}
				case k == "numberOfTenderers":
					if why, code := badCount(child); why != "" {
						problems = append(problems, ocds.ItemError{Path: p, Reason: why, Problems: problem.List{problem.Of(code, describe(child))}})
					}
				case dateKeys[k]:
					if s, ok := child.(string); ok {
						if _, err := ocds.ParseDate(s); err != nil {
							problems = append(problems, ocds.ItemError{Path: p, Reason: fmt.Sprintf("%q is not a date-time that exists", s),
								Problems: problem.List{{Code: "json.date_invalid", Value: problem.Clip(s)}}})
						}
					} else if child != nil {
						problems = append(problems, ocds.ItemError{Path: p, Reason: "a date must be text such as 2024-02-29T10:00:00+08:00",
							Problems: problem.List{problem.Of("json.date_not_text")}})
					}
				default:
					walk(p, child)
				}
			}
		case []any:
			for i, child := range v {
				if s, ok := child.(string); ok && strings.ContainsRune(s, 0) {
					problems = append(problems, ocds.ItemError{Path: fmt.Sprintf("%s[%d]", at, i),
						Reason: `text holds a NUL character (\u0000), which cannot be stored`, Problems: problem.List{problem.Of("json.nul")}})
				}
				walk(fmt.Sprintf("%s[%d]", at, i), child)
			}
		}
	}
	walk(path, map[string]any(rel))
	return problems
}

// badAmount says why v is not an amount, and the message code of why (its argument: the value).
func badAmount(v any) (string, string) {
	if v == nil {
		return "", ""
	}
	n, ok := v.(json.Number)
	if !ok {
		return fmt.Sprintf("an amount must be a number, not %s", describe(v)), "json.amount_not_number"
	}
	f, err := strconv.ParseFloat(string(n), 64)
	switch {
	case err != nil || math.IsInf(f, 0) || math.IsNaN(f):
		return fmt.Sprintf("%s is not a usable number", n), "json.amount_unusable"
	case f < 0:
		return fmt.Sprintf("%s is negative: an amount cannot be", n), "json.amount_negative"
	case f > maxAmount:
		return fmt.Sprintf("%s is too large to be an amount (over 10^15): check the unit", n), "json.amount_too_large"
	}
	return "", ""
}

func badCount(v any) (string, string) {
	if v == nil {
		return "", ""
	}
	n, ok := v.(json.Number)
	if !ok {
		return fmt.Sprintf("the number of tenderers must be a number, not %s", describe(v)), "json.tenderers_not_number"
	}
	i, err := strconv.ParseInt(string(n), 10, 32)
	if err != nil || i < 0 {
		return fmt.Sprintf("%s is not a whole number of tenderers", n), "json.tenderers_not_whole"
	}
	return "", ""
}

func describe(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 40 {
		b = append(b[:40], "…"...)
	}
	return string(b)
}

// duplicates finds releases given twice in one file (same ocid and id) with different content: the
// file contradicts itself, and which one is right is the publisher's call.
type duplicates struct {
	seen map[[2]string]seenRelease
}

type seenRelease struct {
	path string
	hash [32]byte
}

func (d *duplicates) check(path string, rel ocds.Release) *ocds.ItemError {
	id, _ := rel["id"].(string)
	if id == "" {
		return nil // keyed by content in the store: a different content is a different release
	}
	if d.seen == nil {
		d.seen = map[[2]string]seenRelease{}
	}
	b, _ := json.Marshal(rel) // maps marshal with sorted keys: equal content, equal bytes
	key, h := [2]string{rel.OCID(), id}, sha256.Sum256(b)
	prev, ok := d.seen[key]
	if !ok {
		d.seen[key] = seenRelease{path, h}
		return nil
	}
	if prev.hash == h {
		return nil
	}
	return &ocds.ItemError{Path: path, Reason: fmt.Sprintf("release %q of %s differs from the one at %s", id, rel.OCID(), prev.path),
		Problems: problem.List{problem.Of("json.release_differs", problem.Clip(id), problem.Clip(rel.OCID()), prev.path)}}
}
