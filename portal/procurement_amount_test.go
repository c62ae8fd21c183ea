package portal

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
	}{
		{"1000000", 1e6},
		{"1,000,000", 1e6},
		{"1萬", 1e4},
		{"100 萬", 1e6},
		{"2.5億", 2.5e8},
		{"1億2,000萬", 1.2e8},
		{"1億2000萬元", 1.2e8},
		{"3兆", 3e12},
		{"5千", 5000},
		{"１，０００，０００", 1e6},
		{"１００萬", 1e6},
		{"２．５億", 2.5e8},
		{"NT$ 1,500", 1500},
		{"1,000元", 1000},
		{"0", 0},
		{"12.75", 12.75},
		{"1亿", 1e8},
		{" 3　萬 ", 3e4},
		{"1 000 000", 1e6},
	} {
		got, err := parseAmount(c.in)
		if err != nil || got == nil || *got != c.want {
			t.Errorf("parseAmount(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	if got, err := parseAmount("  "); got != nil || err != nil {
		t.Errorf("an empty amount is no bound, got %v, %v", got, err)
	}
	for _, in := range []string{"1e400", "1e9", "0x10", "1_000", "-5", "abc", "萬", "1萬萬", "99999億億", "1萬1億",
		"1億2000", "1,00", "1,0000", "1.", ".5", "1.2.3", "NaN", "Inf", "1\x00", "\xff", "5萬元元", "1萬 2",
		strings.Repeat("9", 10000)} {
		if got, err := parseAmount(in); err == nil {
			t.Errorf("parseAmount(%q) = %v, want an error", in, *got)
		}
	}
	for _, in := range []string{"99999億億億", "1001兆", "10000000000000000", strings.Repeat("9", 400)} {
		if _, err := parseAmount(in); err == nil || (in != "99999億億億" && !errors.Is(err, errAmountLarge)) {
			t.Errorf("parseAmount(%q): error %v, want one", in, err)
		}
	}
}
