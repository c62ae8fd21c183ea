package portal

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Why an amount typed in the search form cannot be read; each has its own message.
var (
	errAmountFormat = errors.New("amount: not a number")
	errAmountLarge  = errors.New("amount: too large")
)

// maxAmount bounds an amount bound: a thousand 兆 (10^15 dollars), far above any tender, and still
// exact in a float64, so that a typo of many zeros gets a message instead of a search for nothing.
const maxAmount = 1e15

// amountUnits are the Chinese units an amount may use, largest first, each at most once and in
// that order: 「1億2,000萬」, 「2.5億」, 「100 萬元」.
var amountUnits = []struct {
	r rune
	v float64
}{{'兆', 1e12}, {'億', 1e8}, {'亿', 1e8}, {'萬', 1e4}, {'万', 1e4}, {'千', 1e3}}

// groupedDigits is a number with thousands separators in their places, or none, and an optional
// fraction: 1,000,000 and 1000000.5, not 1,00 or 1,0000.
var groupedDigits = regexp.MustCompile(`^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$`)

// parseAmount reads an amount bound in dollars as people in Taiwan write it: digits with or without
// thousands separators, half- or full-width, with 兆, 億, 萬 or 千 (「1萬」, 「2.5億」, 「1億2,000萬」),
// spaces anywhere (「1 000 000」), and an optional 元 or NT$ around it. Empty is no bound (nil, nil). Anything
// else, including a negative number, an exponent (1e400) or a unit twice (「99999億億」), is
// errAmountFormat; more than maxAmount is errAmountLarge.
func parseAmount(s string) (*float64, error) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '，':
			return ','
		case r == '．':
			return '.'
		case unicode.IsSpace(r):
			return -1
		}
		return r
	}, s)
	s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(s, "NT$"), "$"), "元")
	if s == "" {
		return nil, nil
	}
	total, next, parts := 0.0, 0, 0 // next: the first unit still allowed
	for ; s != ""; parts++ {
		i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != ',' && r != '.' })
		num, rest := s, ""
		if i >= 0 {
			num, rest = s[:i], s[i:]
		}
		if !groupedDigits.MatchString(num) {
			return nil, errAmountFormat
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", ""), 64)
		if errors.Is(err, strconv.ErrRange) {
			return nil, errAmountLarge
		}
		if err != nil {
			return nil, errAmountFormat
		}
		unit := 1.0
		if rest != "" {
			found := false
			for k := next; k < len(amountUnits); k++ {
				if u := amountUnits[k]; strings.HasPrefix(rest, string(u.r)) {
					unit, rest, found = u.v, rest[len(string(u.r)):], true
					next = k + 1
					for next < len(amountUnits) && amountUnits[next].v == u.v { // 億 and 亿 are one unit
						next++
					}
					break
				}
			}
			if !found {
				return nil, errAmountFormat
			}
		} else if parts > 0 {
			// 「1億2000」 may mean 1億2000萬 as one says it, or 1億 and 2000 dollars: ask.
			return nil, errAmountFormat
		}
		total += v * unit
		s = rest
	}
	if math.IsNaN(total) {
		return nil, errAmountFormat
	}
	if math.IsInf(total, 0) || total > maxAmount {
		return nil, errAmountLarge
	}
	return &total, nil
}
