package portal

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/store"
)

// openDataView is the /opendata page: the downloads of the whole procurement data, the OCDS
// release packages per year, the application statistics, and the licence.
type openDataView struct {
	Count        number
	Updated      *time.Time     // the last change of any process, in Taiwan time
	Files        []fileRow      // CSV, JSON, JSON Lines
	Packages     []fileRow      // OCDS release packages, the latest year first
	Withheld     []withheldView // the packages withheld, the latest year first
	Applications applicationsView
	LicenseURL   string
}

// applicationsView is the page's section on the application statistics.
type applicationsView struct {
	AsOf         *time.Time // nil before the first recomputation
	Recomputed   *time.Time
	Applications number // counted by the latest recomputation
	Files        []fileRow
}

// fileRow is one download as the page lists it.
type fileRow struct {
	Name, Href string
	Kind       string // for its messages: opendata.file.KIND.title, .format, .holds
	Year       string // OCDS packages: the year's label
	Count      number
	Size       string
	Updated    *time.Time
	Withheld   bool // an OCDS package not served: see openDataView.Withheld
}

// show is the open data page (GET /opendata).
func (o *openData) show(c *gin.Context) {
	all, years, ok := o.stamps(c)
	if !ok {
		return
	}
	published, ok := o.applicationsPublished(c)
	if !ok {
		return
	}
	withheld, err := o.withheldYears(c.Request.Context())
	if err != nil {
		o.site.Fail(c, err)
		return
	}
	lang := web.LangOf(c)
	v := openDataView{Count: number(all.Count), LicenseURL: licenseURL, Updated: stampTime(all.Updated),
		Packages: []fileRow{}}
	files := []dataFile{{Kind: kindCSV, Stamp: all}, {Kind: kindJSON, Stamp: all}, {Kind: kindJSONL, Stamp: all}}
	var held []fileRow // not measured: they are not served
	for _, y := range slices.Backward(years) {
		if w, ok := withheld[y.Year]; ok {
			f := dataFile{Kind: kindOCDS, Year: y.Year, Stamp: y.Stamp}
			held = append(held, fileRow{Name: f.Name(), Kind: f.Kind, Year: yearLabel(lang, y.Year),
				Count: number(y.Count), Updated: stampTime(y.Updated), Withheld: true})
			v.Withheld = append(v.Withheld, newWithheldView(w, lang))
			continue
		}
		files = append(files, dataFile{Kind: kindOCDS, Year: y.Year, Stamp: y.Stamp})
	}
	if published.Recomputation != 0 {
		files = append(files, applicationFiles(published)...)
		asOf := published.AsOf
		v.Applications = applicationsView{AsOf: &asOf, Recomputed: stampTime(published.FinishedAt),
			Applications: number(published.Records)}
	}
	sizes, err := o.fileSizes(c.Request.Context(), files, lang)
	if err != nil {
		o.site.Fail(c, err)
		return
	}
	for i, f := range files {
		r := fileRow{Name: f.Name(), Href: f.Href(), Kind: f.Kind, Count: number(f.Stamp.Count),
			Size: byteSize(o.site.Catalogues(), lang, sizes[i]), Updated: stampTime(f.Stamp.Updated)}
		switch f.Kind {
		case kindOCDS:
			r.Year = yearLabel(lang, f.Year)
			v.Packages = append(v.Packages, r)
		case kindAppCSV, kindAppJSON:
			v.Applications.Files = append(v.Applications.Files, r)
		default:
			v.Files = append(v.Files, r)
		}
	}
	v.Packages = append(v.Packages, held...)
	slices.SortStableFunc(v.Packages, func(a, b fileRow) int { return strings.Compare(b.Name, a.Name) })
	o.site.Render(c, http.StatusOK, o.page, "opendata.title", v)
}

// sizeWait is how long the page waits for a file's size after the data changed. The measurement goes
// on after that, and the page says the size is being measured: on a large data set it takes
// seconds, and a page must not.
const sizeWait = 2 * time.Second

// fileSizes returns the size of each file, measuring those whose content changed, all at once; -1
// for a size still being measured after sizeWait.
func (o *openData) fileSizes(ctx context.Context, files []dataFile, lang i18n.Lang) ([]int64, error) {
	sizes := make([]int64, len(files))
	errs := make([]error, len(files))
	wait, cancel := context.WithTimeout(ctx, sizeWait)
	defer cancel()
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() {
			sizes[i], errs[i] = o.sizes.size(wait, sizeKey(f, lang), o.etag(f, lang), func(ctx context.Context, w io.Writer) error {
				return o.write(ctx, w, f, lang)
			})
			if errors.Is(errs[i], context.DeadlineExceeded) && ctx.Err() == nil ||
				errors.Is(errs[i], store.ErrWithheld) { // withheld since the page looked: no size to give
				sizes[i], errs[i] = -1, nil
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return sizes, nil
}

// stampTime is a stamp's time in Taiwan, or nil when there is no data.
func stampTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return local(&t)
}

// byteSize writes a file size for people: bytes below 1 kB, else kB, MB or GB (powers of 1,000)
// with one decimal.
func byteSize(cat i18n.Catalogues, lang i18n.Lang, n int64) string {
	if n < 0 {
		return cat.T(lang, "opendata.size_measuring")
	}
	if n < 1000 {
		return cat.T(lang, "opendata.size_bytes", number(n))
	}
	f, unit := float64(n)/1e3, " kB"
	switch {
	case n >= 1e9:
		f, unit = float64(n)/1e9, " GB"
	case n >= 1e6:
		f, unit = float64(n)/1e6, " MB"
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + unit
}
