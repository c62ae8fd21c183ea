package flags

import (
	"math"
	"strconv"
)

// Subject is what a flag is raised for: the group of cardinal's output, as stored in
// procurement_flags.subject_type.
type Subject string

const (
	SubjectProcess         Subject = "ocid"             // a contracting process
	SubjectBuyer           Subject = "buyer"            // /buyer/id (機關代碼)
	SubjectProcuringEntity Subject = "procuring_entity" // /tender/procuringEntity/id
	SubjectTenderer        Subject = "tenderer"         // a tenderer's or supplier's id (統一編號)
)

// subjectOfGroup maps cardinal's output groups to subjects.
var subjectOfGroup = map[string]Subject{
	"OCID": SubjectProcess, "Buyer": SubjectBuyer, "ProcuringEntity": SubjectProcuringEntity,
	"Tenderer": SubjectTenderer,
}

// ValueKind says what an indicator's value means, and so how a page shows it.
type ValueKind int

const (
	ValueMarker ValueKind = iota // 1.0 (or 0.0): the flag is raised, the number says nothing more
	ValueShare                   // a fraction, shown as a percentage
	ValueCount                   // a whole number
)

// Indicator describes one red flag. Its texts are message keys: flag.<Code>.title, .means (what
// pattern was seen and why it can matter), .not_proof (what it does not prove) in
// internal/i18n/catalog.
type Indicator struct {
	Code string
	// Subjects are the groups the indicator flags, the main one first.
	Subjects []Subject
	// Value is what the value means for the subjects in Valued; for other subjects it is a marker
	// (cardinal flags the tenderers involved in a flagged process with 0.0).
	Value  ValueKind
	Valued []Subject
	// Concentration is true for R040 and R051, computed here per buyer and year: they raise no
	// flag and are read from procurement_concentration.
	Concentration bool
}

// Catalogue lists every indicator, in the order pages show them.
var Catalogue = []Indicator{
	{Code: "R003", Subjects: []Subject{SubjectProcess}},
	{Code: "R018", Subjects: []Subject{SubjectProcess}},
	{Code: "R024", Subjects: []Subject{SubjectProcess, SubjectTenderer}, Value: ValueShare, Valued: []Subject{SubjectProcess}},
	{Code: "R025", Subjects: []Subject{SubjectTenderer}, Value: ValueShare, Valued: []Subject{SubjectTenderer}},
	{Code: "R028", Subjects: []Subject{SubjectProcess, SubjectTenderer}},
	{Code: "R030", Subjects: []Subject{SubjectProcess, SubjectTenderer}},
	{Code: "R035", Subjects: []Subject{SubjectProcess, SubjectTenderer}, Value: ValueCount, Valued: []Subject{SubjectProcess}},
	{Code: "R036", Subjects: []Subject{SubjectProcess}},
	{Code: "R038", Subjects: []Subject{SubjectBuyer, SubjectProcuringEntity, SubjectTenderer}, Value: ValueShare,
		Valued: []Subject{SubjectBuyer, SubjectProcuringEntity, SubjectTenderer}},
	{Code: "R048", Subjects: []Subject{SubjectTenderer}, Value: ValueCount, Valued: []Subject{SubjectTenderer}},
	{Code: "R058", Subjects: []Subject{SubjectProcess, SubjectTenderer}, Value: ValueShare, Valued: []Subject{SubjectProcess}},
	{Code: "R040", Subjects: []Subject{SubjectBuyer}, Value: ValueShare, Concentration: true},
	{Code: "R051", Subjects: []Subject{SubjectBuyer}, Value: ValueCount, Concentration: true},
}

// Lookup returns the indicator with the given code.
func Lookup(code string) (Indicator, bool) {
	for _, ind := range Catalogue {
		if ind.Code == code {
			return ind, true
		}
	}
	return Indicator{}, false
}

// ProcessCodes returns the codes that flag processes, in catalogue order: the values, besides
// "any", that a tender list can filter on.
func ProcessCodes() []string {
	var codes []string
	for _, ind := range Catalogue {
		if ind.Flags(SubjectProcess) {
			codes = append(codes, ind.Code)
		}
	}
	return codes
}

// Flags reports whether the indicator raises flags for subject.
func (ind Indicator) Flags(subject Subject) bool {
	if ind.Concentration {
		return false
	}
	for _, s := range ind.Subjects {
		if s == subject {
			return true
		}
	}
	return false
}

// TitleKey, MeansKey and NotProofKey are the indicator's message keys.
func (ind Indicator) TitleKey() string    { return "flag." + ind.Code + ".title" }
func (ind Indicator) MeansKey() string    { return "flag." + ind.Code + ".means" }
func (ind Indicator) NotProofKey() string { return "flag." + ind.Code + ".not_proof" }

// Display writes a flag's value for subject as a page shows it (language-neutral: "12.5%", "3"),
// or "" when the value says nothing beyond the flag being raised.
func (ind Indicator) Display(subject Subject, value float64) string {
	valued := false
	for _, s := range ind.Valued {
		valued = valued || s == subject
	}
	if !valued || math.IsNaN(value) || math.IsInf(value, 0) {
		return ""
	}
	switch ind.Value {
	case ValueShare:
		return Percent(value)
	case ValueCount:
		return strconv.FormatFloat(value, 'f', -1, 64)
	}
	return ""
}

// Percent writes a fraction as a percentage with at most one decimal (0.125 → "12.5%"), and keeps
// a very small non-zero share from reading as zero ("<0.1%").
func Percent(f float64) string {
	p := f * 100
	if p > 0 && p < 0.05 {
		return "<0.1%"
	}
	return strconv.FormatFloat(math.Round(p*10)/10, 'f', -1, 64) + "%"
}
