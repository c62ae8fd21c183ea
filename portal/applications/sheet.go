package applications

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/csvimport"
)

// MaxListed bounds the rejections a result lists; it counts them all.
const MaxListed = 200

// Length limits of cells, in characters.
const (
	maxCode = 100 // codes and case numbers
	maxText = 300 // names and sources
)

// Rejection is one problem of a row: the line where it starts (the header is line 1), the column as
// the file heads it ("" for the row as a whole), and why.
type Rejection = csvimport.Rejection

// sheet reads one CSV file of a format row by row, in constant memory: the text through
// csvimport's Decoder (UTF-8 or Big5), each row's cells cleaned and checked for applicant data, and
// the problems collected. The readers of the three formats check what the cells mean.
type sheet struct {
	f     *format
	dec   *csvimport.Decoder
	end   *lastByte
	cr    *csv.Reader
	index []int    // the field of each column, -1 when absent
	names []string // each column as the file heads it, for messages
	width int

	// The current row.
	line  int
	cells []string // cleaned, by column; "" when blank or absent
	bad   []bool   // the cell is rejected already: say nothing more about it
	// The last good field of each column as read, and as cleaned: agency and service names repeat
	// row after row, and need checking once.
	lastField, lastCell []string

	rows                int // data rows read (blank rows are not counted)
	lastLine, shortLine int
	rej                 rejections
}

// openSheet reads the header. It fails, naming them, on unknown, repeated or nameless columns,
// columns that look like applicant data, and missing required columns; and when the bytes are not
// text or the file is empty.
func openSheet(r io.Reader, enc csvimport.Encoding, f *format) (*sheet, error) {
	dec := csvimport.NewDecoder(r, enc)
	end := &lastByte{r: dec}
	cr := csv.NewReader(end)
	cr.FieldsPerRecord = -1 // checked here, to say more than csv would
	cr.ReuseRecord = true
	fields, err := cr.Read()
	switch {
	case err == io.EOF:
		return nil, problem.New("the file is empty: it needs a header line", "file.empty")
	case errors.Is(err, csvimport.ErrDecode):
		return nil, err
	case err != nil && !isParseError(err):
		return nil, fmt.Errorf("reading: %w", err)
	case err != nil:
		return nil, csvimport.HeaderSyntax("", err)
	}
	s := &sheet{f: f, dec: dec, end: end, cr: cr, width: len(fields),
		cells: make([]string, len(f.columns)), bad: make([]bool, len(f.columns)),
		lastField: make([]string, len(f.columns)), lastCell: make([]string, len(f.columns))}
	if err := s.readHeader(fields); err != nil {
		return nil, problem.Wrap("line 1 (header): "+err.Error(), err, problem.P{})
	}
	return s, nil
}

func isParseError(err error) bool {
	var pe *csv.ParseError
	return errors.As(err, &pe)
}

// readHeader matches the header's fields to the format's columns.
func (s *sheet) readHeader(fields []string) error {
	byKey := map[string]int{}
	for c, col := range s.f.columns {
		for _, zh := range col.zh {
			byKey[csvimport.HeaderKey(zh)] = c
		}
		byKey[csvimport.HeaderKey(col.en)] = c
	}
	s.index = make([]int, len(s.f.columns))
	s.names = make([]string, len(s.f.columns))
	for c := range s.index {
		s.index[c] = -1
	}
	var personal, unknown, repeated, nameless, missing []string
	var why problem.List
	for i, field := range fields {
		name := strings.TrimSpace(strings.TrimPrefix(field, "\ufeff"))
		key := csvimport.HeaderKey(field)
		c, ok := byKey[key]
		switch {
		case key == "":
			nameless = append(nameless, fmt.Sprint(i+1))
			why = append(why, problem.Of("header.nameless", i+1))
		case !ok && personalHeader(name) != "":
			personal = append(personal, fmt.Sprintf("%q (%s)", name, personalHeader(name)))
			why = append(why, problem.Of("header.personal", problem.Clip(name)))
		case !ok:
			unknown = append(unknown, fmt.Sprintf("%q", name))
			why = append(why, problem.Of("header.unknown", problem.Clip(name)))
		case s.index[c] >= 0:
			repeated = append(repeated, fmt.Sprintf("%q and %q", s.names[c], name))
			why = append(why, problem.Of("header.repeated", s.names[c], problem.Clip(name)))
		default:
			s.index[c], s.names[c] = i, name
		}
	}
	for c, col := range s.f.columns {
		if col.required && s.index[c] < 0 {
			missing = append(missing, s.label(c))
			why = append(why, problem.Of("header.missing", s.label(c)))
		}
	}
	var problems []string
	if len(personal) > 0 {
		problems = append(problems, "column(s) "+strings.Join(personal, ", ")+" look like applicant data, which the portal must not hold: delete them and import again")
	}
	if len(unknown) > 0 {
		p := "unknown column(s) " + strings.Join(unknown, ", ")
		if len(fields) == 1 && strings.ContainsAny(fields[0], "\t;") {
			p += " (the file seems separated by tabs or semicolons; CSV needs commas)"
			why = append(problem.List{problem.Of("header.not_commas")}, why...)
		}
		problems = append(problems, p)
	}
	if len(repeated) > 0 {
		problems = append(problems, "the same column twice: "+strings.Join(repeated, ", "))
	}
	if len(nameless) > 0 {
		problems = append(problems, "column(s) "+strings.Join(nameless, ", ")+" have no header (delete empty columns)")
	}
	if len(missing) > 0 {
		problems = append(problems, "missing required column(s) "+strings.Join(missing, ", "))
	}
	if len(problems) > 0 {
		return &problem.Error{Text: strings.Join(problems, "; "), Problems: why}
	}
	return nil
}

// label names a column in both languages, for messages about a column the file lacks.
func (s *sheet) label(c int) string { return s.f.columns[c].zh[0] + " (" + s.f.columns[c].en + ")" }

// name names a column as the file heads it, or in both languages when the file lacks it.
func (s *sheet) name(c int) string {
	if s.index[c] >= 0 {
		return s.names[c]
	}
	return s.label(c)
}

func (s *sheet) has(c int) bool { return s.index[c] >= 0 }

// next reads the next data row into cells, skipping blank rows and rows the sheet rejects whole
// (wrong number of fields, bad quoting). It returns false at the end, and an error when the file
// cannot be read on (its bytes are not text, or reading fails).
func (s *sheet) next() (bool, error) {
	for {
		fields, err := s.cr.Read()
		if err == io.EOF {
			s.finish()
			return false, nil
		}
		if err != nil && !isParseError(err) {
			if !errors.Is(err, csvimport.ErrDecode) {
				err = fmt.Errorf("reading: %w", err)
			}
			return false, err
		}
		if err != nil {
			var pe *csv.ParseError
			errors.As(err, &pe)
			s.rows++
			s.rej.add(Rejection{Line: pe.StartLine, Reason: csvimport.CSVReason(err), Problems: problem.List{csvimport.CSVProblem(err)}})
			continue
		}
		line, _ := s.cr.FieldPos(0)
		s.lastLine = line
		if csvimport.Blank(fields) {
			continue
		}
		s.rows++
		if len(fields) != s.width {
			s.rej.add(csvimport.FieldCount(line, len(fields), s.width))
			s.shortLine = line
			continue
		}
		s.line = line
		s.clean(fields)
		return true, nil
	}
}

// clean fills cells from the row's fields: white space tidied, control characters and overlong
// cells refused, and applicant data refused without repeating it.
func (s *sheet) clean(fields []string) {
	for c := range s.cells {
		s.cells[c], s.bad[c] = "", false
		if s.index[c] < 0 {
			continue
		}
		field := fields[s.index[c]]
		if field == s.lastField[c] && field != "" {
			s.cells[c] = s.lastCell[c]
			continue
		}
		limit := maxCode
		if s.f.long(c) {
			limit = maxText
		}
		cell, err := csvimport.Text(field, limit)
		if err != nil {
			s.rejectWhy(c, err.Error(), problem.From(err))
			continue
		}
		if what := personalCell(cell); what != "" {
			s.reject(c, "holds what looks like "+what+": applicant data must not be imported; remove it", problem.Of("personal.cell_"+personalCodes[what]))
			continue
		}
		s.cells[c] = cell
		s.lastField[c], s.lastCell[c] = field, cell
	}
}

// reject rejects column c of the current row (c < 0: the row as a whole) for reason, in English,
// and p, for the catalogues.
func (s *sheet) reject(c int, reason string, p problem.P) { s.rejectWhy(c, reason, problem.List{p}) }

func (s *sheet) rejectWhy(c int, reason string, why problem.List) {
	r := Rejection{Line: s.line, Reason: reason, Problems: why}
	if c >= 0 {
		r.Column = s.name(c)
		s.bad[c] = true
	}
	s.rej.add(r)
}

// rejectCell rejects a cell that does not mean what its column needs, quoting it.
func (s *sheet) rejectCell(c int, reason string, p problem.P) {
	p.Value = problem.Clip(s.cells[c])
	s.rejectWhy(c, csvimport.Quote(s.cells[c])+" "+reason, problem.List{p})
}

// rejectCellErr rejects a cell for err, quoting it.
func (s *sheet) rejectCellErr(c int, err error) {
	s.rejectWhy(c, csvimport.Quote(s.cells[c])+" "+err.Error(), problem.Valued(s.cells[c], err))
}

// finish notes a short last line of a file that does not end with a line break: it was cut.
func (s *sheet) finish() {
	if s.shortLine != 0 && s.shortLine == s.lastLine && s.end.last != '\n' {
		s.rej.amend(s.shortLine, " (the file seems cut short)", problem.Of("row.cut_short"))
	}
}

// long reports whether column c holds names or other free text rather than a code.
func (f *format) long(c int) bool {
	switch f.kind {
	case KindApplications:
		return c == aAgencyName || c == aServiceName
	case KindPeriods:
		return c == pAgencyName || c == pAgencyNameEn || c == pServiceName || c == pServiceNameEn || c == pSource
	}
	return c == cName
}

// lastByte remembers the last byte read through it.
type lastByte struct {
	r    io.Reader
	last byte
}

func (l *lastByte) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if n > 0 {
		l.last = p[n-1]
	}
	return n, err
}

// rejections collects problems: the first MaxListed, and the count of all and of their lines. A
// row's problems come together, so lines are counted as they change (no set of millions of lines).
type rejections struct {
	list  []Rejection
	total int
	lines int
	last  int
}

func (rs *rejections) add(r ...Rejection) {
	for _, x := range r {
		rs.total++
		if rs.lines == 0 || x.Line != rs.last {
			rs.lines++
			rs.last = x.Line
		}
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
