package pcc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/ocds"
)

// Notice is one record of the g0v API document: one notice (招標公告, 決標公告, 無法決標公告, …)
// of one procurement, identified by the agency (UnitID) and its case number (JobNumber).
type Notice struct {
	// Date is the notice's publication date as the API gives it, YYYYMMDD ("20190116").
	Date string
	// Filename is the notice's file name at web.pcc.gov.tw ("TIQ-3-52430794"); it may be empty.
	Filename string
	// JobNumber is the case number (標案案號), UnitID the agency code (機關代碼) and UnitName the
	// agency name (機關名稱): of the record, or else of the document.
	JobNumber, UnitID, UnitName string
	// Brief is the API's summary of the notice.
	Brief Brief
	// Detail holds the notice's fields with a text value, keyed "section:field" (or
	// "section:field:subfield"), as the API gives them: "採購資料:預算金額" → "278,000元". The notice
	// type is under "type".
	Detail map[string]string
	// Tables holds the other fields of detail (tables such as 最有利標:評選委員, numbers), as JSON.
	Tables map[string]json.RawMessage
}

// Brief is the API's summary of a notice.
type Brief struct {
	Type     string `json:"type"`     // notice type, as detail's "type": "決標公告"
	Title    string `json:"title"`    // 標案名稱
	Category string `json:"category"` // 標的分類, such as "勞務類82-不動產服務" (tender notices only)
}

// Type returns the notice type ("公開招標公告", "決標公告", "無法決標公告", …): detail's "type", or
// else the brief's.
func (n Notice) Type() string {
	if t := clean(n.Detail["type"]); t != "" {
		return t
	}
	return clean(n.Brief.Type)
}

// ReadNotices reads a g0v API document ({"unit_name": …, "records": [...]}, as /api/tender serves it)
// and returns its notices in order.
//
// A record that cannot be a notice is skipped and reported as an ItemError with its path
// ("records[2]"), and reading goes on: a record that is not an object, or lacks a date of eight
// digits (YYYYMMDD, a JSON number or string) naming a real day, a non-empty job_number or unit_id,
// or a detail object; or has a field of the wrong JSON type. The error is non-nil only if the
// document cannot be read: reading r fails, it is not one JSON object, or its records are missing or
// not an array.
func ReadNotices(r io.Reader) ([]Notice, []ocds.ItemError, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3) // a UTF-8 byte order mark
	}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	var doc map[string]json.RawMessage
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("pcc: reading document: %w", err)
	}
	if doc == nil {
		return nil, nil, errors.New("pcc: document is not a JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("more data after the document")
		}
		return nil, nil, fmt.Errorf("pcc: reading document: %w", err)
	}
	var unitName string
	if raw, ok := doc["unit_name"]; ok {
		json.Unmarshal(raw, &unitName) // optional; a non-string is ignored
	}
	raw, ok := doc["records"]
	if !ok {
		return nil, nil, errors.New("pcc: document has no records")
	}
	var records []json.RawMessage
	if err := json.Unmarshal(raw, &records); err != nil || records == nil {
		return nil, nil, errors.New("pcc: document records is not an array")
	}
	notices := make([]Notice, 0, len(records))
	var errs []ocds.ItemError
	for i, rec := range records {
		n, reason := readNotice(rec)
		if reason != "" {
			errs = append(errs, ocds.ItemError{Path: fmt.Sprintf("records[%d]", i), Reason: reason, Problems: problem.List{problem.Of("notice.unreadable")}})
			continue
		}
		if n.UnitName == "" {
			n.UnitName = unitName
		}
		notices = append(notices, n)
	}
	return notices, errs, nil
}

// record is a record of the API document, with the fields ReadNotices reads.
type record struct {
	Date      json.RawMessage            `json:"date"`
	Filename  *string                    `json:"filename"`
	JobNumber *string                    `json:"job_number"`
	UnitID    *string                    `json:"unit_id"`
	UnitName  *string                    `json:"unit_name"`
	Brief     *Brief                     `json:"brief"`
	Detail    map[string]json.RawMessage `json:"detail"`
}

// readNotice decodes one record, or says why it is not a notice.
func readNotice(raw json.RawMessage) (Notice, string) {
	if k := jsonKind(raw); k != "object" {
		return Notice{}, "record is a JSON " + k + ", not an object"
	}
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return Notice{}, fmt.Sprintf("record field %s is a JSON %s, not the expected type", te.Field, te.Value)
		}
		return Notice{}, "record cannot be decoded: " + err.Error()
	}
	n := Notice{
		Filename:  deref(rec.Filename),
		JobNumber: clean(deref(rec.JobNumber)),
		UnitID:    clean(deref(rec.UnitID)),
		UnitName:  clean(deref(rec.UnitName)),
	}
	date, reason := recordDate(rec.Date)
	if reason != "" {
		return Notice{}, reason
	}
	n.Date = date
	switch {
	case n.JobNumber == "":
		return Notice{}, "record has no job_number"
	case n.UnitID == "":
		return Notice{}, "record has no unit_id"
	case rec.Detail == nil:
		return Notice{}, "record has no detail object"
	}
	if rec.Brief != nil {
		n.Brief = *rec.Brief
	}
	n.Detail = make(map[string]string, len(rec.Detail))
	for k, v := range rec.Detail {
		switch jsonKind(v) {
		case "null":
			continue
		case "string":
			var s string
			json.Unmarshal(v, &s) // valid: the document was decoded already
			n.Detail[k] = s
			continue
		}
		if n.Tables == nil {
			n.Tables = map[string]json.RawMessage{}
		}
		n.Tables[k] = v
	}
	return n, ""
}

// recordDate returns a record's date as eight digits, or says why it has none.
func recordDate(raw json.RawMessage) (string, string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", "record has no date"
	}
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", "record date is not a string or number"
		}
		s = clean(s)
	} else {
		s = string(raw)
	}
	if len(s) != 8 || !allDigits(s) {
		return "", fmt.Sprintf("record date %.40q is not YYYYMMDD", s)
	}
	if _, err := ParseROCDate(s); err != nil {
		return "", fmt.Sprintf("record date %q is not a date: %v", s, err)
	}
	return s, ""
}

// jsonKind names the JSON type of a raw value by its first byte.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	}
	return "number"
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// clean trims white space, including the no-break and ideographic spaces notices contain.
func clean(s string) string { return strings.TrimSpace(strings.Map(nbspToSpace, s)) }

// nbspToSpace maps the no-break space (U+00A0) and the ideographic space (U+3000) to a space.
func nbspToSpace(r rune) rune {
	if r == '\u00a0' || r == '\u3000' {
		return ' '
	}
	return r
}
