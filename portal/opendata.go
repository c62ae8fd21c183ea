package portal

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/store"
)

// The licence of every download: 政府資料開放授權條款－第1版 (Open Government Data License,
// version 1.0), which Taiwan's government agencies publish open data under.
const (
	licenseURL    = "https://data.gov.tw/license"
	licenseNameZh = "政府資料開放授權條款－第1版"
	licenseNameEn = "Open Government Data License, version 1.0"
)

// openDataFormat changes whenever what a download holds for the same data changes (columns, fixes
// of releases), so ETags and cached sizes of the old output are not taken for the new.
const openDataFormat = 1

// downloadTimeout is how long a download may take: the whole data, to a slow reader.
const downloadTimeout = 15 * time.Minute

// openData serves /opendata: the page listing the downloads, and the downloads.
type openData struct {
	site  *web.Site
	db    database.DB
	base  string
	page  *web.PageTemplate
	sizes sizeCache

	withheldPage *web.PageTemplate
}

func newOpenData(site *web.Site, db database.DB) *openData {
	return &openData{site: site, db: db, base: site.BaseURL(), page: site.Page("portal/opendata"),
		withheldPage: site.Page("portal/opendata_withheld")}
}

// Kinds of download.
const (
	kindCSV   = "csv"
	kindJSON  = "json"
	kindJSONL = "jsonl"
	kindOCDS  = "ocds"
)

// dataFile is one download as it is now: its kind, its year (OCDS packages) and the stamp of the
// processes it holds; for the application statistics, the stamp of their recomputation, and a
// digest of what else changes their content.
type dataFile struct {
	Kind         string
	Year         int
	Stamp        store.Stamp
	Digest       string
	Applications applications.Published // the application statistics' files: their state
}

// Name is the file's name, in its address and in Content-Disposition.
func (f dataFile) Name() string {
	switch f.Kind {
	case kindCSV:
		return "procurement-tenders.csv"
	case kindJSON:
		return "procurement-tenders.json"
	case kindJSONL:
		return "procurement-compiled-releases.jsonl"
	case kindAppCSV:
		return "applications-monthly-stats.csv"
	case kindAppJSON:
		return "applications-monthly-stats.json"
	}
	return "procurement-ocds-" + strconv.Itoa(f.Year) + ".json"
}

// Href is the file's address.
func (f dataFile) Href() string {
	if f.Kind == kindOCDS {
		return "/opendata/ocds/" + strconv.Itoa(f.Year) + ".json"
	}
	return "/opendata/" + f.Name()
}

func (f dataFile) contentType() string {
	switch f.Kind {
	case kindCSV, kindAppCSV:
		return "text/csv; charset=utf-8"
	case kindJSONL:
		return "application/jsonl; charset=utf-8"
	}
	return "application/json; charset=utf-8"
}

// etag names the file's content: its kind, year, language (the CSV's header row), stamp, digest and
// format.
func (o *openData) etag(f dataFile, lang i18n.Lang) string {
	if !f.headerInLang() {
		lang = ""
	}
	text := fmt.Appendf(nil, "%d\x00%s\x00%d\x00%s\x00%d\x00%d\x00%s", openDataFormat, f.Kind, f.Year,
		lang, f.Stamp.Count, f.Stamp.Updated.UnixMicro(), o.base)
	if f.Digest != "" {
		text = fmt.Appendf(text, "\x00%s", f.Digest)
	}
	h := sha256.Sum256(text)
	return `"` + hex.EncodeToString(h[:12]) + `"`
}

// headerInLang reports whether the file's content depends on the reader's language: a CSV's header
// row is in it.
func (f dataFile) headerInLang() bool { return f.Kind == kindCSV || f.Kind == kindAppCSV }

// write streams the file to w.
func (o *openData) write(ctx context.Context, w io.Writer, f dataFile, lang i18n.Lang) error {
	switch f.Kind {
	case kindCSV:
		return o.writeCSV(ctx, w, lang)
	case kindJSON:
		return o.writeJSON(ctx, w, f)
	case kindJSONL:
		return o.writeJSONL(ctx, w)
	case kindAppCSV:
		return o.writeApplicationsCSV(ctx, w, lang)
	case kindAppJSON:
		return o.writeApplicationsJSON(ctx, w, f)
	}
	return o.writeOCDS(ctx, w, f)
}

// serve answers a download: 304 when the reader's copy is current (If-None-Match, else
// If-Modified-Since), else the file, streamed as it is read from the database (HEAD: its headers).
func (o *openData) serve(c *gin.Context, f dataFile) {
	lang := web.LangOf(c)
	etag := o.etag(f, lang)
	h := c.Writer.Header()
	openDataHeaders(c)
	h.Set("ETag", etag)
	if !f.Stamp.Updated.IsZero() {
		h.Set("Last-Modified", f.Stamp.Updated.UTC().Format(http.TimeFormat))
	}
	// Public data: caches may keep it, and must ask again each time (the ETag makes that cheap).
	h.Set("Cache-Control", "public, no-cache")
	if notModified(c.Request, etag, f.Stamp.Updated) {
		c.Status(http.StatusNotModified)
		c.Writer.WriteHeaderNow()
		return
	}
	h.Set("Content-Type", f.contentType())
	h.Set("Content-Disposition", `attachment; filename="`+f.Name()+`"`)
	if c.Request.Method == http.MethodHead {
		c.Status(http.StatusOK) // the headers, to check for a change, without generating the file
		c.Writer.WriteHeaderNow()
		return
	}

	ctx := c.Request.Context()
	counted := &countingWriter{w: c.Writer}
	buf := bufio.NewWriterSize(counted, 64<<10) // nothing is sent until 64 KiB are ready
	err := o.write(ctx, buf, f, lang)
	if err == nil {
		err = buf.Flush()
	}
	switch {
	case err == nil:
		o.sizes.record(sizeKey(f, lang), etag, counted.n)
	case errors.Is(err, store.ErrWithheld) && !c.Writer.Written():
		o.refuseWithheld(c, o.withheldOf(ctx, f.Year)) // it became withheld after the check below
	case !c.Writer.Written():
		for _, k := range []string{"ETag", "Last-Modified", "Content-Disposition", "Cache-Control"} {
			h.Del(k)
		}
		o.site.Fail(c, err) // nothing sent yet: the error page
	case ctx.Err() != nil:
		panic(http.ErrAbortHandler) // the reader went away, or the time ran out
	default:
		// Part of the file is sent: log, then break the connection so the reader sees the download
		// fail instead of a file that ends early.
		o.site.Fail(c, err)
		panic(http.ErrAbortHandler)
	}
}

// notModified reports whether the reader's copy is current: If-None-Match names the ETag (or is
// *), or, without If-None-Match, If-Modified-Since is not before the last change (to the second).
func notModified(r *http.Request, etag string, updated time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == etag || t == "*" {
				return true
			}
		}
		return false
	}
	ims, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !updated.IsZero() && !updated.Truncate(time.Second).After(ims)
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// stamps reads the stamps of all processes and of each year.
func (o *openData) stamps(c *gin.Context) (store.Stamp, []store.YearStamp, bool) {
	all, years, err := store.Stamps(c.Request.Context(), o.db)
	if err != nil {
		o.site.Fail(c, err)
		return all, nil, false
	}
	return all, years, true
}

// whole serves one of the downloads of all processes.
func (o *openData) whole(kind string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if all, _, ok := o.stamps(c); ok {
			o.serve(c, dataFile{Kind: kind, Stamp: all})
		}
	}
}

// ocdsPackage serves a year's OCDS release package (GET /opendata/ocds/{year}.json); a year without
// processes has none (404).
func (o *openData) ocdsPackage(c *gin.Context) {
	y, ok := strings.CutSuffix(c.Param("file"), ".json")
	year, err := strconv.Atoi(y)
	if !ok || err != nil || !isDigits(y) || len(y) != 4 {
		o.site.Error(c, http.StatusNotFound)
		return
	}
	_, years, ok := o.stamps(c)
	if !ok {
		return
	}
	withheld, err := o.withheldYears(c.Request.Context())
	if err != nil {
		o.site.Fail(c, err)
		return
	}
	if w, ok := withheld[year]; ok {
		o.refuseWithheld(c, w)
		return
	}
	for _, s := range years {
		if s.Year == year {
			o.serve(c, dataFile{Kind: kindOCDS, Year: year, Stamp: s.Stamp})
			return
		}
	}
	o.site.Error(c, http.StatusNotFound)
}
