package ocds

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"integrity-portal/internal/problem"
)

// ItemError is a malformed item of a document, which ReadPackage skipped.
type ItemError struct {
	// Path says where the item is: a JSON path within the document like "releases[3]" or
	// "records[0].compiledRelease", "$" for the whole document; in JSON Lines, "line 17" or
	// "line 17: releases[3]"; for the second and later of several JSON documents one after another,
	// "value 2" or "value 2: releases[3]".
	Path string
	// Reason says what is wrong with it, in English.
	Reason string
	// Problems say the same, for the catalogues.
	Problems problem.List `json:",omitempty"`
}

func (e *ItemError) Error() string { return e.Path + ": " + e.Reason }

// maxItemErrors bounds the item errors ReadPackage keeps; the rest are counted in one last ItemError.
const maxItemErrors = 1000

// maxFirstLine is how much of the first line ReadPackage reads to tell JSON Lines from one JSON
// document; a longer first line is read as the start of a document.
const maxFirstLine = 1 << 20

// ReadPackage reads a release package, a record package, a single release or record, or JSON Lines of
// any of these (typically one release or compiled release a line), and calls fn for each release found
// with its path for error reports (see ItemError.Path). fn may be nil, to only check the input.
//
// It streams: the releases of a package and the records of a record package are decoded one at a
// time. From a record it delivers its embedded releases or, when it embeds none, its compiledRelease
// (whose IsCompiled is true), never both: publishers give a compiled release the id of the release it
// was compiled from, so it is no release of its own. Linked releases (only a url) and
// versionedRelease are skipped; a record with only linked releases and no compiledRelease, and a
// release whose ocid is not its record's, are reported. Package metadata is not returned.
//
// Items that are not releases (not an object; no ocid; no date, or one that is not a date-time), lines
// that are not JSON, and packages whose releases or records are not arrays are reported as ItemErrors,
// and reading goes on. The error is non-nil only if the document cannot be read: it is not JSON (or is
// truncated), it is empty, it is a JSON value other than an object or array, no line of JSON Lines is
// JSON, reading r fails, or fn returns an error (returned wrapped, with the item's path).
func ReadPackage(r io.Reader, fn func(path string, rel Release) error) ([]ItemError, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3) // a UTF-8 byte order mark, as spreadsheet and Windows tools write
	}
	rd := &reader{fn: fn}
	first, complete, err := firstLine(br)
	if err != nil {
		return nil, fmt.Errorf("ocds: reading: %w", err)
	}
	src := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(first), br), 64<<10)
	if complete && looksLikeLines(first, br) {
		err = rd.lines(src)
	} else {
		err = rd.document(src)
	}
	return rd.itemErrors(), err
}

// firstLine reads up to the end of the first non-blank line, or maxFirstLine bytes. complete says
// whether it ended with a newline.
func firstLine(br *bufio.Reader) (line []byte, complete bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		switch {
		case err == nil && len(bytes.TrimSpace(line)) == 0:
			// blank lines before the first
		case err == nil:
			return line, true, nil
		case err == bufio.ErrBufferFull && len(line) < maxFirstLine:
		case err == bufio.ErrBufferFull || err == io.EOF:
			return line, false, nil
		default:
			return nil, false, err
		}
	}
}

// looksLikeLines tells JSON Lines from one JSON document: JSON Lines start with a line that is a whole
// JSON value (or at least looks like one object), and more follows it.
func looksLikeLines(first []byte, rest *bufio.Reader) bool {
	first = bytes.TrimSpace(first)
	if !json.Valid(first) && !(len(first) >= 2 && first[0] == '{' && first[len(first)-1] == '}') {
		return false
	}
	for n := 1; n <= rest.Size(); n++ {
		p, err := rest.Peek(n)
		if len(p) < n {
			return false // only whitespace follows: a document of one line
		}
		if c := p[n-1]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return true
		}
		if err != nil {
			return false
		}
	}
	return true
}

type reader struct {
	fn      func(string, Release) error
	errs    []ItemError
	dropped int
}

func (rd *reader) itemErrors() []ItemError {
	if rd.dropped > 0 {
		return append(rd.errs, ItemError{Path: "…", Reason: fmt.Sprintf("%d more malformed items not listed", rd.dropped),
			Problems: problem.List{problem.Of("json.more", rd.dropped)}})
	}
	return rd.errs
}

func (rd *reader) itemError(l loc, reason string, p problem.P) {
	if len(rd.errs) >= maxItemErrors {
		rd.dropped++
		return
	}
	rd.errs = append(rd.errs, ItemError{Path: l.String(), Reason: reason, Problems: problem.List{p}})
}

// lines reads JSON Lines: each non-blank line is one JSON value.
func (rd *reader) lines(br *bufio.Reader) error {
	valid := 0
	for n := 1; ; n++ {
		line, readErr := br.ReadBytes('\n')
		if readErr != nil && readErr != io.EOF {
			return fmt.Errorf("ocds: reading line %d: %w", n, readErr)
		}
		if line = bytes.TrimSpace(line); len(line) > 0 {
			l := loc{prefix: "line " + strconv.Itoa(n)}
			if v, why := decodeLine(line); why != "" {
				rd.itemError(l, "not JSON: "+why, problem.Of("json.not_json"))
			} else {
				valid++
				if err := rd.value(l, v); err != nil {
					return err
				}
			}
		}
		if readErr == io.EOF {
			break
		}
	}
	if valid == 0 {
		return problem.New("ocds: unreadable document: no line is JSON", "json.no_lines")
	}
	return nil
}

// decodeLine decodes a line of JSON Lines, or says why it is not JSON. encoding/json has the last
// word, and the words of the problem: decodeValue only goes faster.
func decodeLine(line []byte) (v any, problem string) {
	if v, ok := decodeValue(line); ok {
		return v, ""
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	switch err := dec.Decode(&v); {
	case err != nil:
		return nil, err.Error()
	case dec.InputOffset() != int64(len(line)):
		return nil, "more data after the JSON value"
	}
	return v, ""
}

// document reads one JSON document (or several, one after another), streaming the releases and records
// arrays of packages.
func (rd *reader) document(br *bufio.Reader) error {
	dec := json.NewDecoder(br)
	dec.UseNumber()
	for n := 1; ; n++ {
		var l loc
		if n > 1 {
			l.prefix = "value " + strconv.Itoa(n)
		}
		tok, err := dec.Token()
		switch {
		case err == io.EOF && n == 1:
			return problem.New("ocds: unreadable document: empty", "file.empty")
		case err == io.EOF:
			return nil
		case err != nil:
			return unreadable(dec, err)
		}
		switch tok {
		case json.Delim('{'):
			err = rd.streamObject(dec, l)
		case json.Delim('['):
			err = rd.streamArray(dec, l, rd.release)
		default:
			if n == 1 {
				return problem.New(fmt.Sprintf("ocds: unreadable document: a JSON %s, not an object or array", tokenKind(tok)), "json.top_level")
			}
			rd.itemError(l, fmt.Sprintf("a JSON %s, not a release, package or record", tokenKind(tok)), problem.Of("json.not_release"))
		}
		if err != nil {
			return err
		}
	}
}

// streamArray reads the items of an array whose '[' has been read, through its ']', calling each.
func (rd *reader) streamArray(dec *json.Decoder, l loc, each func(loc, any) error) error {
	for i := 0; dec.More(); i++ {
		var v any
		if err := dec.Decode(&v); err != nil {
			return unreadable(dec, err)
		}
		if err := each(l.index(i), v); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return unreadable(dec, err)
	}
	return nil
}

// streamObject reads a JSON object whose '{' has been read: a package, a record or a release. It
// streams "records" and "releases" and keeps the other fields to classify the object at its end.
func (rd *reader) streamObject(dec *json.Decoder, l loc) error {
	rest := map[string]any{}
	var linked []loc // linked releases: fine in a record, malformed in a release package
	embedded := 0    // the other items of releases: a record's own releases
	sawReleases, sawRecords := false, false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return unreadable(dec, err)
		}
		key, _ := tok.(string)
		if key != "records" && key != "releases" {
			var v any
			if err := dec.Decode(&v); err != nil {
				return unreadable(dec, err)
			}
			rest[key] = v
			continue
		}
		field := l.field(key)
		if key == "releases" {
			sawReleases = true
		} else {
			sawRecords = true
		}
		if tok, err = dec.Token(); err != nil {
			return unreadable(dec, err)
		}
		if tok != json.Delim('[') {
			if err := skip(dec, tok); err != nil {
				return unreadable(dec, err)
			}
			rd.itemError(field, fmt.Sprintf("%s is a JSON %s, not an array", key, tokenKind(tok)), problem.Of("json.not_array", key))
			continue
		}
		each := rd.record
		if key == "releases" {
			each = func(l loc, v any) error {
				if isLinked(v) {
					linked = append(linked, l)
					return nil
				}
				embedded++
				// Of a record, the ocid is known here when it comes before its releases, as it
				// usually does; of a release package, there is none.
				return rd.recordRelease(l, v, rest["ocid"])
			}
		}
		if err := rd.streamArray(dec, field, each); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return unreadable(dec, err)
	}
	switch {
	case sawRecords:
		return nil
	case sawReleases && isRecord(rest):
		if embedded > 0 {
			return nil
		}
		return rd.compiled(l, rest, len(linked))
	case sawReleases:
		for _, at := range linked {
			rd.itemError(at, "a linked release (url, no ocid), not a release, in a release package", problem.Of("json.linked"))
		}
		return nil
	}
	return rd.value(l, rest)
}

// value classifies a whole JSON value: a record package, a release package, a record, a release, or an
// array of releases.
func (rd *reader) value(l loc, v any) error {
	switch v := v.(type) {
	case map[string]any:
		if recs, ok := v["records"]; ok {
			return rd.each(l.field("records"), recs, rd.record)
		}
		if _, ok := v["releases"]; ok {
			if isRecord(v) {
				return rd.record(l, v)
			}
			return rd.each(l.field("releases"), v["releases"], func(l loc, v any) error {
				if isLinked(v) {
					rd.itemError(l, "a linked release (url, no ocid), not a release, in a release package", problem.Of("json.linked"))
					return nil
				}
				return rd.release(l, v)
			})
		}
		return rd.release(l, v)
	case []any:
		return rd.each(l, v, rd.release)
	}
	rd.itemError(l, fmt.Sprintf("a JSON %s, not a release, package or record", kind(v)), problem.Of("json.not_release"))
	return nil
}

// record delivers the embedded releases of a record or, when it has none, its compiled release.
func (rd *reader) record(l loc, v any) error {
	rec, ok := v.(map[string]any)
	if !ok {
		rd.itemError(l, fmt.Sprintf("record is a JSON %s, not an object", kind(v)), problem.Of("json.record_not_object"))
		return nil
	}
	embedded, linked := 0, 0
	if rels, ok := rec["releases"]; ok {
		err := rd.each(l.field("releases"), rels, func(l loc, v any) error {
			if isLinked(v) {
				linked++
				return nil
			}
			embedded++
			return rd.recordRelease(l, v, rec["ocid"])
		})
		if err != nil || embedded > 0 {
			return err
		}
	}
	return rd.compiled(l, rec, linked)
}

// compiled delivers the compiledRelease of a record that embeds no release, as its process compiled
// by the publisher, or reports why the record gives nothing: linked releases are only addresses, and
// their releases cannot be merged without fetching them.
func (rd *reader) compiled(l loc, rec map[string]any, linked int) error {
	if cr, ok := rec["compiledRelease"]; ok {
		return rd.recordRelease(l.field("compiledRelease"), cr, rec["ocid"])
	}
	if linked > 0 {
		rd.itemError(l, "record has only linked releases (a url each), which cannot be merged, and no compiledRelease",
			problem.Of("json.record_linked_only"))
		return nil
	}
	rd.itemError(l, "record has neither a compiledRelease nor embedded releases", problem.Of("json.record_empty"))
	return nil
}

// recordRelease delivers a release of a record whose ocid is ocid (nil when the record gives none),
// or reports it when it belongs to another process: merging it under the record would mix two.
func (rd *reader) recordRelease(l loc, v any, ocid any) error {
	want, _ := ocid.(string)
	if m, ok := v.(map[string]any); ok && want != "" {
		if got, ok := m["ocid"].(string); ok && got != "" && got != want {
			rd.itemError(l, fmt.Sprintf("release ocid %q is not its record's ocid %q", problem.Clip(got), problem.Clip(want)),
				problem.Of("json.record_ocid", problem.Clip(got), problem.Clip(want)))
			return nil
		}
	}
	return rd.release(l, v)
}

// each calls fn for each item of the array v, or reports v if it is not an array.
func (rd *reader) each(l loc, v any, fn func(loc, any) error) error {
	arr, ok := v.([]any)
	if !ok {
		rd.itemError(l, fmt.Sprintf("a JSON %s, not an array", kind(v)), problem.Of("json.not_array", ""))
		return nil
	}
	for i, e := range arr {
		if err := fn(l.index(i), e); err != nil {
			return err
		}
	}
	return nil
}

// release checks v and delivers it, or reports why it is not a release.
func (rd *reader) release(l loc, v any) error {
	rel, reason, code := check(v)
	if reason != "" {
		rd.itemError(l, reason, problem.Of(code))
		return nil
	}
	if rd.fn == nil {
		return nil
	}
	if err := rd.fn(l.String(), rel); err != nil {
		return fmt.Errorf("ocds: %s: %w", l, err)
	}
	return nil
}

// isLinked reports whether v is a linked release of a record: a url instead of the release.
func isLinked(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, hasOCID := m["ocid"]
	_, hasURL := m["url"].(string)
	return hasURL && !hasOCID
}

// isRecord reports whether an object holding "releases" is a record rather than a release package.
func isRecord(m map[string]any) bool {
	for _, k := range []string{"ocid", "compiledRelease", "versionedRelease"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// skip reads the rest of a value whose first token is tok.
func skip(dec *json.Decoder, tok json.Token) error {
	depth := 0
	for {
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
		var err error
		if tok, err = dec.Token(); err != nil {
			return err
		}
	}
}

func unreadable(dec *json.Decoder, err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return problem.Wrap(fmt.Sprintf("ocds: unreadable document near byte %d: %v", dec.InputOffset(), err), err, problem.Of("json.unreadable", dec.InputOffset()))
}

// tokenKind names the JSON type of a token that starts a value.
func tokenKind(tok json.Token) string {
	switch tok {
	case json.Delim('{'):
		return "object"
	case json.Delim('['):
		return "array"
	}
	return kind(tok)
}

// loc is where an item is: a prefix naming the line (JSON Lines) or value (several documents one after
// another), and a JSON path within it.
type loc struct {
	prefix, path string
}

func (l loc) field(name string) loc {
	if l.path == "" {
		return loc{l.prefix, name}
	}
	return loc{l.prefix, l.path + "." + name}
}

func (l loc) index(i int) loc {
	return loc{l.prefix, l.path + "[" + strconv.Itoa(i) + "]"}
}

func (l loc) String() string {
	switch {
	case l.prefix == "" && l.path == "":
		return "$"
	case l.prefix == "":
		return l.path
	case l.path == "":
		return l.prefix
	}
	return l.prefix + ": " + l.path
}
