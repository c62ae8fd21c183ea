package csvimport

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/pcc"
)

// MaxAmount bounds amounts: NT$10 trillion, more than the central government's whole yearly budget
// (about NT$3 trillion), so a larger amount is a typing or export mistake, not a procurement.
const MaxAmount = 10_000_000_000_000

// MaxTenderers bounds the number of tenderers: more is a mistake (or a column shifted).
const MaxTenderers = 9999

// Length limits of text cells, in characters: generous for real data, a stop for pasted garbage.
const (
	maxText = 1000 // titles and names
	maxCode = 100  // ocid, case number, award item
)

// Text cleans a cell of free text: white space runs (line breaks of multi-line cells, no-break and
// ideographic spaces) become one space, and the ends are trimmed. Control characters are refused.
func Text(s string, limit int) (string, error) {
	if isClean(s, limit) { // most cells: no need to build a copy
		return s, nil
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || r == '\ufeff':
			return "", problem.New(fmt.Sprintf("holds a control character (%U)", r), "cell.control", fmt.Sprintf("%U", r))
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if n := utf8.RuneCountInString(b.String()); n > limit {
		return "", problem.New(fmt.Sprintf("is %d characters long, more than %d", n, limit), "cell.too_long", n, limit)
	}
	return b.String(), nil
}

// isClean reports whether Text would return s as it is: no white space but single ASCII spaces
// between words, no control character, valid UTF-8, at most limit characters.
func isClean(s string, limit int) bool {
	n, space := 0, true // true: a space here would be leading or doubled
	for i := 0; i < len(s); n++ {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' && space, c < ' ', c == 0x7f:
				return false
			}
			space = c == ' '
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r == '\ufeff' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
		space = false
		i += size
	}
	return (s == "" || !space) && n <= limit
}

// amount parses an amount of money: whole units, digits optionally grouped by commas in threes,
// optionally followed by 元 (and preceded by 新臺幣), "1,234,567" or "1234567元", at most MaxAmount.
// Reasons are written for the officer who has to fix the cell.
func amount(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if whole, frac, ok := strings.Cut(t, "."); ok && !strings.ContainsAny(t, "Ee") {
		// 1234567.00, as spreadsheets format numbers, is whole; 1234567.5 is not.
		frac = strings.TrimSpace(strings.TrimSuffix(frac, "元"))
		switch {
		case frac != "" && strings.Trim(frac, "0") == "":
			t = whole
		case frac != "" && strings.Trim(frac, "0123456789") == "":
			return 0, problem.New("has decimals: amounts are whole dollars", "amount.decimals")
		}
	}
	switch {
	case strings.HasPrefix(t, "-"), strings.HasPrefix(t, "−"), strings.HasPrefix(t, "("):
		return 0, problem.New("is negative", "amount.negative")
	case strings.ContainsAny(t, "Ee") && isFloat(t):
		return 0, problem.New("is written with an exponent (a spreadsheet shows 1.2E+12 for large numbers): format the column as whole numbers", "amount.exponent")
	}
	n, err := pcc.ParseAmount(t)
	switch {
	case errors.Is(err, pcc.ErrTooLarge), err == nil && n > MaxAmount:
		return 0, problem.New(fmt.Sprintf("is more than %s, the largest believable amount", strconv.FormatInt(MaxAmount, 10)), "amount.too_large", "10,000,000,000,000")
	case err != nil:
		return 0, problem.New("is not an amount (write 1,234,567 or 1234567元)", "amount.invalid")
	}
	return n, nil
}

func isFloat(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// count parses a number of tenderers: a whole number from 0 to MaxTenderers, optionally followed
// by 家 ("3家").
func count(s string) (int, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "家"))
	if strings.HasPrefix(t, "-") {
		return 0, problem.New("is negative", "number.negative")
	}
	if t == "" || strings.Trim(t, "0123456789") != "" {
		return 0, problem.New("is not a whole number", "number.not_whole")
	}
	n, err := strconv.Atoi(t)
	if err != nil || n > MaxTenderers {
		return 0, problem.New(fmt.Sprintf("is more than %d", MaxTenderers), "number.too_large", MaxTenderers)
	}
	return n, nil
}

// Dates are accepted from minYear: procurement data is younger, and it catches two-digit western
// years (24/02/29 would be ROC 24, 1935). The last year is pcc's, ROC 199 (2110).
const minYear = 1950

var errBeforeMinYear = problem.New(fmt.Sprintf("is before %d: write ROC years with 2 or 3 digits (113) and western years with 4 (2024)", minYear), "date.before_min", minYear)

// ParseDate parses a date, optionally followed by a time of day ("2024-03-01 17:00"), as midnight (or that
// time) in Taipei. Accepted: western 2024-02-29 and 2024/02/29, ROC (民國) 113/02/29, 113-02-29,
// 113.02.29 and 113年2月29日, and the compact 20240229 and 1130229. pcc.ParseDateTime does the work
// (ROC years, real days, times); this only rewrites the forms notices do not use into one it reads.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	day, clock, _ := strings.Cut(s, " ")
	y, m, d, ok := splitDay(day)
	if !ok {
		return time.Time{}, problem.New("is not a date (write 2024-02-29 or 113/02/29)", "date.invalid")
	}
	norm := day // 年月日: pcc reads it as written
	switch {
	case len(y) == 4:
		norm = y + pad2(m) + pad2(d)
	case y != "":
		norm = y + "/" + m + "/" + d
	}
	if clock = strings.TrimSpace(clock); clock != "" {
		norm += " " + clock
	}
	t, err := pcc.ParseDateTime(norm)
	if err != nil {
		return time.Time{}, dateReason(y, m, d)
	}
	if t.Year() < minYear {
		return time.Time{}, errBeforeMinYear
	}
	return t, nil
}

// splitDay splits a date into year, month and day: with separators, or compact (1130229 is ROC,
// 20240229 western). For the 年月日 form it returns empty parts and ok, leaving it to pcc.
func splitDay(s string) (y, m, d string, ok bool) {
	if s == "" {
		return "", "", "", false
	}
	if strings.Trim(s, "0123456789") == "" {
		switch len(s) {
		case 7:
			return s[:3], s[3:5], s[5:], true
		case 8:
			return s[:4], s[4:6], s[6:], true
		}
		return "", "", "", false
	}
	if strings.HasSuffix(s, "日") {
		return "", "", "", true
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 || strings.Count(s, "/")+strings.Count(s, "-")+strings.Count(s, ".") != 2 {
		return "", "", "", false
	}
	for _, p := range parts {
		if len(p) > 4 || strings.Trim(p, "0123456789") != "" {
			return "", "", "", false
		}
	}
	if len(parts[1]) > 2 || len(parts[2]) > 2 {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// dateReason explains why a date did not parse: a day that does not exist (113/02/30: February 2024
// has 29 days) gets its own sentence, since that is the usual typing mistake.
func dateReason(y, m, d string) error {
	year, err1 := strconv.Atoi(y)
	month, err2 := strconv.Atoi(m)
	day, err3 := strconv.Atoi(d)
	if err1 == nil && err2 == nil && err3 == nil {
		if len(y) < 4 {
			year += 1911
		}
		if year >= 1912 && year < minYear {
			return errBeforeMinYear
		}
		if year < 1912 || year > 2110 {
			return problem.New("is not a date: the year is out of range (ROC 1 to 199, 1912 to 2110)", "date.year_range")
		}
		if month < 1 || month > 12 {
			return problem.New(fmt.Sprintf("is not a date: there is no month %d", month), "date.no_month", month)
		}
		if last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day(); day < 1 || day > last {
			return problem.New(fmt.Sprintf("is not a date: %s %d has %d days", time.Month(month), year, last), "date.no_day", year, month, last, time.Month(month))
		}
	}
	return problem.New("is not a date (write 2024-02-29 or 113/02/29, optionally with a time 17:00)", "date.invalid_time")
}

// method reads a 招標方式: the Taiwanese names as pcc maps them (公開招標, 公開取得報價單或企劃書 →
// open, 選擇性招標 → selective, 限制性招標 → limited), kept as written in procurementMethodDetails; or
// an OCDS code as such (open, selective, limited, direct), for files with English values.
func method(s string) (code, details string, err error) {
	switch c := strings.ToLower(s); c {
	case "open", "selective", "limited", "direct":
		return c, "", nil
	}
	if c := pcc.ProcurementMethod(s); c != "" {
		return c, s, nil
	}
	return "", "", problem.New("is not a known method (公開招標, 公開取得報價單或企劃書, 選擇性招標, 限制性招標, or open, selective, limited, direct)", "method.unknown")
}

// category reads a 採購性質: 工程, 財物, 勞務 (also 工程類, 勞務類82-…) as pcc maps them, or the OCDS
// code works, goods, services.
func category(s string) (string, error) {
	switch c := strings.ToLower(s); c {
	case "works", "goods", "services":
		return c, nil
	}
	if c := pcc.MainCategory(s); c != "" {
		return c, nil
	}
	return "", problem.New("is not a category (工程, 財物, 勞務, or works, goods, services)", "category.unknown")
}

// currency reads an ISO 4217 code (three letters, any case); 新臺幣, 新台幣, NTD and NT$ are TWD.
func currency(s string) (string, error) {
	switch strings.ToUpper(s) {
	case "新臺幣", "新台幣", "NTD", "NT$", "NT":
		return pcc.Currency, nil
	}
	if len(s) == 3 && strings.Trim(strings.ToUpper(s), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return strings.ToUpper(s), nil
	}
	return "", problem.New("is not a currency code (TWD, USD, …)", "currency.unknown")
}

// AgencyCode reads a 機關代碼: letters, digits and dots, like 3.76.47 or A.15.
func AgencyCode(s string) (string, error) {
	if s == "" || len(s) > 40 || strings.Trim(s, ".0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "" {
		return "", problem.New("is not an agency code (letters, digits and dots, like 3.76.47)", "agency_code.invalid")
	}
	return s, nil
}

// vendorCode reads a supplier's code: a 統一編號 of eight digits, or another vendor code of the
// e-procurement system (letters and digits). A number of fewer digits is refused: spreadsheets drop
// the leading zero of 統一編號 such as 04595257 when the column is numeric.
func vendorCode(s string) (string, error) {
	digits := strings.Trim(s, "0123456789") == ""
	switch {
	case digits && len(s) < 8:
		return "", problem.New(fmt.Sprintf("has %d digits, not 8 (a spreadsheet may have dropped a leading zero: format the column as text)", len(s)), "ubn.short", len(s))
	case digits && len(s) > 8:
		return "", problem.New(fmt.Sprintf("has %d digits, not 8", len(s)), "ubn.long", len(s))
	case len(s) > 20 || strings.Trim(s, "-_.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "":
		return "", problem.New("is not a 統一編號 (8 digits) or vendor code (letters and digits)", "ubn.invalid")
	}
	return s, nil
}

// code reads an identifier used in the ocid: no white space inside.
func code(s string) (string, error) {
	t, err := Text(s, maxCode)
	if err == nil && strings.Contains(t, " ") {
		err = problem.New("holds a space", "code.space")
	}
	return t, err
}
