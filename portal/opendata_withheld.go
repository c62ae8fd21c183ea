package portal

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/store"
)

// A year's OCDS package whose releases do not all pass the release schema is withheld: the page
// names the first failing process, and its download answers withheldPage (409) instead of a package
// that would not be valid. The check is made when a compiled release is stored (store.Save); a
// request only reads the verdicts, and rechecks the few processes changed by hand since.

// recheckWait bounds the time a request spends checking processes changed since they were checked.
const recheckWait = 5 * time.Second

// withheldView is a withheld year, as the page and the refusal show it.
type withheldView struct {
	Year      string // the year's label
	File      string
	OCID      string
	Href      string // the process's page
	Path      string // where it fails the schema; empty when unchecked
	Message   string // the schema's message, in English
	Count     number // failing or unchecked processes of the year
	Unchecked bool
}

func newWithheldView(w store.Withheld, lang i18n.Lang) withheldView {
	return withheldView{Year: yearLabel(lang, w.Year), File: dataFile{Kind: kindOCDS, Year: w.Year}.Name(),
		OCID: w.OCID, Href: tenderHref(w.OCID), Path: w.Path, Message: w.Message, Count: number(w.Count),
		Unchecked: w.Unchecked()}
}

// withheldYears returns the withheld years by year, after checking the unchecked processes (for a
// while at most: those left keep their year withheld).
func (o *openData) withheldYears(ctx context.Context) (map[int]store.Withheld, error) {
	years, err := store.WithheldYears(ctx, o.db)
	if err != nil {
		return nil, err
	}
	b, canBegin := o.db.(store.Beginner) // a pool, or a transaction (a savepoint)
	for _, w := range years {
		if !w.Unchecked() || !canBegin {
			continue
		}
		wait, cancel := context.WithTimeout(ctx, recheckWait)
		err := store.Recheck(wait, b)
		cancel()
		if err != nil && ctx.Err() == nil && wait.Err() == nil {
			return nil, err
		}
		if years, err = store.WithheldYears(ctx, o.db); err != nil {
			return nil, err
		}
		break
	}
	out := make(map[int]store.Withheld, len(years))
	for _, w := range years {
		out[w.Year] = w
	}
	return out, nil
}

// refuseWithheld answers a withheld year's download: a page saying why, with 409 (the data's
// present state conflicts with publishing it).
func (o *openData) refuseWithheld(c *gin.Context, w store.Withheld) {
	h := c.Writer.Header()
	for _, k := range []string{"ETag", "Last-Modified", "Content-Disposition", "Cache-Control", "Content-Type"} {
		h.Del(k)
	}
	o.site.Render(c, http.StatusConflict, o.withheldPage, "opendata.withheld.title",
		newWithheldView(w, web.LangOf(c)))
}

// withheldOf returns the withheld year, or a stand-in when the year became withheld after the page
// looked (a change meanwhile, found by store.EachRelease).
func (o *openData) withheldOf(ctx context.Context, year int) store.Withheld {
	if years, err := o.withheldYears(ctx); err == nil {
		if w, ok := years[year]; ok {
			return w
		}
	}
	return store.Withheld{Year: year}
}
