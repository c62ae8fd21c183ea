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

// passwordWeakness is why a password of the right length is still refused: its value is the message
// key the officer reads, its String the reason the command line gives.
type passwordWeakness string

const (
	weakCommon   passwordWeakness = "admin.password.err_weak"
	weakUsername passwordWeakness = "admin.password.err_username"
	weakRepeats  passwordWeakness = "admin.password.err_weak" // too easy to guess, like a common one
)

func (w passwordWeakness) String() string {
	switch w {
	case weakUsername:
		return "password contains the username"
	case weakCommon:
		return "password is on the list of common passwords or repeats too few different characters"
	}
	return string(w)
}

// weakPassword says why a password of the right length is still too easy to guess, or "".
func weakPassword(password, username string) passwordWeakness {
	lower := strings.ToLower(password)
	switch {
	case commonPasswords[lower]:
		return weakCommon
	case username != "" && strings.Contains(lower, strings.ToLower(username)):
		return weakUsername
	case distinctRunes(password) < 5:
		return weakRepeats
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
