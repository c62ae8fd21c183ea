package pcc

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Taipei is the time zone of every date in a notice: UTC+8. It is a fixed zone, so results do not
// depend on the tz database of the host; Taiwan has kept UTC+8 without daylight saving since 1980,
// long before electronic procurement (1999), so it agrees with the IANA zone for every notice.
var Taipei = time.FixedZone("Asia/Taipei", 8*60*60)

// rocOffset is the difference between a western year and a year of the Republic of China (民國).
const rocOffset = 1911

// Years accepted by ParseROCDate: ROC years 1 to 199, and western years in the same span.
const (
	minROCYear = 1
	maxROCYear = 199
)

// ErrTooLarge is returned, wrapped, by ParseMoney and ParseAmount for an amount beyond int64.
var ErrTooLarge = errors.New("too large")

// ParseMoney parses an amount of New Taiwan dollars as notices write it: digits, optionally grouped
// by commas in threes, followed by 元, optionally preceded by 新臺幣 (or 新台幣), with optional white
// space between the parts and around them: "278,000元", "1,234,567 元", "新臺幣278,000元" → 278000.
//
// Anything else is an error: no 元, a sign (amounts are never negative), a decimal point, commas out
// of place ("12,34,5元"), a leading zero ("0,278元", "007元"), non-ASCII digits, trailing text (such
// as the amount in words some fields add), or an amount too large for int64 (ErrTooLarge).
func ParseMoney(s string) (int64, error) { return parseMoney(s, true) }

// ParseAmount parses an amount as ParseMoney does, but with 元 optional: "1,234,567" and "1234567元"
// alike, as spreadsheets write amounts.
func ParseAmount(s string) (int64, error) { return parseMoney(s, false) }

func parseMoney(s string, needYuan bool) (int64, error) {
	t := strings.TrimFunc(s, unicode.IsSpace)
	for _, p := range []string{"新臺幣", "新台幣"} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			t = strings.TrimLeftFunc(rest, unicode.IsSpace)
			break
		}
	}
	t, ok := strings.CutSuffix(t, "元")
	if !ok && needYuan {
		return 0, fmt.Errorf("pcc: money %q: no 元", s)
	}
	t = strings.TrimRightFunc(t, unicode.IsSpace)
	digits, err := ungroup(t)
	if err != nil {
		return 0, fmt.Errorf("pcc: money %q: %v", s, err)
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("pcc: money %q: %w", s, ErrTooLarge)
		}
		return 0, fmt.Errorf("pcc: money %q: not a whole number", s)
	}
	return n, nil
}

// ungroup checks that t is a whole number written with ASCII digits, either plain or with commas
// between groups of three (the first group of one to three), without a leading zero, and returns
// its digits.
func ungroup(t string) (string, error) {
	if t == "" {
		return "", errors.New("no amount")
	}
	groups := strings.Split(t, ",")
	for i, g := range groups {
		if g == "" || !allDigits(g) {
			return "", errors.New("not a whole number with digits and thousands separators")
		}
		if len(groups) > 1 && (i == 0 && len(g) > 3 || i > 0 && len(g) != 3) {
			return "", errors.New("thousands separators out of place")
		}
	}
	digits := strings.Join(groups, "")
	if len(digits) > 1 && digits[0] == '0' {
		return "", errors.New("leading zero")
	}
	return digits, nil
}

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParseROCDate parses a date as notices write it and returns midnight of that day in Taipei:
//   - ROC dates (民國, year + 1911): "108/01/07" (also "108/1/7"), "108年01月07日" (also "108年1月7日"),
//     and the compact "1080107" (seven digits: a zero-padded three-digit year, then month and day);
//   - western dates as eight digits, "20190107".
//
// The ROC year must be 1 to 199 (1912 to 2110), and a western year in the same span; the month and
// day must exist ("108/02/30" is an error). Surrounding white space is ignored; anything else, such
// as a time of day, is an error.
func ParseROCDate(s string) (time.Time, error) {
	y, m, d, err := splitDate(strings.TrimFunc(s, unicode.IsSpace))
	if err != nil {
		return time.Time{}, fmt.Errorf("pcc: date %q: %v", s, err)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, Taipei)
	if t.Year() != y || t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}, fmt.Errorf("pcc: date %q: no such day", s)
	}
	return t, nil
}

// splitDate returns the western year, month and day of a date in one of ParseROCDate's forms,
// with the year checked and the month and day within 1 to 12 and 1 to 31.
func splitDate(s string) (year, month, day int, err error) {
	var ys, ms, ds string
	roc := true
	switch {
	case strings.Contains(s, "/"):
		parts := strings.Split(s, "/")
		if len(parts) != 3 {
			return 0, 0, 0, errors.New("not year/month/day")
		}
		ys, ms, ds = parts[0], parts[1], parts[2]
	case strings.HasSuffix(s, "日"):
		var ok1, ok2 bool
		ys, s, ok1 = strings.Cut(s, "年")
		ms, s, ok2 = strings.Cut(s, "月")
		ds = strings.TrimSuffix(s, "日")
		if !ok1 || !ok2 {
			return 0, 0, 0, errors.New("not 年月日")
		}
	case len(s) == 7 && allDigits(s):
		ys, ms, ds = s[:3], s[3:5], s[5:]
	case len(s) == 8 && allDigits(s):
		ys, ms, ds = s[:4], s[4:6], s[6:]
		roc = false
	default:
		return 0, 0, 0, errors.New("not a date (108/01/07, 108年01月07日, 1080107 or 20190107)")
	}
	if !allDigits(ys) || !allDigits(ms) || !allDigits(ds) || roc && len(ys) > 3 || len(ms) > 2 || len(ds) > 2 {
		return 0, 0, 0, errors.New("not a date (108/01/07, 108年01月07日, 1080107 or 20190107)")
	}
	year, _ = strconv.Atoi(ys)
	month, _ = strconv.Atoi(ms)
	day, _ = strconv.Atoi(ds)
	if roc {
		if year < minROCYear || year > maxROCYear {
			return 0, 0, 0, fmt.Errorf("ROC year %d out of range %d to %d", year, minROCYear, maxROCYear)
		}
		year += rocOffset
	} else if year < minROCYear+rocOffset || year > maxROCYear+rocOffset {
		return 0, 0, 0, fmt.Errorf("year %d out of range %d to %d", year, minROCYear+rocOffset, maxROCYear+rocOffset)
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return 0, 0, 0, errors.New("no such day")
	}
	return year, month, day, nil
}

// ParseDateTime parses a date in one of ParseROCDate's forms, optionally followed by white space and
// a time of day "15:04" or "15:04:05" (as in 截止投標 "108/02/20 12:00"), in Taipei.
func ParseDateTime(s string) (time.Time, error) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return ParseROCDate(s)
	}
	day, err := ParseROCDate(s[:i])
	if err != nil {
		return time.Time{}, err
	}
	clock := strings.TrimLeftFunc(s[i:], unicode.IsSpace)
	parts := strings.Split(clock, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return time.Time{}, fmt.Errorf("pcc: date-time %q: time is not hh:mm or hh:mm:ss", s)
	}
	var hms [3]int
	limits := [3]int{23, 59, 59}
	for j, p := range parts {
		if len(p) < 1 || len(p) > 2 || !allDigits(p) {
			return time.Time{}, fmt.Errorf("pcc: date-time %q: time is not hh:mm or hh:mm:ss", s)
		}
		hms[j], _ = strconv.Atoi(p)
		if hms[j] > limits[j] {
			return time.Time{}, fmt.Errorf("pcc: date-time %q: no such time", s)
		}
	}
	return day.Add(time.Duration(hms[0])*time.Hour + time.Duration(hms[1])*time.Minute + time.Duration(hms[2])*time.Second), nil
}

// FormatTime writes t as an RFC 3339 date-time in Taipei, as OCDS dates are written.
func FormatTime(t time.Time) string { return t.In(Taipei).Format(time.RFC3339) }
