package intake

import (
	"reflect"
	"strings"
	"unicode"
)

// decodeForm fills the string and bool fields of dst (a pointer to a struct) from values by their
// `form` tags. Text is trimmed and line endings normalised; a checkbox is true when sent as "on",
// "1", "true" or "yes". Invalid UTF-8 and control characters (the form refuses them, see
// readProblems) are dropped here, so that the form shown again never carries them back.
func decodeForm(values map[string]string, dst any) {
	v := reflect.ValueOf(dst).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name := t.Field(i).Tag.Get("form")
		raw, ok := values[name]
		if name == "" || !ok {
			continue
		}
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString(strings.TrimSpace(printable(strings.ReplaceAll(raw, "\r\n", "\n"))))
		case reflect.Bool:
			switch strings.ToLower(strings.TrimSpace(raw)) {
			case "on", "1", "true", "yes":
				f.SetBool(true)
			}
		}
	}
}

// printable is s as valid UTF-8 without control characters other than tab and newline.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}
