package indicators

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Settings are cardinal's INI settings for the indicators command. A nil indicator field means
// its section is absent, so the indicator does not run; a non-nil one (even empty) enables it.
// Within a section, nil pointers and nil slices mean "unset": cardinal's default applies.
type Settings struct {
	// Currency is the main currency ("currency"). Empty: the first observed currency.
	Currency string
	// NoPriceComparisonProcurementMethods ("no_price_comparison_procurement_methods", formerly
	// "fixed_price_procurement_methods") lists /tender/procurementMethodDetails values for which
	// price-based indicators (R024, R028, R036, R058) are skipped.
	NoPriceComparisonProcurementMethods []string
	// PriceComparisonProcurementMethods ("price_comparison_procurement_methods") is an allow list:
	// if non-empty, price-based indicators run only for these values, and the deny list above has
	// no effect.
	PriceComparisonProcurementMethods []string
	// Exclusions is the [exclusions] section, which applies to every indicator.
	Exclusions Exclusions

	R003 *R003Settings
	R018 *R018Settings
	R024 *FenceSettings
	R025 *R025Settings
	R028 *NoSettings
	R030 *NoSettings
	R035 *R035Settings
	R036 *NoSettings
	R038 *R038Settings
	R048 *R048Settings
	R058 *FenceSettings
}

// Exclusions is the [exclusions] section.
type Exclusions struct {
	// ProcurementMethodDetails ("procurement_method_details"): releases whose
	// /tender/procurementMethodDetails is in this list are skipped by all indicators.
	ProcurementMethodDetails []string
}

// NoSettings enables an indicator that has no settings.
type NoSettings struct{}

// FenceSettings are the settings of R024 and R058.
type FenceSettings struct {
	// Threshold ("threshold") replaces the computed fence.
	Threshold *float64
}

// R003Settings are the settings of R003 (short submission period).
type R003Settings struct {
	// Threshold ("threshold") is the minimum number of days; default 15.
	Threshold *int64
	// ProcurementMethods ("procurement_methods"): only these /tender/procurementMethod values are
	// checked; nil or empty: all.
	ProcurementMethods []string
	// ProcurementMethodDetails ([R003.procurement_method_details]) maps a
	// /tender/procurementMethodDetails value to its own minimum number of days.
	ProcurementMethodDetails map[string]int64
}

// R018Settings are the settings of R018 (single bid received).
type R018Settings struct {
	// ProcurementMethods ("procurement_methods"): nil means cardinal's default, open|selective;
	// a non-nil empty list means all procurement methods.
	ProcurementMethods []string
}

// R025Settings are the settings of R025 (excessive unsuccessful bids).
type R025Settings struct {
	// Percentile ("percentile") of the numbers of valid bids that makes a top tenderer; default 75.
	Percentile *uint64
	// Threshold ("threshold") replaces the computed lower fence of the ratios.
	Threshold *float64
}

// R035Settings are the settings of R035 (all except winning bid disqualified).
type R035Settings struct {
	// Threshold ("threshold") is the minimum number of other tenderers disqualified; default 1
	// (values below 1 count as 1).
	Threshold *uint64
}

// R038Settings are the settings of R038 (excessive disqualified bids).
type R038Settings struct {
	// Threshold ("threshold") replaces the computed upper fence.
	Threshold *float64
	// MinimumSubmittedBids ("minimum_submitted_bids") a tenderer needs to be considered; default 2.
	MinimumSubmittedBids *uint64
	// MinimumContractingProcesses ("minimum_contracting_processes") a buyer or procuring entity
	// needs to be considered; default 2. As in cardinal, what is counted is submitted bids.
	MinimumContractingProcesses *uint64
}

// R048Settings are the settings of R048 (heterogeneous supplier).
type R048Settings struct {
	// Digits ("digits") of the item classification that are compared; default 2.
	Digits *uint64
	// Threshold ("threshold") replaces the computed upper fence.
	Threshold *uint64
	// MinimumContractingProcesses ("minimum_contracting_processes") a supplier needs to be
	// considered; default 20.
	MinimumContractingProcesses *uint64
}

// ignoredSections belong to cardinal's "prepare" command; they may appear in a shared settings
// file and are accepted without effect.
var ignoredSections = map[string]bool{
	"defaults": true, "redactions": true, "corrections": true, "modifications": true,
	"codelists.bid_status": true, "codelists.award_status": true,
}

// ParseSettings reads cardinal's INI format: global keys before any section, sections like [R003]
// and [R003.procurement_method_details], "key = value" lines, "|"-separated lists, and full-line
// comments starting with ";" or "#". Values may be wrapped in matching quotes. Keys and section
// names are case-sensitive. An unknown key, an unknown section or an indicator this package does
// not implement is an error, so that nothing is silently not computed.
func ParseSettings(r io.Reader) (Settings, error) {
	var s Settings
	section := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if line == "" || line[0] == ';' || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			if !strings.HasSuffix(line, "]") {
				return Settings{}, fmt.Errorf("settings line %d: unterminated section header", n)
			}
			section = strings.TrimSpace(line[1 : len(line)-1])
			if err := s.enable(section); err != nil {
				return Settings{}, fmt.Errorf("settings line %d: %w", n, err)
			}
			continue
		}
		i := strings.IndexByte(line, '=')
		if i < 0 {
			i = strings.IndexByte(line, ':')
		}
		if i <= 0 {
			return Settings{}, fmt.Errorf("settings line %d: expected key = value", n)
		}
		key := strings.TrimSpace(line[:i])
		value := unquote(strings.TrimSpace(line[i+1:]))
		if err := s.set(section, key, value); err != nil {
			return Settings{}, fmt.Errorf("settings line %d: [%s] %s: %w", n, section, key, err)
		}
	}
	if err := sc.Err(); err != nil {
		return Settings{}, fmt.Errorf("reading settings: %w", err)
	}
	return s, nil
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// enable records that a section is present.
func (s *Settings) enable(section string) error {
	switch section {
	case "exclusions":
	case "R003", "R003.procurement_method_details":
		if s.R003 == nil {
			s.R003 = &R003Settings{}
		}
	case "R018":
		if s.R018 == nil {
			s.R018 = &R018Settings{}
		}
	case "R024":
		if s.R024 == nil {
			s.R024 = &FenceSettings{}
		}
	case "R025":
		if s.R025 == nil {
			s.R025 = &R025Settings{}
		}
	case "R028":
		s.R028 = &NoSettings{}
	case "R030":
		s.R030 = &NoSettings{}
	case "R035":
		if s.R035 == nil {
			s.R035 = &R035Settings{}
		}
	case "R036":
		s.R036 = &NoSettings{}
	case "R038":
		if s.R038 == nil {
			s.R038 = &R038Settings{}
		}
	case "R048":
		if s.R048 == nil {
			s.R048 = &R048Settings{}
		}
	case "R058":
		if s.R058 == nil {
			s.R058 = &FenceSettings{}
		}
	default:
		if ignoredSections[section] {
			return nil
		}
		return fmt.Errorf("unknown or unsupported section [%s]", section)
	}
	return nil
}

var errUnknownKey = fmt.Errorf("unknown key")

// set assigns one key of a section.
func (s *Settings) set(section, key, value string) error {
	switch section {
	case "":
		switch key {
		case "currency":
			s.Currency = value
		case "no_price_comparison_procurement_methods", "fixed_price_procurement_methods":
			s.NoPriceComparisonProcurementMethods = splitPipes(value)
		case "price_comparison_procurement_methods":
			s.PriceComparisonProcurementMethods = splitPipes(value)
		default:
			return errUnknownKey
		}
	case "exclusions":
		if key != "procurement_method_details" {
			return errUnknownKey
		}
		s.Exclusions.ProcurementMethodDetails = splitPipes(value)
	case "R003":
		switch key {
		case "threshold":
			return setInt(&s.R003.Threshold, value)
		case "procurement_methods":
			s.R003.ProcurementMethods = splitPipes(value)
		default:
			return errUnknownKey
		}
	case "R003.procurement_method_details":
		days, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			return err
		}
		if s.R003.ProcurementMethodDetails == nil {
			s.R003.ProcurementMethodDetails = map[string]int64{}
		}
		s.R003.ProcurementMethodDetails[key] = days
	case "R018":
		if key != "procurement_methods" {
			return errUnknownKey
		}
		s.R018.ProcurementMethods = splitPipes(value)
	case "R024", "R058":
		if key != "threshold" {
			return errUnknownKey
		}
		if section == "R024" {
			return setFloat(&s.R024.Threshold, value)
		}
		return setFloat(&s.R058.Threshold, value)
	case "R025":
		switch key {
		case "percentile":
			return setUint(&s.R025.Percentile, value)
		case "threshold":
			return setFloat(&s.R025.Threshold, value)
		default:
			return errUnknownKey
		}
	case "R035":
		if key != "threshold" {
			return errUnknownKey
		}
		return setUint(&s.R035.Threshold, value)
	case "R038":
		switch key {
		case "threshold":
			return setFloat(&s.R038.Threshold, value)
		case "minimum_submitted_bids":
			return setUint(&s.R038.MinimumSubmittedBids, value)
		case "minimum_contracting_processes":
			return setUint(&s.R038.MinimumContractingProcesses, value)
		default:
			return errUnknownKey
		}
	case "R048":
		switch key {
		case "digits":
			return setUint(&s.R048.Digits, value)
		case "threshold":
			return setUint(&s.R048.Threshold, value)
		case "minimum_contracting_processes":
			return setUint(&s.R048.MinimumContractingProcesses, value)
		default:
			return errUnknownKey
		}
	default:
		if ignoredSections[section] {
			return nil
		}
		return errUnknownKey // R028, R030, R036 have no keys
	}
	return nil
}

// splitPipes splits a "|"-separated list like Rust's split_terminator: a trailing separator does
// not add an empty item, and an empty value is an empty (non-nil) list.
func splitPipes(v string) []string {
	parts := strings.Split(v, "|")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

func setInt(dst **int64, v string) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return err
	}
	*dst = &n
	return nil
}

func setUint(dst **uint64, v string) error {
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return err
	}
	*dst = &n
	return nil
}

func setFloat(dst **float64, v string) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return err
	}
	*dst = &f
	return nil
}
