package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"time"
)

// The compiled releases as published (open data files and the JSON API) are the stored ones completed
// where OCDS requires what the store does not hold; storage stays as merged:
//   - tag is ["compiled"] and initiationType is "tender", both required, the latter the only code of
//     its closed codelist (imports of Taiwan notices set it, hand-made and CSV data may not);
//   - date-times written without a zone (2019-03-01, 2019-03-01T10:00:00), which imports accept and
//     read as UTC, are written in RFC 3339 as UTC, as the schema's date-time format requires.

// publishedRelease is the SQL of a published compiled release, as JSON text; publish finishes it.
const publishedRelease = `(compiled || jsonb_build_object('tag', jsonb_build_array('compiled'),
    'initiationType', 'tender'))::text`

// dateTimeFields are the release schema's fields whose format is date-time.
var dateTimeFields = []string{"date", "dateMet", "dateModified", "datePublished", "dateSigned", "dueDate",
	"endDate", "maxExtentDate", "startDate"}

// zonelessDate finds a date-time field written without a zone in jsonb's text, so the common release,
// which has none, is passed on as it is instead of being decoded and encoded again.
var zonelessDate = regexp.MustCompile(`"(?:date|dateMet|dateModified|datePublished|dateSigned|dueDate|endDate|maxExtentDate|startDate)"\s*:\s*"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?)?"`)

// publish finishes a release read with publishedRelease: it rewrites zoneless date-times.
func publish(text []byte) ([]byte, error) {
	if !zonelessDate.Match(text) {
		return text, nil
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("store: publish release: %w", err)
	}
	fixDates(v)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("store: publish release: %w", err)
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}

// fixDates rewrites, everywhere in v, the date-time fields written without a zone, as UTC.
func fixDates(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if s, ok := e.(string); ok && slices.Contains(dateTimeFields, k) {
				if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
					continue
				}
				for _, layout := range dateLayouts[1:] {
					if t, err := time.Parse(layout, s); err == nil {
						v[k] = t.UTC().Format(time.RFC3339Nano)
						break
					}
				}
				continue
			}
			fixDates(e)
		}
	case []any:
		for _, e := range v {
			fixDates(e)
		}
	}
}
