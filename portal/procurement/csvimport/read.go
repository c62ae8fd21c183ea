package csvimport

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/ocds"
)

// MaxFileSize bounds a file: it is read whole (auto-detection needs all of it, and its releases are
// saved in one transaction anyway). 256 MiB is about a million rows; split larger files.
const MaxFileSize = 256 << 20

// MaxListed bounds the rejections a Result lists; Problems counts them all.
const MaxListed = 200

// Options says how to read a file.
type Options struct {
	// Encoding is Auto (the default when empty), UTF8 or Big5.
	Encoding Encoding
	// OCIDPrefix makes the ocid of rows without one: pcc.OCID(prefix, 機關代碼, 標案案號).
	OCIDPrefix string
}

// Result is what reading a file did.
type Result struct {
	Encoding  Encoding // the encoding the file was read in: UTF8 or Big5
	Rows      int      // data rows (blank rows are skipped and not counted)
	Processes int      // processes the rows make
	// Releases holds one release per process, in the order of their first rows; nil when any row is
	// rejected.
	Releases []ocds.Release
	// Rejections lists the first MaxListed problems, in line order within each check; Problems counts
	// them all, on RejectedLines lines.
	Rejections    []Rejection
	Problems      int
	RejectedLines int
}

// Read reads a CSV file into releases, one per process, checking every row. If any row is rejected
// it returns no releases and lists the rejections (the file must be fixed and imported again). The
// error is non-nil when the file cannot be read as a whole: reading r fails, it is larger than
// MaxFileSize, its bytes are not text in the encoding, it is empty, its header is wrong (unknown,
// repeated, nameless or missing columns), or opts lacks the ocid prefix.
func Read(r io.Reader, opts Options) (*Result, error) {
	if strings.TrimSpace(opts.OCIDPrefix) == "" {
		return nil, errors.New("csvimport: no ocid prefix")
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("csvimport: reading: %w", err)
	}
	if len(b) > MaxFileSize {
		return nil, problem.New(fmt.Sprintf("csvimport: the file is larger than %d MiB: split it", MaxFileSize>>20), "file.too_large", MaxFileSize>>20)
	}
	text, enc, err := decode(b, opts.Encoding)
	if err != nil {
		return nil, fmt.Errorf("csvimport: %w", err)
	}

	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1 // checked here, to say more than csv would
	fields, err := cr.Read()
	switch {
	case err == io.EOF:
		return nil, problem.New("csvimport: the file is empty: it needs a header line", "file.empty")
	case err != nil:
		return nil, HeaderSyntax("csvimport: ", err)
	}
	h, err := readHeader(fields)
	if err != nil {
		return nil, fmt.Errorf("csvimport: %w", err)
	}

	res := &Result{Encoding: enc}
	rej := &rejections{lines: map[int]bool{}}
	g := newGrouper(h)
	lastLine, shortLine := 0, 0
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			rej.add(Rejection{Line: line, Reason: CSVReason(err), Problems: problem.List{CSVProblem(err)}})
			res.Rows++
			continue
		}
		line, _ := cr.FieldPos(0)
		lastLine = line
		if Blank(fields) {
			continue
		}
		res.Rows++
		if len(fields) != h.width {
			rej.add(FieldCount(line, len(fields), h.width))
			shortLine = line
			continue
		}
		r, probs := parseRow(h, line, fields, opts.OCIDPrefix)
		if r != nil {
			probs = g.add(r)
		}
		rej.add(probs...)
	}
	if shortLine != 0 && shortLine == lastLine && !strings.HasSuffix(text, "\n") {
		rej.amend(shortLine, " (the file seems cut short)", problem.Of("row.cut_short"))
	}
	res.Processes = len(g.processes)
	for _, p := range g.processes {
		rej.add(p.check(h)...)
	}
	res.Rejections, res.Problems, res.RejectedLines = rej.list, rej.total, len(rej.lines)
	if rej.total == 0 {
		for _, p := range g.processes {
			res.Releases = append(res.Releases, p.release())
		}
	}
	return res, nil
}

// CSVReason says what encoding/csv found wrong, in the words of a person fixing the file.
func CSVReason(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return `a quoted field has no closing quote (") where it should: is the file cut short?`
	case errors.Is(err, csv.ErrBareQuote):
		return `a quote (") inside a field that is not quoted: quote the field and double the quote ("")`
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// CSVProblem is CSVReason's problem, for the catalogues.
func CSVProblem(err error) problem.P {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return problem.Of("csv.quote")
	case errors.Is(err, csv.ErrBareQuote):
		return problem.Of("csv.bare_quote")
	}
	return problem.Of("csv.syntax")
}

// HeaderSyntax is the error of a header line that is not CSV, its text after prefix.
func HeaderSyntax(prefix string, err error) error {
	return &problem.Error{Text: prefix + "line 1 (header): " + CSVReason(err), Problems: problem.List{problem.Of("header.syntax"), CSVProblem(err)}}
}

// FieldCount is the rejection of a row whose number of fields is not the header's.
func FieldCount(line, fields, width int) Rejection {
	return Rejection{Line: line, Reason: fmt.Sprintf("has %d fields, the header has %d", fields, width),
		Problems: problem.List{problem.Of("row.fields", fields, width)}}
}

// Blank reports whether every field is empty or white space: spreadsheets export such rows.
func Blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// rejections collects problems: the first MaxListed, and the count of all and of their lines.
type rejections struct {
	list  []Rejection
	total int
	lines map[int]bool
}

func (rs *rejections) add(r ...Rejection) {
	for _, x := range r {
		rs.total++
		rs.lines[x.Line] = true
		if len(rs.list) < MaxListed {
			rs.list = append(rs.list, x)
		}
	}
}

// amend adds to the reason of the listed rejection of a line without a column.
func (rs *rejections) amend(line int, more string, p problem.P) {
	for i := range rs.list {
		if rs.list[i].Line == line && rs.list[i].Column == "" {
			rs.list[i].Reason += more
			rs.list[i].Problems = append(rs.list[i].Problems, p)
		}
	}
}
