// Package i18n holds the portal's message catalogues and picks the reader's language.
//
// Invariants: zh-TW is the default and complete; every key in one catalogue is in every other (a test
// checks); templates never hold user-facing text, only keys; a missing key renders as the key itself
// in brackets, so it is visible in review instead of silently blank.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a supported language tag as written in HTML lang attributes.
type Lang string

const (
	ZhTW Lang = "zh-Hant-TW"
	En   Lang = "en"
)

// Supported lists the languages in order of preference: the first is the default.
var Supported = []Lang{ZhTW, En}

// Code is the short code used in the language switch and the cookie.
func (l Lang) Code() string {
	if l == En {
		return "en"
	}
	return "zh-TW"
}

// ParseCode maps a switch or cookie code to a supported language.
func ParseCode(code string) (Lang, bool) {
	switch strings.ToLower(code) {
	case "zh-tw", "zh-hant-tw", "zh-hant", "zh":
		return ZhTW, true
	case "en":
		return En, true
	}
	return "", false
}

//go:embed catalog/*.json
var catalogFS embed.FS

// Catalogues maps each language to its messages.
type Catalogues map[Lang]map[string]string

// Load reads the embedded catalogues; a malformed file fails start-up, not a request.
func Load() (Catalogues, error) {
	files := map[Lang]string{ZhTW: "zh-TW.json", En: "en.json"}
	c := Catalogues{}
	for lang, name := range files {
		b, err := catalogFS.ReadFile(path.Join("catalog", name))
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		c[lang] = m
	}
	return c, nil
}

// T returns the message for key in lang, formatted with args when there are any.
func (c Catalogues) T(lang Lang, key string, args ...any) string {
	msg, ok := c[lang][key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// LabelKey is the message key of a code's word: kind names the set of codes ("status", "channel",
// "event", …), code the stored value. Every code shown to a reader goes through it (admin/labels.go).
func LabelKey(kind, code string) string { return "label." + kind + "." + code }

// Label is the word for a code in lang: an empty code is a dash; a code with no word shows as itself
// (admin's label test keeps that from happening).
func (c Catalogues) Label(lang Lang, kind, code string) string {
	if code == "" {
		return "—"
	}
	if m, ok := c[lang][LabelKey(kind, code)]; ok {
		return m
	}
	return code
}

var matcher = language.NewMatcher([]language.Tag{
	language.MustParse(string(ZhTW)),
	language.English,
})

// Negotiate picks the language: an explicit choice wins, then Accept-Language, then zh-TW.
// Any Chinese variant maps to zh-TW, since that is the only Chinese we publish.
func Negotiate(choice, acceptLanguage string) Lang {
	if l, ok := ParseCode(choice); ok {
		return l
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return ZhTW
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return ZhTW
	}
	return Supported[idx]
}
