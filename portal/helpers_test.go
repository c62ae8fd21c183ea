package portal

import (
	"bytes"
	"context"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/config"
	"integrity-portal/internal/database"
	"integrity-portal/internal/testdata"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/pcc"
	"integrity-portal/portal/procurement/store"
)

// newRouter serves this package's routes on db as `serve` does, with logs discarded.
func newRouter(t testing.TB, db database.DB) http.Handler {
	t.Helper()
	return newLoggedRouter(t, db, io.Discard)
}

// newLoggedRouter is newRouter with the logs written to log.
func newLoggedRouter(t testing.TB, db database.DB, log io.Writer) http.Handler {
	t.Helper()
	return newSearchRouter(t, db, log, nil)
}

// newSearchRouter is newLoggedRouter with the tender search run by search (nil: in SQL).
func newSearchRouter(t testing.TB, db database.DB, log io.Writer, search Searcher) http.Handler {
	t.Helper()
	site := newSite(t, log)
	r := site.Engine()
	Routes(r, site, db, search)
	if err := site.Check(); err != nil {
		t.Fatal(err)
	}
	return r
}

// newSite is the site that newRouter serves on, with the logs written to log, for a test that
// registers handlers of its own.
func newSite(t testing.TB, log io.Writer) *web.Site {
	t.Helper()
	cfg, err := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.NewSite(web.Options{Config: cfg, Logger: slog.New(slog.NewTextHandler(log, nil)),
		Pages: map[string]fs.FS{"portal": Templates()}, CSRFKey: bytes.Repeat([]byte("k"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// answer is a response with its body read.
type answer struct {
	status int
	header http.Header
	body   string
}

// get requests path in lang ("zh-TW" or "en") from h.
func get(t testing.TB, h http.Handler, lang, path string) answer {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Accept-Language", lang)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return answer{status: w.Code, header: w.Header(), body: w.Body.String()}
}

// mustContain fails t for each of want that the answer lacks.
func (a answer) mustContain(t testing.TB, what string, want ...string) {
	t.Helper()
	text := html.UnescapeString(a.body) // html/template writes some characters as entities (+ as &#43;)
	for _, s := range want {
		if !strings.Contains(a.body, s) && !strings.Contains(text, s) {
			t.Errorf("%s (status %d) lacks %q", what, a.status, s)
		}
	}
}

// saveReleases stores releases with store.Save in a committed transaction.
func saveReleases(t testing.TB, pool *pgxpool.Pool, rels []ocds.Release, source string) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := store.Save(ctx, tx, rels, source)
		return err
	})
	if err != nil {
		t.Fatalf("save: %v", err)
	}
}

// ocdsFile reads an OCDS package of the outside test data in testdata/.
func ocdsFile(t testing.TB, name string) []ocds.Release {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata.Dir(t, "ocds"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rels []ocds.Release
	errs, err := ocds.ReadPackage(f, func(_ string, r ocds.Release) error {
		rels = append(rels, r)
		return nil
	})
	if err != nil || len(errs) > 0 {
		t.Fatalf("%s: %v %v", name, errs, err)
	}
	return rels
}

// pccFile reads the Taiwan e-procurement notices of the outside test data in testdata/ as releases, as
// `portal import procurement` does.
func pccFile(t testing.TB, name string) []ocds.Release {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata.Dir(t, "pcc"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	notices, problems, err := pcc.ReadNotices(f)
	if err != nil || len(problems) > 0 {
		t.Fatalf("%s: %v %v", name, problems, err)
	}
	var rels []ocds.Release
	for _, n := range notices {
		r, err := pcc.ToRelease(n, "ocds-twpcc")
		if err != nil {
			t.Fatal(err)
		}
		rels = append(rels, r)
	}
	return rels
}

var (
	tableRow  = regexp.MustCompile(`(?s)<tr(?: [^>]*)?>(.*?)</tr>`)
	tableCell = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	htmlTag   = regexp.MustCompile(`<[^>]+>`)
)

// rows returns the answer's table rows as text, cells joined by "|" (a line break in a cell is a
// space): "民國111年（2022）|8|NT$108,000,000".
func (a answer) rows() []string {
	var out []string
	for _, tr := range tableRow.FindAllStringSubmatch(a.body, -1) {
		var cells []string
		for _, td := range tableCell.FindAllStringSubmatch(tr[1], -1) {
			text := htmlTag.ReplaceAllString(strings.ReplaceAll(td[1], "<br>", " "), "")
			cells = append(cells, html.UnescapeString(strings.TrimSpace(text)))
		}
		out = append(out, strings.Join(cells, "|"))
	}
	return out
}

// mustHaveRows fails t for each of want that is not a table row of the answer.
func (a answer) mustHaveRows(t testing.TB, what string, want ...string) {
	t.Helper()
	have := a.rows()
	for _, w := range want {
		if !slices.Contains(have, w) {
			t.Errorf("%s has no row %q; rows: %q", what, w, have)
		}
	}
}
