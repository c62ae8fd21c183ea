package csvimport

import (
	"strings"
	"testing"
	"time"

	"integrity-portal/portal/procurement/pcc"
)

func TestAmount(t *testing.T) {
	good := map[string]int64{
		"1,234,567":          1234567,
		"1234567":            1234567,
		"1234567元":           1234567,
		"1,234,567 元":        1234567,
		"新臺幣980,000元":        980000,
		" 0 ":                0,
		"1234567.00":         1234567, // a spreadsheet's number format
		"1,234,567.0元":       1234567,
		"10,000,000,000,000": MaxAmount,
	}
	for in, want := range good {
		if got, err := amount(in); err != nil || got != want {
			t.Errorf("amount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	bad := map[string]string{
		"-5":                      "is negative",
		"-1,000元":                 "is negative",
		"−300":                    "is negative",
		"(1,000)":                 "is negative",
		"abc":                     "is not an amount",
		"一百萬":                     "is not an amount",
		"12,34,5":                 "is not an amount",
		"１２３":                     "is not an amount",
		"1,000 USD":               "is not an amount",
		"1234.5":                  "has decimals",
		"1,234.56元":               "has decimals",
		"1.23457E+12":             "exponent",
		"1e9":                     "exponent",
		"10,000,000,000,001":      "is more than 10000000000000",
		"99999999999999999999":    "is more than",
		"9223372036854775808":     "is more than",
		"999,999,999,999,999,999": "is more than",
	}
	for in, want := range bad {
		if got, err := amount(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("amount(%q) = %d, %v; want an error with %q", in, got, err, want)
		}
	}
}

func TestDate(t *testing.T) {
	day := func(y int, m time.Month, d, hh, mm int) time.Time {
		return time.Date(y, m, d, hh, mm, 0, 0, pcc.Taipei)
	}
	good := map[string]time.Time{
		"2024-02-29":       day(2024, 2, 29, 0, 0),
		"2024/02/29":       day(2024, 2, 29, 0, 0),
		"2024/2/9":         day(2024, 2, 9, 0, 0),
		"113/02/29":        day(2024, 2, 29, 0, 0),
		"113/2/29":         day(2024, 2, 29, 0, 0),
		"113-02-29":        day(2024, 2, 29, 0, 0),
		"113.02.29":        day(2024, 2, 29, 0, 0),
		"1130229":          day(2024, 2, 29, 0, 0),
		"20240229":         day(2024, 2, 29, 0, 0),
		"113年2月29日":        day(2024, 2, 29, 0, 0),
		"99/12/31":         day(2010, 12, 31, 0, 0),
		"113/03/01 17:00":  day(2024, 3, 1, 17, 0),
		"2024-03-01 09:30": day(2024, 3, 1, 9, 30),
		" 113/03/01 ":      day(2024, 3, 1, 0, 0),
	}
	for in, want := range good {
		if got, err := ParseDate(in); err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"113/02/30":        "February 2024 has 29 days",
		"1130230":          "February 2024 has 29 days",
		"112/02/29":        "February 2023 has 28 days",
		"2023-02-29":       "February 2023 has 28 days",
		"2024-04-31":       "April 2024 has 30 days",
		"113/13/01":        "there is no month 13",
		"113/00/10":        "there is no month 0",
		"113/01/00":        "January 2024 has 31 days",
		"24/02/29":         "is before 1950", // a two-digit western year
		"24/03/01":         "is before 1950",
		"200/01/01":        "out of range",
		"明天":               "is not a date",
		"2024-02-29T10:00": "is not a date",
		"113/02":           "is not a date",
		"113/02/28/1":      "is not a date",
		"113/03/01 25:00":  "is not a date",
		"45000":            "is not a date", // an Excel serial day number
		"1,000,000":        "is not a date",
	}
	for in, want := range bad {
		if got, err := ParseDate(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDate(%q) = %v, %v; want an error with %q", in, got, err, want)
		}
	}
}

func TestCount(t *testing.T) {
	for in, want := range map[string]int{"3": 3, "0": 0, "12家": 12, " 9999 ": 9999} {
		if got, err := count(in); err != nil || got != want {
			t.Errorf("count(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, want := range map[string]string{"三家": "not a whole number", "-1": "negative", "2.5": "not a whole number", "10000": "more than 9999", "99999999999999999999": "more than 9999"} {
		if got, err := count(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("count(%q) = %d, %v; want an error with %q", in, got, err, want)
		}
	}
}

func TestCodes(t *testing.T) {
	for _, in := range []string{"12345678", "04595257", "FA12345", "A-001"} {
		if _, err := vendorCode(in); err != nil {
			t.Errorf("vendorCode(%q): %v", in, err)
		}
	}
	for in, want := range map[string]string{"4595257": "dropped a leading zero", "123456789": "has 9 digits", "甲公司": "not a 統一編號", "1234 5678": "not a 統一編號"} {
		if _, err := vendorCode(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("vendorCode(%q) = %v, want an error with %q", in, err, want)
		}
	}
	for _, in := range []string{"3.76.47", "A.15", "376470000A"} {
		if _, err := AgencyCode(in); err != nil {
			t.Errorf("AgencyCode(%q): %v", in, err)
		}
	}
	for _, in := range []string{"臺中市政府", "3 76 47", "3/76/47"} {
		if _, err := AgencyCode(in); err == nil {
			t.Errorf("AgencyCode(%q) accepted", in)
		}
	}
	if _, err := code("113 A 001"); err == nil {
		t.Error("code with a space accepted")
	}
	if got, err := Text(" 道路\n維護\u3000工程 ", maxText); err != nil || got != "道路 維護 工程" {
		t.Errorf("text = %q, %v", got, err)
	}
	// Cells Text leaves as they are come back unchanged; the others are cleaned.
	for _, in := range []string{"", "道路維護工程", "Road works 2", "a b c", "長\ufffd"} {
		if got, err := Text(in, maxText); err != nil || got != in {
			t.Errorf("Text(%q) = %q, %v", in, got, err)
		}
	}
	for in, want := range map[string]string{" a": "a", "a ": "a", "a  b": "a b", "a\u00a0b": "a b", "\xff": "\ufffd", "a\tb": "a b"} {
		if got, err := Text(in, maxText); err != nil || got != want {
			t.Errorf("Text(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := Text("道路\x07維護", maxText); err == nil || !strings.Contains(err.Error(), "control character") {
		t.Errorf("text with BEL: %v", err)
	}
	if _, err := Text(strings.Repeat("長", maxText+1), maxText); err == nil {
		t.Error("over-long text accepted")
	}
}

func TestMethodCategoryCurrency(t *testing.T) {
	methods := map[string][2]string{
		"公開招標":               {"open", "公開招標"},
		"公開取得報價單或企劃書":        {"open", "公開取得報價單或企劃書"},
		"選擇性招標(建立合格廠商名單)":    {"selective", "選擇性招標(建立合格廠商名單)"},
		"限制性招標(經公開評選或公開徵求)":  {"limited", "限制性招標(經公開評選或公開徵求)"},
		"限制性招標(未經公開評選或公開徵求)": {"limited", "限制性招標(未經公開評選或公開徵求)"},
		"Open":   {"open", ""},
		"direct": {"direct", ""},
	}
	for in, want := range methods {
		if c, d, err := method(in); err != nil || c != want[0] || d != want[1] {
			t.Errorf("method(%q) = %q, %q, %v; want %v", in, c, d, err, want)
		}
	}
	if _, _, err := method("比價"); err == nil {
		t.Error("method 比價 accepted")
	}
	for in, want := range map[string]string{"工程": "works", "財物類": "goods", "勞務類82-不動產服務": "services", "Services": "services"} {
		if got, err := category(in); err != nil || got != want {
			t.Errorf("category(%q) = %q, %v; want %s", in, got, err, want)
		}
	}
	if _, err := category("其他"); err == nil {
		t.Error("category 其他 accepted")
	}
	for in, want := range map[string]string{"TWD": "TWD", "usd": "USD", "新臺幣": "TWD", "NTD": "TWD"} {
		if got, err := currency(in); err != nil || got != want {
			t.Errorf("currency(%q) = %q, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"元", "US", "DOLLARS"} {
		if _, err := currency(in); err == nil {
			t.Errorf("currency(%q) accepted", in)
		}
	}
}
