package applications

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/csvimport"
	"integrity-portal/portal/procurement/pcc"
)

// Channel is how an application came in.
type Channel string

const (
	Counter Channel = "counter" // 臨櫃
	Online  Channel = "online"  // 網路
	Mail    Channel = "mail"    // 郵寄
)

// Outcome is how a closed application ended.
type Outcome string

const (
	Approved  Outcome = "approved"  // 核准
	Rejected  Outcome = "rejected"  // 駁回
	Withdrawn Outcome = "withdrawn" // 撤回
)

// Application is one application, as a row of the applications format gives it, checked.
type Application struct {
	Line          int
	AgencyCode    string
	Key           string // the case number, or "sha256:…" of the row when the file has none
	ServiceCode   string
	ServiceName   string
	Channel       Channel
	Received      time.Time
	Closed        time.Time // zero while open
	SuspendedDays int
	Extended      bool
	ExtensionDays int
	Outcome       Outcome // "" while open, or when the file does not say
}

// Open reports whether the application is not closed.
func (a *Application) Open() bool { return a.Closed.IsZero() }

// MaxDays bounds day counts (補正, extensions): ten years is a mistake.
const MaxDays = 3650

// Options say how to read (and import) a file.
type Options struct {
	Encoding csvimport.Encoding // Auto (the default when empty), UTF8 or Big5
	// Today is the last day a date may be; zero: today in Taipei.
	Today time.Time
}

func (o Options) today() time.Time {
	if !o.Today.IsZero() {
		return o.Today
	}
	return civil(time.Now())
}

// civil is the calendar day of t in Taipei.
func civil(t time.Time) time.Time {
	y, m, d := t.In(pcc.Taipei).Date()
	return Date(y, m, d)
}

// Result is what reading a file found.
type Result struct {
	Encoding csvimport.Encoding
	Rows     int // data rows (blank rows are not counted)
	// Rejections lists the first MaxListed problems; Problems counts them all, on RejectedLines lines.
	Rejections    []Rejection
	Problems      int
	RejectedLines int
	// Keyless is set when the file has no case numbers: rows are keyed by their content, so a row
	// that changes (an application closed since) cannot replace its earlier version.
	Keyless bool

	caseColumn string // the case number column as headed, for messages about duplicates
}

func (s *sheet) result() *Result {
	return &Result{Encoding: s.dec.Encoding(), Rows: s.rows, Rejections: s.rej.list, Problems: s.rej.total, RejectedLines: s.rej.lines}
}

// ReadApplications reads an applications file, checking every row against reg (agencies must be
// registered; a registered service must keep its name) and against each other (one name per
// service). It calls each with every checked row while no row has been rejected: once one is, the
// file will not be stored, so each is not called again, but every row is still checked so that the
// result lists every problem. The error is non-nil when the file cannot be read as a whole (its
// bytes are not text, its header is wrong, reading fails) or when each fails.
func ReadApplications(r io.Reader, reg *Registry, opts Options, each func(*Application) error) (*Result, error) {
	s, err := openSheet(r, opts.Encoding, applicationsFormat)
	if err != nil {
		return nil, err
	}
	ar := &appReader{s: s, reg: reg, today: opts.today(), services: map[ServiceKey]seenName{},
		agencyNames: map[string]string{}, keyless: !s.has(aCaseNumber), occurrences: map[[8]byte]uint32{}}
	for {
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		before := s.rej.total
		a := ar.parse()
		if s.rej.total == before && before == 0 && each != nil {
			if err := each(a); err != nil {
				return nil, err
			}
		}
	}
	res := s.result()
	res.Keyless, res.caseColumn = ar.keyless, s.name(aCaseNumber)
	return res, nil
}

// seenName is the name a file gave a code first, and where.
type seenName struct {
	name string
	line int
}

type appReader struct {
	s           *sheet
	reg         *Registry
	today       time.Time
	services    map[ServiceKey]seenName
	agencyNames map[string]string // names already found equal to the registered one, by code
	keyless     bool
	occurrences map[[8]byte]uint32 // keyless files: rows seen with each content
	a           Application
}

// parse checks the current row's cells and returns its application (valid only when the row added
// no rejection).
func (ar *appReader) parse() *Application {
	s, a := ar.s, &ar.a
	*a = Application{Line: s.line}
	for c, col := range s.f.columns {
		if col.required && s.cells[c] == "" && !s.bad[c] {
			s.reject(c, "is empty: every row needs it", problem.Of("cell.empty"))
		}
	}
	ar.agency()
	ar.service()
	if cell := s.cells[aCaseNumber]; cell != "" {
		a.Key = cell
	} else if s.has(aCaseNumber) && !s.bad[aCaseNumber] {
		s.reject(aCaseNumber, "is empty: with this column, every row needs the agency's application number", problem.Of("app.case_number_empty"))
	}
	if cell := s.cells[aChannel]; cell != "" {
		if a.Channel = parseChannel(cell); a.Channel == "" {
			s.rejectCell(aChannel, "is not a channel (臨櫃, 網路, 郵寄, or counter, online, mail)", problem.Of("app.channel"))
		}
	}
	a.Received = ar.date(aReceived)
	a.Closed = ar.date(aClosed)
	if !a.Received.IsZero() && !a.Closed.IsZero() && a.Closed.Before(a.Received) {
		s.reject(aClosed, fmt.Sprintf("%s is before %s %s: an application is closed after it is received",
			a.Closed.Format(time.DateOnly), s.name(aReceived), a.Received.Format(time.DateOnly)),
			problem.Of("app.closed_before", a.Closed.Format(time.DateOnly), s.name(aReceived), a.Received.Format(time.DateOnly)))
	}
	ar.days()
	ar.outcome()
	if ar.keyless {
		a.Key = ar.contentKey()
	}
	return a
}

// agency checks 機關代碼 and 機關名稱 against the registry.
func (ar *appReader) agency() {
	s, a := ar.s, &ar.a
	code := s.cells[aAgencyCode]
	if code == "" {
		return
	}
	if _, err := csvimport.AgencyCode(code); err != nil {
		s.rejectCellErr(aAgencyCode, err)
		return
	}
	ag, ok := ar.reg.Agencies[code]
	if !ok {
		s.rejectCell(aAgencyCode, "is not a known agency: import its processing periods first (portal import periods), which registers it", problem.Of("app.agency_unknown"))
		return
	}
	a.AgencyCode = code
	name := s.cells[aAgencyName]
	if name == "" || ar.agencyNames[code] == name {
		return
	}
	if !sameName(name, ag.NameZh) && !sameName(name, ag.NameEn) {
		s.rejectCell(aAgencyName, fmt.Sprintf("is not the name registered for %s %s, %q: is the code right?", s.name(aAgencyCode), code, ag.NameZh),
			problem.Of("app.agency_name", s.name(aAgencyCode), code, ag.NameZh))
		return
	}
	ar.agencyNames[code] = name
}

// service checks 申請項目代碼 and 申請項目: one name per code in the file, and the registered name
// for a registered service.
func (ar *appReader) service() {
	s, a := ar.s, &ar.a
	code, name := s.cells[aServiceCode], s.cells[aServiceName]
	if code == "" || name == "" || s.bad[aServiceCode] || s.bad[aServiceName] {
		return
	}
	if err := codeCell(code); err != nil {
		s.rejectCellErr(aServiceCode, err)
		return
	}
	a.ServiceCode, a.ServiceName = code, name
	key := ServiceKey{s.cells[aAgencyCode], code}
	seen, ok := ar.services[key]
	switch {
	case ok && seen.name == name:
	case ok && !sameName(seen.name, name):
		s.rejectCell(aServiceName, fmt.Sprintf("differs from line %d for the same %s %s: %s there", seen.line, s.name(aServiceCode), code, csvimport.Quote(seen.name)),
			problem.Of("app.service_differs", seen.line, s.name(aServiceCode), code, problem.Clip(seen.name)))
	case !ok:
		if svc, known := ar.reg.Services[key]; known && !sameName(name, svc.NameZh) && !sameName(name, svc.NameEn) {
			s.rejectCell(aServiceName, fmt.Sprintf("is not the name registered for %s %s, %q: is the code right? (import the periods with the new name to rename it)", s.name(aServiceCode), code, svc.NameZh),
				problem.Of("app.service_name", s.name(aServiceCode), code, svc.NameZh))
			return
		}
		ar.services[key] = seenName{name, s.line}
	}
}

// date reads a date column: a real day, not after today.
func (ar *appReader) date(c int) time.Time {
	s := ar.s
	cell := s.cells[c]
	if cell == "" {
		return time.Time{}
	}
	d, ok := isoDate(cell)
	if !ok {
		t, err := csvimport.ParseDate(cell)
		if err != nil {
			s.rejectCellErr(c, err)
			return time.Time{}
		}
		d = civil(t)
	}
	if d.After(ar.today) {
		s.rejectCell(c, fmt.Sprintf("is in the future (today is %s)", ar.today.Format(time.DateOnly)), problem.Of("date.future", ar.today.Format(time.DateOnly)))
		return time.Time{}
	}
	return d
}

// isoDate reads a date written 2024-03-01 within the years csvimport.ParseDate accepts, as that
// would (exports mostly write this form, and millions of rows go faster without time zones).
func isoDate(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]) || !allDigits(s[5:7]) || !allDigits(s[8:]) {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	if y < 1950 || y > 2110 || m < 1 || m > 12 || d < 1 || d > Date(y, time.Month(m)+1, 0).Day() {
		return time.Time{}, false
	}
	return Date(y, time.Month(m), d), true
}

// days reads 補正日數, 展延 and 展延日數.
func (ar *appReader) days() {
	s, a := ar.s, &ar.a
	a.SuspendedDays = ar.count(aSuspended)
	if !a.Received.IsZero() && a.SuspendedDays > 0 {
		end, what := a.Closed, "closed"
		if end.IsZero() {
			end, what = ar.today, "today"
		}
		if span := ProcessingDays(a.Received, end, 0); a.SuspendedDays > span && span >= 0 {
			s.rejectCell(aSuspended, fmt.Sprintf("days suspended for 補正 are more than the %d days from received to %s", span, what), problem.Of("app.suspended_"+what, span))
		}
	}
	a.ExtensionDays = ar.count(aExtensionDays)
	if cell := s.cells[aExtended]; cell != "" {
		yes, ok := parseYesNo(cell)
		switch {
		case !ok:
			s.rejectCell(aExtended, "is not yes or no (是, 否, Y, N)", problem.Of("yesno.invalid"))
		case yes && a.ExtensionDays == 0 && !s.bad[aExtensionDays]:
			s.reject(aExtensionDays, "is empty or 0, but "+s.name(aExtended)+" says the period was extended: give the days of the extension", problem.Of("app.extension_missing", s.name(aExtended)))
		case !yes && a.ExtensionDays > 0:
			s.reject(aExtensionDays, "gives days of extension, but "+s.name(aExtended)+" says there was none", problem.Of("app.extension_none", s.name(aExtended)))
		}
		a.Extended = yes
	} else {
		a.Extended = a.ExtensionDays > 0
	}
}

// count reads a whole number of days from 0 to MaxDays, optionally followed by 日 or 天; blank is 0.
func (ar *appReader) count(c int) int {
	s := ar.s
	cell := s.cells[c]
	if cell == "" {
		return 0
	}
	t := trimSuffixes(cell, "日", "天", "days", "day")
	n, err := strconv.Atoi(t)
	switch {
	case strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−") || strings.HasPrefix(t, "("):
		s.rejectCell(c, "is negative: a number of days cannot be", problem.Of("days.negative"))
	case err != nil:
		s.rejectCell(c, "is not a whole number of days", problem.Of("days.invalid"))
	case n > MaxDays:
		s.rejectCell(c, fmt.Sprintf("is more than %d days: is it a mistake?", MaxDays), problem.Of("days.too_many", MaxDays))
	default:
		return n
	}
	return 0
}

// outcome reads 處理結果: needed when the application is closed, and only then.
func (ar *appReader) outcome() {
	s, a := ar.s, &ar.a
	cell := s.cells[aOutcome]
	closed := s.cells[aClosed] != ""
	switch {
	case !s.has(aOutcome) || s.bad[aOutcome]:
	case cell == "" && closed:
		s.reject(aOutcome, "is empty: a closed application needs its outcome (核准, 駁回, 撤回)", problem.Of("app.outcome_missing"))
	case cell == "":
	case !closed:
		s.rejectCell(aOutcome, "is given, but the application has no "+s.name(aClosed)+": an open application has no outcome yet", problem.Of("app.outcome_open", s.name(aClosed)))
	default:
		if a.Outcome = parseOutcome(cell); a.Outcome == "" {
			s.rejectCell(aOutcome, "is not an outcome (核准, 駁回, 撤回, or approved, rejected, withdrawn)", problem.Of("app.outcome_invalid"))
		}
	}
}

// contentKey keys a row of a file without case numbers: a hash of what it says and of how many
// rows before it said the same, so two identical applications stay two, and the same file
// imported again gives the same keys.
func (ar *appReader) contentKey() string {
	a := &ar.a
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%d\x00%t\x00%d\x00%s", a.AgencyCode, a.ServiceCode, a.Channel,
		a.Received.Format(time.DateOnly), dateOrEmpty(a.Closed), a.SuspendedDays, a.Extended, a.ExtensionDays, a.Outcome)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	var short [8]byte
	copy(short[:], sum[:])
	n := ar.occurrences[short]
	ar.occurrences[short] = n + 1
	binary.BigEndian.PutUint32(sum[16:20], n)
	final := sha256.Sum256(sum[:20])
	return "sha256:" + hex.EncodeToString(final[:16])
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
