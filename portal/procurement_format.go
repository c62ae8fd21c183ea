package portal

import (
	"strconv"
	"strings"

	"integrity-portal/portal/procurement/store"
)

// amount is a sum of money as the pages write it: NT$1,234,567 for New Taiwan dollars, GBP
// 11,000,000 for another currency, the digits grouped by thousands and never rounded (the stored
// value is exact decimal text). An unknown amount is written "—".
type amount struct {
	Value    *string
	Currency *string
}

func money(m store.Money) amount { return amount{Value: m.Amount, Currency: m.Currency} }

func (a amount) Known() bool { return a.Value != nil }

func (a amount) String() string {
	if a.Value == nil {
		return "—"
	}
	n := groupDigits(plainDecimal(*a.Value))
	switch cur := deref(a.Currency); cur {
	case "TWD":
		return "NT$" + n
	case "":
		return n
	default:
		return cur + " " + n
	}
}

// plainDecimal writes exact decimal text without the zeros that end its fraction, as PostgreSQL's
// trim_scale does: a publisher's 1311264.0 and 1311264 are one amount, written one way in the
// pages, the CSV and the API. Other text is returned as it is.
func plainDecimal(s string) string {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || strings.ContainsAny(frac, "eE") {
		return s
	}
	if frac = strings.TrimRight(frac, "0"); frac == "" {
		return whole
	}
	return whole + "." + frac
}

// plainDecimalOf is plainDecimal of an amount that may be missing.
func plainDecimalOf(s *string) *string {
	if s == nil {
		return nil
	}
	d := plainDecimal(*s)
	return &d
}

// number is a count written with thousands separators.
type number int

func (n number) String() string { return groupDigits(strconv.Itoa(int(n))) }

// groupDigits puts thousands separators into decimal text: "-1234567.5" gives "-1,234,567.5".
func groupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// percent writes a share of 0–1 as a percentage with one decimal: 0.125 gives "12.5%".
func percent(share float64) string { return strconv.FormatFloat(share*100, 'f', 1, 64) + "%" }

// ratio is a share with its numerator and denominator, which the pages always show together.
type ratio struct {
	Part, Whole number
}

func (r ratio) Known() bool { return r.Whole > 0 }

func (r ratio) Percent() string {
	if r.Whole == 0 {
		return "—"
	}
	return percent(float64(r.Part) / float64(r.Whole))
}

// size is decimal text as a number, for a bar's length; 0 when it is not a number.
func size(s *string) float64 {
	if s == nil {
		return 0
	}
	f, _ := strconv.ParseFloat(*s, 64)
	return f
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
