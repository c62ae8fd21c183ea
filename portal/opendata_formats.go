package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"time"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/spreadsheet"
	"integrity-portal/portal/procurement/store"
)

// writeCSV writes every process as the tender search's CSV does (docs/procurement.md): UTF-8 with a
// BOM, the header row in lang, one row per process in ocid order, uncapped.
func (o *openData) writeCSV(ctx context.Context, w io.Writer, lang i18n.Lang) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := spreadsheet.NewCSV(w)
	cw.Write(tenderCSVHeader(o.site.Catalogues(), lang))
	err := store.EachItem(ctx, o.db, func(it store.Item) error {
		cw.Write(tenderCSVRecord(it))
		return cw.Error()
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// tendersFile is the head of the JSON download; its tenders follow, one per line, as the API lists
// them (tenderJSON).
type tendersFile struct {
	Publisher     publisherJSON `json:"publisher"`
	License       string        `json:"license"`
	LicenseName   string        `json:"license_name"`
	PublishedDate string        `json:"published_date"` // the last change of the data
}

type publisherJSON struct {
	Name string `json:"name"`
	URI  string `json:"uri"`
}

// writeJSON writes every process's normalised fields: an object with the publisher, the licence and
// the date of the data, and "tenders", the array of tenders in ocid order.
func (o *openData) writeJSON(ctx context.Context, w io.Writer, f dataFile) error {
	head, err := marshalJSON(tendersFile{Publisher: o.publisher(), License: licenseURL, LicenseName: licenseNameZh,
		PublishedDate: o.published(f)})
	if err != nil {
		return err
	}
	// The head's closing brace is replaced by the tenders, so they stream after it.
	if _, err := w.Write(append(head[:len(head)-1], `,"tenders":[`...)); err != nil {
		return err
	}
	sep := "\n"
	err = store.EachItem(ctx, o.db, func(it store.Item) error {
		b, err := marshalJSON(newTenderJSON(it, o.base))
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		sep = ",\n"
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n]}\n")
	return err
}

// writeJSONL writes the published compiled release of every process, one per line, in ocid order.
func (o *openData) writeJSONL(ctx context.Context, w io.Writer) error {
	return store.EachRelease(ctx, o.db, 0, func(rel []byte) error {
		if _, err := w.Write(rel); err != nil {
			return err
		}
		_, err := io.WriteString(w, "\n")
		return err
	})
}

// releasePackage is the head of an OCDS 1.1 release package; its releases follow.
type releasePackage struct {
	URI               string        `json:"uri"`
	Version           string        `json:"version"`
	PublishedDate     string        `json:"publishedDate"`
	Publisher         publisherJSON `json:"publisher"`
	License           string        `json:"license"`
	PublicationPolicy string        `json:"publicationPolicy"`
}

// writeOCDS writes the release package of a year: the compiled releases (tag ["compiled"]) of the
// processes of that year, in ocid order. Its publishedDate is the last change of those processes,
// as OCDS asks of a package generated on demand, so the same data gives the same file.
func (o *openData) writeOCDS(ctx context.Context, w io.Writer, f dataFile) error {
	head, err := marshalJSON(releasePackage{URI: o.base + f.Href(), Version: "1.1", PublishedDate: o.published(f),
		Publisher: o.publisher(), License: licenseURL, PublicationPolicy: o.base + "/opendata"})
	if err != nil {
		return err
	}
	if _, err := w.Write(append(head[:len(head)-1], `,"releases":[`...)); err != nil {
		return err
	}
	sep := "\n"
	err = store.EachRelease(ctx, o.db, f.Year, func(rel []byte) error {
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		sep = ",\n"
		_, err := w.Write(rel)
		return err
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n]}\n")
	return err
}

// publisher is the office, as the data's publisher.
func (o *openData) publisher() publisherJSON {
	return publisherJSON{Name: o.site.Catalogues().T(i18n.ZhTW, "layout.footer_office"), URI: o.base + "/"}
}

// published is the date of the file's data: its last change, in Taiwan time.
func (o *openData) published(f dataFile) string {
	if f.Stamp.Updated.IsZero() {
		return time.Unix(0, 0).In(taipei).Format(time.RFC3339)
	}
	return f.Stamp.Updated.In(taipei).Format(time.RFC3339Nano)
}

// marshalJSON encodes v without escaping <, > and & (the data is not HTML), without a newline.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
