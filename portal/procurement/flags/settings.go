package flags

import (
	_ "embed"
	"slices"
	"strconv"
	"strings"

	"integrity-portal/portal/procurement/indicators"
)

// TaiwanINI is the default settings file: every indicator enabled, amounts in TWD, and R003's
// minimum tender periods calibrated to Taiwan's rules per 招標方式 (see docs/red-flags.md).
//
//go:embed taiwan.ini
var TaiwanINI string

// DefaultCurrency is the main currency of the concentration figures when the settings name none.
const DefaultCurrency = "TWD"

// TaiwanSettings returns TaiwanINI parsed. The file is embedded and checked by a test, so a parse
// error is a build defect and panics.
func TaiwanSettings() indicators.Settings {
	s, err := indicators.ParseSettings(strings.NewReader(TaiwanINI))
	if err != nil {
		panic("flags: taiwan.ini: " + err.Error())
	}
	return s
}

// Line is one sentence about a setting: a message key and its arguments (at most two), already
// written as text.
type Line struct {
	Key  string
	Args []string
}

// MethodThreshold is R003's minimum for one procurementMethodDetails value.
type MethodThreshold struct {
	Details string
	Days    int64
	// WhyKey is the message that explains the threshold in the terms of Taiwan's rules on tender
	// periods (招標期限標準), as taiwan.ini's comments do; "" for a 招標方式 the file does not know.
	WhyKey string
}

// taiwanMethods are the 招標方式 of taiwan.ini in the order a procurement officer reads them, each
// with the message that explains its threshold (arguments: the threshold and the shortest period
// it allows, in days).
var taiwanMethods = []struct{ details, why string }{
	{"公開招標", "flag.R003.tw.open"},
	{"選擇性招標(個案)", "flag.R003.tw.selective"},
	{"選擇性招標(建立合格廠商名單)", "flag.R003.tw.selective"},
	{"選擇性招標(個案後續邀標)", "flag.R003.tw.invited"},
	{"選擇性招標(建立合格廠商名單後續邀標)", "flag.R003.tw.invited"},
	{"限制性招標(經公開評選或公開徵求)", "flag.R003.tw.limited_public"},
	{"限制性招標(未經公開評選或公開徵求)", "flag.R003.tw.limited"},
	{"公開取得報價單或企劃書", "flag.R003.tw.quotation"},
	{"公開取得電子報價單", "flag.R003.tw.e_quotation"},
}

// R003DefaultWhy explains R003's threshold for a 招標方式 not listed (arguments as taiwanMethods').
const R003DefaultWhy = "flag.R003.tw.default"

// Enabled reports whether the settings run the indicator (R040 and R051 always run).
func Enabled(code string, s indicators.Settings) bool {
	switch code {
	case "R003":
		return s.R003 != nil
	case "R018":
		return s.R018 != nil
	case "R024":
		return s.R024 != nil
	case "R025":
		return s.R025 != nil
	case "R028":
		return s.R028 != nil
	case "R030":
		return s.R030 != nil
	case "R035":
		return s.R035 != nil
	case "R036":
		return s.R036 != nil
	case "R038":
		return s.R038 != nil
	case "R048":
		return s.R048 != nil
	case "R058":
		return s.R058 != nil
	case "R040", "R051":
		return true
	}
	return false
}

// SettingLines describes in words how the settings configure the indicator (with cardinal's
// defaults where a value is unset); none for an indicator that has no settings.
func SettingLines(code string, s indicators.Settings) []Line {
	if !Enabled(code, s) {
		return nil
	}
	var lines []Line
	add := func(key string, args ...string) { lines = append(lines, Line{Key: key, Args: args}) }
	switch code {
	case "R003":
		add("flag.R003.setting", itoa(deref(s.R003.Threshold, 15)))
		if len(s.R003.ProcurementMethods) > 0 {
			add("flag.setting_methods", strings.Join(s.R003.ProcurementMethods, ", "))
		}
	case "R018":
		switch m := s.R018.ProcurementMethods; {
		case m == nil:
			add("flag.setting_methods", "open, selective")
		case len(m) > 0:
			add("flag.setting_methods", strings.Join(m, ", "))
		}
	case "R024":
		fence(add, "low", s.R024.Threshold, Percent)
	case "R025":
		add("flag.R025.setting", utoa(deref(s.R025.Percentile, 75)))
		fence(add, "low", s.R025.Threshold, Percent)
	case "R035":
		add("flag.R035.setting", utoa(max(deref(s.R035.Threshold, 1), 1)))
	case "R038":
		add("flag.R038.setting", utoa(deref(s.R038.MinimumSubmittedBids, 2)),
			utoa(deref(s.R038.MinimumContractingProcesses, 2)))
		fence(add, "high", s.R038.Threshold, Percent)
	case "R048":
		add("flag.R048.setting", utoa(deref(s.R048.Digits, 2)), utoa(deref(s.R048.MinimumContractingProcesses, 20)))
		var t *float64
		if s.R048.Threshold != nil {
			f := float64(*s.R048.Threshold)
			t = &f
		}
		fence(add, "high", t, func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) })
	case "R058":
		fence(add, "high", s.R058.Threshold, Percent)
	case "R040", "R051":
		add("flag.concentration_setting", Currency(s))
	}
	switch code {
	case "R024", "R028", "R036", "R058":
		if len(s.PriceComparisonProcurementMethods) > 0 {
			add("flag.setting_price_only", strings.Join(s.PriceComparisonProcurementMethods, ", "))
		} else if len(s.NoPriceComparisonProcurementMethods) > 0 {
			add("flag.setting_no_price", strings.Join(s.NoPriceComparisonProcurementMethods, ", "))
		}
	}
	return lines
}

// fence describes a dataset-wide fence (side "low": Q1 − 1.5·IQR, "high": Q3 + 1.5·IQR) or the
// fixed threshold that replaces it.
func fence(add func(string, ...string), side string, threshold *float64, format func(float64) string) {
	if threshold != nil {
		add("flag.fence_fixed_"+side, format(*threshold))
		return
	}
	add("flag.fence_" + side)
}

// R003Thresholds lists R003's minimums per procurementMethodDetails: those of taiwan.ini in its
// order, with their explanations, then any others by name.
func R003Thresholds(s indicators.Settings) []MethodThreshold {
	if s.R003 == nil {
		return nil
	}
	out := make([]MethodThreshold, 0, len(s.R003.ProcurementMethodDetails))
	for d, days := range s.R003.ProcurementMethodDetails {
		out = append(out, MethodThreshold{Details: d, Days: days})
	}
	rank := func(d string) int {
		for i, m := range taiwanMethods {
			if m.details == d {
				return i
			}
		}
		return len(taiwanMethods)
	}
	for i := range out {
		if r := rank(out[i].Details); r < len(taiwanMethods) {
			out[i].WhyKey = taiwanMethods[r].why
		}
	}
	slices.SortFunc(out, func(a, b MethodThreshold) int {
		if c := rank(a.Details) - rank(b.Details); c != 0 {
			return c
		}
		return strings.Compare(a.Details, b.Details)
	})
	return out
}

// Currency is the main currency of the settings, or DefaultCurrency.
func Currency(s indicators.Settings) string {
	if s.Currency != "" {
		return s.Currency
	}
	return DefaultCurrency
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func itoa(n int64) string  { return strconv.FormatInt(n, 10) }
func utoa(n uint64) string { return strconv.FormatUint(n, 10) }
