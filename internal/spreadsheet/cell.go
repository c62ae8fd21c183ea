package spreadsheet

import "strings"

// Text makes s safe as a text cell, as OWASP advises: text that a spreadsheet would read as a formula
// (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, which spreadsheets
// read as "this is text".
//
// Two kinds of text are left alone because no spreadsheet reads them as a formula and an apostrophe
// would only spoil them: a plain decimal number (so a negative amount written as text, "-1500" or
// "-2.5", is still read as the number it is) and a lone "-", the exports' mark for "none".
func Text(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || s == "-" || isDecimal(s) {
		return s
	}
	return "'" + s
}

// isDecimal reports whether s is -digits or -digits.digits: nothing a formula could hide in.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	return digits(whole) && (!dot || digits(frac))
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
