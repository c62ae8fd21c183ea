package pcc

import (
	"errors"
	"testing"
	"time"
)

func TestParseMoney(t *testing.T) {
	good := []struct {
		in   string
		want int64
	}{
		{"278,000元", 278000},
		{"1,234,567 元", 1234567},
		{"新臺幣278,000元", 278000},
		{"新台幣 278,000 元", 278000},
		{" 25,775,360元\n", 25775360},
		{"\u00a025,420,000\u00a0元", 25420000},
		{"0元", 0},
		{"20元", 20},
		{"278000元", 278000},
		{"999元", 999},
		{"1,000元", 1000},
		{"9,223,372,036,854,775,807元", 9223372036854775807},
	}
	for _, c := range good {
		got, err := ParseMoney(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	bad := []string{
		"",
		"元",
		"abc",
		"278,000",                    // no 元
		"278000",                     // no 元
		"12,34,5元",                   // commas out of place
		"1234,567元",                  // first group too long
		"1,23元",                      // short group
		",123元",                      // empty group
		"1,,234元",                    // empty group
		"1,234,元",                    // trailing comma
		"-5元",                        // negative
		"-1,000元",                    // negative
		"+5元",                        // sign
		"1,234.5元",                   // decimal
		"0,278元",                     // leading zero
		"007元",                       // leading zero
		"9,223,372,036,854,775,808元", // overflow
		"99999999999999999999元",      // overflow
		"２７８元",                       // fullwidth digits
		"278，000元",                   // fullwidth comma
		"278 000元",                   // space inside
		"278,000元整",                  // trailing text
		"16,573,840元\r\n\t壹仟陸佰伍拾柒萬參仟捌佰肆拾元", // with the amount in words
		"USD 5元",
		"新臺幣元",
		"元278",
	}
	for _, in := range bad {
		if got, err := ParseMoney(in); err == nil {
			t.Errorf("ParseMoney(%q) = %d, want an error", in, got)
		}
	}
}

func TestParseAmount(t *testing.T) {
	for in, want := range map[string]int64{"1,234,567": 1234567, "1234567元": 1234567, " 278000 ": 278000, "新臺幣 5,000": 5000, "0": 0} {
		if got, err := ParseAmount(in); err != nil || got != want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "元", "-5", "1.5", "12,34", "1e6", "abc", "5元元"} {
		if got, err := ParseAmount(in); err == nil {
			t.Errorf("ParseAmount(%q) = %d, want an error", in, got)
		}
	}
	if _, err := ParseAmount("99999999999999999999"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ParseAmount of 20 nines: %v, want ErrTooLarge", err)
	}
	if _, err := ParseMoney("1,000"); err == nil || errors.Is(err, ErrTooLarge) {
		t.Errorf("ParseMoney without 元: %v, want an error other than ErrTooLarge", err)
	}
}

func TestParseROCDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, Taipei) }
	good := []struct {
		in   string
		want time.Time
	}{
		{"108/01/07", day(2019, 1, 7)},
		{"108/1/7", day(2019, 1, 7)},
		{"108年01月07日", day(2019, 1, 7)},
		{"108年1月7日", day(2019, 1, 7)},
		{"1080107", day(2019, 1, 7)},
		{"20190107", day(2019, 1, 7)},
		{" 108/03/21 ", day(2019, 3, 21)},
		{"98/12/31", day(2009, 12, 31)},
		{"0981231", day(2009, 12, 31)},
		{"1/01/01", day(1912, 1, 1)},
		{"199/12/31", day(2110, 12, 31)},
		{"109/02/29", day(2020, 2, 29)}, // leap year
		{"19120101", day(1912, 1, 1)},
		{"21101231", day(2110, 12, 31)},
	}
	for _, c := range good {
		got, err := ParseROCDate(c.in)
		if err != nil || !got.Equal(c.want) || got.Location() != Taipei {
			t.Errorf("ParseROCDate(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	if got, _ := ParseROCDate("108/01/07"); got.Format(time.RFC3339) != "2019-01-07T00:00:00+08:00" {
		t.Errorf("ParseROCDate(108/01/07) formats as %s", got.Format(time.RFC3339))
	}
	bad := []string{
		"",
		"abc",
		"0/01/07",      // ROC year 0
		"000/01/07",    // ROC year 0
		"200/01/07",    // ROC year 200
		"0000107",      // ROC year 0, compact
		"2000107",      // ROC year 200, compact
		"108/02/30",    // Feb 30
		"108年2月30日",    // Feb 30
		"1080230",      // Feb 30
		"20190230",     // Feb 30
		"108/02/29",    // 2019 is no leap year
		"108/13/01",    // month 13
		"108/00/01",    // month 0
		"108/01/00",    // day 0
		"108/01/32",    // day 32
		"19111231",     // western year before ROC 1
		"21110101",     // western year after ROC 199
		"108/01",       // no day
		"108/01/07/01", // too many parts
		"1080/01/07",   // four-digit ROC year
		"2019/01/07",   // western with slashes: not accepted
		"108-01-07",
		"108/001/07",
		"108/01/07 12:00", // a time
		"108年01月07",       // no 日
		"10801070",        // eight digits that are not a western date
		"980107",          // six digits: ambiguous
		"108/-1/07",
		"１０８/01/07", // fullwidth digits
	}
	for _, in := range bad {
		if got, err := ParseROCDate(in); err == nil {
			t.Errorf("ParseROCDate(%q) = %v, want an error", in, got)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	good := map[string]string{
		"108/02/20 12:00":     "2019-02-20T12:00:00+08:00",
		"108/02/21 10:00:30":  "2019-02-21T10:00:30+08:00",
		"108/02/21":           "2019-02-21T00:00:00+08:00",
		"108/02/21\u00a09:05": "2019-02-21T09:05:00+08:00",
	}
	for in, want := range good {
		got, err := ParseDateTime(in)
		if err != nil || FormatTime(got) != want {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"108/02/20 24:00", "108/02/20 12:60", "108/02/20 12", "108/02/20 noon", "108/02/30 12:00", "108/02/20 12:00:00:00"} {
		if got, err := ParseDateTime(in); err == nil {
			t.Errorf("ParseDateTime(%q) = %v, want an error", in, got)
		}
	}
}
