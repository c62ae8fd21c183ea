package importer

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/traditionalchinese"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/csvimport"
	"integrity-portal/portal/procurement/pcc"
)

// kind is what a file holds, as detect tells it.
type kind int

const (
	kindUnknown kind = iota
	kindOCDS         // OCDS packages, releases, records, JSON Lines
	kindNotices      // the g0v API document of Taiwan notices
	kindNested       // g0v's older nested layout of Taiwan notices, YAML or JSON
	kindCSV          // the project's CSV
)

// headSize is how much of a file detect sees.
const headSize = 64 << 10

// ErrUnrecognised answers a file that is none of the formats Import reads, listing them: any
// decoder's own complaint about it would mislead (「invalid character '-' in numeric literal」 for YAML).
var ErrUnrecognised = problem.New("format not recognised: the importer reads OCDS release or record packages, "+
	"a single release or record, or JSON Lines of them; Taiwan e-procurement notices as the g0v API serves them, "+
	"or in g0v's older layout (YAML or JSON); and CSV with the documented columns, in UTF-8 or Big5 "+
	"(docs/data-formats.md)", "file.unrecognised")

// magic are the first bytes of binary files someone may pick by mistake: images, PDF, archives
// (also .xlsx), legacy Office (.xls), gzip.
var magic = [][]byte{[]byte("\x89PNG"), []byte("GIF8"), []byte("\xff\xd8\xff"), []byte("%PDF"),
	[]byte("PK\x03\x04"), []byte("\xd0\xcf\x11\xe0"), []byte("\x1f\x8b")}

// ocdsKeys are top-level keys of OCDS packages, releases and records: an object with none of them is
// not OCDS, though it is JSON.
var ocdsKeys = map[string]bool{"ocid": true, "id": true, "date": true, "tag": true, "initiationType": true,
	"releases": true, "records": true, "compiledRelease": true, "versionedRelease": true, "uri": true,
	"publishedDate": true, "publisher": true, "version": true, "buyer": true, "parties": true,
	"planning": true, "tender": true, "awards": true, "contracts": true, "language": true}

// detect tells a file's format by its content, from its first bytes (head; whole says head is all of
// it), and by its name only to read a text whose first line has commas as CSV.
func detect(head []byte, whole bool, name string) kind {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	text := bytes.TrimLeft(head, " \t\r\n")
	if len(text) == 0 {
		return kindUnknown
	}
	for _, m := range magic {
		if bytes.HasPrefix(head, m) {
			return kindUnknown
		}
	}
	switch text[0] {
	case '{', '[':
		return detectJSON(text)
	}
	if nestedYAML(head) {
		return kindNested
	}
	if looksLikeCSV(head, whole, strings.EqualFold(filepath.Ext(name), ".csv")) {
		return kindCSV
	}
	return kindUnknown
}

// detectJSON tells the JSON formats apart by the keys of the first object (of an array, or of the
// first line). A document that breaks before its first key, and {} or [], are left to the OCDS
// reader, whose messages say where JSON goes wrong or what a package lacks.
func detectJSON(text []byte) kind {
	if looksLikeNotices(text) {
		return kindNotices
	}
	keys, shape := firstKeys(text)
	switch shape {
	case shapeBroken, shapeEmpty:
		return kindOCDS
	case shapeOther:
		return kindUnknown
	}
	for _, k := range keys {
		if pcc.IsNestedSection(k) {
			return kindNested
		}
	}
	for _, k := range keys {
		if ocdsKeys[k] {
			return kindOCDS
		}
	}
	return kindUnknown
}

// What the first value of a JSON text is, for firstKeys.
const (
	shapeObject = iota // an object, or an array whose first item is one
	shapeEmpty         // {} or []
	shapeOther         // an array of something else
	shapeBroken        // not JSON before the first key
)

// firstKeys returns the top-level keys of the first object in text (or of an array's first item), as
// far as text goes, and the shape of that value.
func firstKeys(text []byte) ([]string, int) {
	dec := json.NewDecoder(bytes.NewReader(text))
	tok, err := dec.Token()
	if err != nil {
		return nil, shapeBroken
	}
	if tok == json.Delim('[') {
		if !dec.More() {
			return nil, shapeEmpty
		}
		if tok, err = dec.Token(); err != nil {
			return nil, shapeBroken
		}
		if tok != json.Delim('{') {
			return nil, shapeOther
		}
	}
	if !dec.More() {
		return nil, shapeEmpty
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			break
		}
		key, _ := k.(string)
		keys = append(keys, key)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			break
		}
	}
	if len(keys) == 0 {
		return nil, shapeBroken
	}
	return keys, shapeObject
}

// nestedSectionLine is a top-level section of g0v's older layout in YAML, alone on its line ("決標資料:"),
// or opening a document of a list ("- 機關資料:").
var nestedSectionLine = regexp.MustCompile(`(?m)^(?:- )?(機關資料|已公告資料|採購資料|招標資料|領投開標|標案內容|投標廠商|決標品項|決標資料|無法決標公告|最有利標)[ \t]*:[ \t]*(?:#.*)?\r?$`)

// nestedYAML reports whether the head is YAML of g0v's older layout: text with a section line.
func nestedYAML(head []byte) bool { return nestedSectionLine.Match(head) }

// looksLikeCSV reports whether the head is the project's CSV: a whole first line of text that names a
// known column, or (for a file named .csv) that has commas, so that csvimport's precise message about
// its columns or bytes answers it.
func looksLikeCSV(head []byte, whole, named bool) bool {
	line, _, found := bytes.Cut(head, []byte("\n"))
	if !found && !whole {
		return false // no line end in the first 64 KiB: not a header
	}
	line = bytes.TrimRight(line, "\r")
	if named && bytes.IndexByte(line, ',') >= 0 {
		return true // csvimport names what is wrong, NUL bytes (UTF-16, a workbook) included
	}
	if bytes.IndexByte(line, 0) >= 0 {
		return false
	}
	text := string(line)
	if !utf8.ValidString(text) {
		b, err := traditionalchinese.Big5.NewDecoder().Bytes(line)
		if err != nil {
			return false
		}
		text = string(b)
	}
	for _, cell := range strings.Split(text, ",") {
		if csvimport.KnownHeader(strings.Trim(cell, `"`)) {
			return true
		}
	}
	return false
}
