package admin

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

//go:embed common_passwords.txt
var commonPasswordsText string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// weakPassword says why a password of the right length is still too easy to guess, or "".
func weakPassword(password, username string) string {
	lower := strings.ToLower(password)
	switch {
	case commonPasswords[lower]:
		return "password is on the list of common passwords"
	case username != "" && strings.Contains(lower, strings.ToLower(username)):
		return "password contains the username"
	case distinctRunes(password) < 5:
		return "password repeats too few different characters"
	}
	return ""
}

func distinctRunes(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return min(len(seen), utf8.RuneCountInString(s))
}
