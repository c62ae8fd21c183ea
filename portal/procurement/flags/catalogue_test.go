package flags

import (
	"regexp"
	"slices"
	"testing"

	"integrity-portal/internal/i18n"
	"integrity-portal/portal/procurement/indicators"
	"integrity-portal/portal/procurement/store"
)

// verbs counts the fmt verbs of a message.
var verbs = regexp.MustCompile(`%(\[\d\])?[sdv]`)

// checkKey fails unless key is in both catalogues with nArgs verbs.
func checkKey(t *testing.T, cat i18n.Catalogues, key string, nArgs int) {
	t.Helper()
	for _, lang := range i18n.Supported {
		msg, ok := cat[lang][key]
		if !ok {
			t.Errorf("%s lacks %q", lang, key)
			continue
		}
		if n := len(verbs.FindAllString(msg, -1)); n != nArgs {
			t.Errorf("%s %q has %d arguments, the code gives %d", lang, key, n, nArgs)
		}
	}
}

func TestEveryIndicatorIsExplainedInBothLanguages(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range Catalogue {
		for _, key := range []string{ind.TitleKey(), ind.MeansKey(), ind.NotProofKey()} {
			checkKey(t, cat, key, 0)
		}
	}
	// Every setting sentence, under the Taiwan settings and under settings that take the other
	// branches (fixed thresholds, method lists).
	other := parseSettings(t, `no_price_comparison_procurement_methods = A|B
[R003]
procurement_methods = open
[R018]
procurement_methods = limited
[R024]
threshold = 0.01
[R025]
threshold = 0.1
[R035]
[R038]
threshold = 0.5
[R048]
threshold = 7
[R058]
threshold = 2
`)
	priceOnly := parseSettings(t, "price_comparison_procurement_methods = X\n[R028]\n[R018]\nprocurement_methods =\n")
	seen := map[string]bool{}
	for _, s := range []indicators.Settings{TaiwanSettings(), other, priceOnly} {
		for _, ind := range Catalogue {
			for _, l := range SettingLines(ind.Code, s) {
				checkKey(t, cat, l.Key, len(l.Args))
				seen[l.Key] = true
			}
		}
	}
	for _, key := range []string{"flag.fence_fixed_low", "flag.fence_fixed_high", "flag.fence_low", "flag.fence_high",
		"flag.setting_no_price", "flag.setting_price_only", "flag.setting_methods", "flag.concentration_setting"} {
		if !seen[key] {
			t.Errorf("no settings produced %s: the test does not cover it", key)
		}
	}
}

func TestTaiwanSettings(t *testing.T) {
	s := TaiwanSettings()
	for _, ind := range Catalogue {
		if !Enabled(ind.Code, s) {
			t.Errorf("%s is not enabled by taiwan.ini", ind.Code)
		}
	}
	if s.Currency != "TWD" || Currency(s) != "TWD" {
		t.Errorf("currency %q", s.Currency)
	}
	want := map[string]int64{"公開招標": 4, "限制性招標(經公開評選或公開徵求)": 4, "限制性招標(未經公開評選或公開徵求)": 0,
		"公開取得報價單或企劃書": 4, "公開取得電子報價單": 2}
	for details, days := range want {
		if got, ok := s.R003.ProcurementMethodDetails[details]; !ok || got != days {
			t.Errorf("R003 %s = %d (%v), want %d", details, got, ok, days)
		}
	}
	if *s.R003.Threshold != 4 || s.R003.ProcurementMethods != nil {
		t.Errorf("R003 = %+v", s.R003)
	}
	// Every method of the file is explained, in the file's order: open tender first.
	th := R003Thresholds(s)
	if len(th) != len(s.R003.ProcurementMethodDetails) || th[0].Details != "公開招標" || th[len(th)-1].Details != "公開取得電子報價單" {
		t.Errorf("R003Thresholds = %v", th)
	}
	for _, m := range th {
		if m.WhyKey == "" {
			t.Errorf("R003's threshold for %s is not explained", m.Details)
		}
	}
}

func TestProcessCodesAreTheStoreFilters(t *testing.T) {
	if got := ProcessCodes(); !slices.Equal(got, store.ProcessFlags) {
		t.Errorf("process-level codes %v, but store.Query accepts %v", got, store.ProcessFlags)
	}
}

func TestDisplay(t *testing.T) {
	r024, _ := Lookup("R024")
	r035, _ := Lookup("R035")
	r003, _ := Lookup("R003")
	for _, c := range []struct {
		ind     Indicator
		subject Subject
		value   float64
		want    string
	}{
		{r024, SubjectProcess, 0.0034, "0.3%"},
		{r024, SubjectProcess, 0.0001, "<0.1%"},
		{r024, SubjectTenderer, 0, ""}, // a marker
		{r035, SubjectProcess, 2, "2"},
		{r003, SubjectProcess, 1, ""},
	} {
		if got := c.ind.Display(c.subject, c.value); got != c.want {
			t.Errorf("%s %s %v = %q, want %q", c.ind.Code, c.subject, c.value, got, c.want)
		}
	}
	if _, ok := Lookup("R999"); ok {
		t.Error("Lookup found R999")
	}
}
