package indicators

import (
	"strings"
	"testing"
)

func TestParseSettings(t *testing.T) {
	const ini = `; cardinal init-style file
currency = TWD
no_price_comparison_procurement_methods = 最有利標|Random Selection|
# price_comparison_procurement_methods = open

[defaults]
currency = TWD

[exclusions]
procurement_method_details = "限制性招標"

[R003]
threshold = 10
procurement_methods = open|selective

[R003.procurement_method_details]
公開取得報價單或企劃書 = 5
emergency = 7

[R018]
procurement_methods =

[R024]
threshold = 0.05

[R025]
percentile = 90

[R028]
[R035]
threshold = 0

[R038]
minimum_submitted_bids = 3
threshold = 0.5

[R048]
digits = 4
minimum_contracting_processes = 1
`
	s, err := ParseSettings(strings.NewReader(ini))
	if err != nil {
		t.Fatal(err)
	}
	if s.Currency != "TWD" {
		t.Errorf("Currency = %q", s.Currency)
	}
	if got := strings.Join(s.NoPriceComparisonProcurementMethods, ","); got != "最有利標,Random Selection" {
		t.Errorf("no price comparison = %q (a trailing | adds nothing)", got)
	}
	if s.PriceComparisonProcurementMethods != nil {
		t.Errorf("commented key was read: %q", s.PriceComparisonProcurementMethods)
	}
	if got := s.Exclusions.ProcurementMethodDetails; len(got) != 1 || got[0] != "限制性招標" {
		t.Errorf("exclusions = %q (quotes are removed)", got)
	}
	if s.R003 == nil || *s.R003.Threshold != 10 || strings.Join(s.R003.ProcurementMethods, ",") != "open,selective" ||
		s.R003.ProcurementMethodDetails["公開取得報價單或企劃書"] != 5 || s.R003.ProcurementMethodDetails["emergency"] != 7 {
		t.Errorf("R003 = %+v", s.R003)
	}
	if s.R018 == nil || s.R018.ProcurementMethods == nil || len(s.R018.ProcurementMethods) != 0 {
		t.Errorf("R018: an empty value must be an empty, non-nil list (all methods): %#v", s.R018)
	}
	if s.R024 == nil || *s.R024.Threshold != 0.05 {
		t.Errorf("R024 = %+v", s.R024)
	}
	if s.R025 == nil || *s.R025.Percentile != 90 || s.R025.Threshold != nil {
		t.Errorf("R025 = %+v", s.R025)
	}
	if s.R028 == nil || s.R035 == nil || *s.R035.Threshold != 0 {
		t.Errorf("R028 = %v, R035 = %+v", s.R028, s.R035)
	}
	if s.R038 == nil || *s.R038.MinimumSubmittedBids != 3 || *s.R038.Threshold != 0.5 || s.R038.MinimumContractingProcesses != nil {
		t.Errorf("R038 = %+v", s.R038)
	}
	if s.R048 == nil || *s.R048.Digits != 4 || *s.R048.MinimumContractingProcesses != 1 {
		t.Errorf("R048 = %+v", s.R048)
	}
	if s.R030 != nil || s.R036 != nil || s.R058 != nil {
		t.Errorf("absent sections enabled: %+v", s)
	}
}

func TestParseSettingsSubsectionEnablesIndicator(t *testing.T) {
	s, err := ParseSettings(strings.NewReader("[R003.procurement_method_details]\nx = 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.R003 == nil || s.R003.Threshold != nil || s.R003.ProcurementMethodDetails["x"] != 5 {
		t.Errorf("R003 = %+v", s.R003)
	}
}

func TestParseSettingsEmpty(t *testing.T) {
	s, err := ParseSettings(strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	if len(build(s)) != 0 {
		t.Errorf("an empty settings file enables %d indicators, want none (cardinal's default)", len(build(s)))
	}
}

func TestParseSettingsErrors(t *testing.T) {
	for name, ini := range map[string]string{
		"unknown global key":       "curency = USD\n",
		"unknown indicator key":    "[R024]\npercentile = 5\n",
		"key in keyless section":   "[R036]\nthreshold = 1\n",
		"unsupported indicator":    "[R055]\n",
		"unknown section":          "[R999]\n",
		"not an integer":           "[R003]\nthreshold = 1.5\n",
		"negative count":           "[R035]\nthreshold = -1\n",
		"not a number":             "[R058]\nthreshold = high\n",
		"not an integer (details)": "[R003.procurement_method_details]\nx = five\n",
		"unterminated header":      "[R003\n",
		"no equals sign":           "[R003]\nthreshold\n",
	} {
		if _, err := ParseSettings(strings.NewReader(ini)); err == nil {
			t.Errorf("%s: no error for %q", name, ini)
		}
	}
}

func TestParseSettingsFixedPriceAlias(t *testing.T) {
	s, err := ParseSettings(strings.NewReader("fixed_price_procurement_methods = A|B\n"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.NoPriceComparisonProcurementMethods, ",") != "A,B" {
		t.Errorf("alias not applied: %+v", s)
	}
}
