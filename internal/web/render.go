package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"reflect"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/config"
	"integrity-portal/internal/i18n"
)

//go:embed templates
var layoutFS embed.FS

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// renderer holds one parsed template set per page: the shared layout plus that page's file.
type renderer struct {
	pages map[string]*template.Template
}

func newRenderer(pageDirs map[string]fs.FS, a *assets) (*renderer, error) {
	funcs := template.FuncMap{
		"asset":  a.url,
		"label":  label,
		"zh":     ZhName,   // {{zh .Name}}: a Chinese name, marked for screen readers on English pages
		"zhRuns": zhRuns,   // {{zhRuns .Text}}: each Chinese run inside other text, marked the same way
		"when":   whenRuns, // {{when (.T "key" .Window)}}: each Western date or month kept on one line
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(layoutFS, "templates/layout/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: layout templates: %w", err)
	}
	r := &renderer{pages: map[string]*template.Template{}}
	dirs := map[string]fs.FS{"web": mustSub(layoutFS, "templates/pages")}
	for prefix, dir := range pageDirs {
		dirs[prefix] = dir
	}
	for prefix, dir := range dirs {
		files, err := fs.Glob(dir, "*.html")
		if err != nil {
			return nil, err
		}
		partials, err := fs.Glob(dir, "*.part.html") // shared blocks of this folder's pages
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if strings.HasSuffix(f, ".part.html") {
				continue
			}
			t, err := base.Clone()
			if err != nil {
				return nil, err
			}
			if len(partials) > 0 {
				if _, err := t.ParseFS(dir, partials...); err != nil {
					return nil, fmt.Errorf("web: partials of %s: %w", prefix, err)
				}
			}
			if _, err := t.ParseFS(dir, f); err != nil {
				return nil, fmt.Errorf("web: template %s/%s: %w", prefix, f, err)
			}
			if t.Lookup("content") == nil {
				return nil, fmt.Errorf("web: template %s/%s defines no \"content\" block", prefix, f)
			}
			r.pages[prefix+"/"+strings.TrimSuffix(f, path.Ext(f))] = t
		}
	}
	return r, nil
}

// Page is what every template receives as its dot: the request's language and the page's own data.
type Page struct {
	Lang  i18n.Lang
	Title string // message key of the page title; empty: the site name alone
	Path  string // the request's path and query, for the language switch
	Data  any
	Demo  bool
	Frame *Frame // the signed-in officer's name and menu; nil before sign-in and on the public side

	cat      i18n.Catalogues
	cfg      *config.Config // the office's details and retention periods, for the footer
	csrf     string
	csrfUsed *bool // set when the page shows its token: such a page is never cached (PageCache)
}

// T translates a message key into the page's language.
func (p *Page) T(key string, args ...any) string { return p.cat.T(p.Lang, key, args...) }

// TN translates the message of a count n: key+"_one" when n is 1, so that English says "1 tender",
// not "1 tenders"; zh-TW has the same words under both keys. n is any integer type
// ({{.TN (len .Bids) "key" (len .Bids)}}); args format the message as with T.
func (p *Page) TN(n any, key string, args ...any) string {
	v := reflect.ValueOf(n)
	if v.CanInt() && v.Int() == 1 || v.CanUint() && v.Uint() == 1 {
		key += "_one"
	}
	return p.cat.T(p.Lang, key, args...)
}

// Date formats a date for the page's language (zh-TW with the ROC year), as the day it is in Taiwan:
// 01:00 in Taipei is the next day already in UTC+8, not the day before.
func (p *Page) Date(t time.Time) string { return i18n.Date(p.Lang, t.In(taiwan)) }

// Clock writes the time of day in Taiwan, where the office is (e.g. 14:05).
func (p *Page) Clock(t time.Time) string { return t.In(taiwan).Format("15:04") }

var taiwan = func() *time.Location {
	if l, err := time.LoadLocation("Asia/Taipei"); err == nil {
		return l
	}
	return time.FixedZone("CST", 8*3600)
}()

// Month formats a year and month for the page's language.
func (p *Page) Month(t time.Time) string { return i18n.Month(p.Lang, t) }

// OtherLang is the language the switch offers.
func (p *Page) OtherLang() i18n.Lang {
	if p.Lang == i18n.En {
		return i18n.ZhTW
	}
	return i18n.En
}

// SwitchURL is the link that chooses the other language and comes back to this page.
func (p *Page) SwitchURL() string {
	return "/lang/" + p.OtherLang().Code() + "?next=" + urlQueryEscape(p.Path)
}

// TOr translates key, or gives fallback when the catalogue has no such key (for codes that come
// from data, such as the names of stripped metadata).
func (p *Page) TOr(key, fallback string) string {
	if _, ok := p.cat[p.Lang][key]; ok {
		return p.cat.T(p.Lang, key)
	}
	return fallback
}

// Label is the word for a stored code in the page's language (i18n.Catalogues.Label).
func (p *Page) Label(kind, code string) string { return p.cat.Label(p.Lang, kind, code) }

// label is the template form of Page.Label, {{label $ "status" .Status}}; code may be any string
// type or a pointer to one (nil: a dash).
func label(p *Page, kind string, code any) string {
	v := reflect.ValueOf(code)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return p.Label(kind, "")
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.String {
		return p.Label(kind, fmt.Sprint(code))
	}
	return p.Label(kind, v.String())
}

// With is the page with other data, for a shared block: {{template "queue" ($.With .Data.Mine)}}.
func (p *Page) With(data any) *Page {
	q := *p
	q.Data = data
	return &q
}

// Within reports whether the page is section or one of its pages (section "/procurement" holds
// "/procurement/tenders?q=…"), for the main menu's current-section mark.
func (p *Page) Within(section string) bool {
	path, _, _ := strings.Cut(p.Path, "?")
	return path == section || strings.HasPrefix(path, section+"/")
}

// Admin reports whether the page belongs to the officers' side, which has its own menu.
func (p *Page) Admin() bool { return strings.HasPrefix(p.Path, "/admin") }

// En reports whether the page is in English, for data that carries both names.
func (p *Page) En() bool { return p.Lang == i18n.En }

// CSRFToken is the token for forms that cannot carry it in a field: a multipart form puts it in its
// action URL (?csrf_token=), so the check never buffers an upload.
func (p *Page) CSRFToken() string {
	*p.csrfUsed = true
	return p.csrf
}

// CSRFField is the hidden form field every POST form includes.
func (p *Page) CSRFField() template.HTML {
	*p.csrfUsed = true
	return template.HTML(`<input type="hidden" name="` + csrfFormField + `" value="` + template.HTMLEscapeString(p.csrf) + `">`)
}

// PageTemplate is a page a handler renders, looked up once when its route is registered.
type PageTemplate struct {
	name string
	t    *template.Template
}

// Page looks up a page template by name (e.g. "portal/home"). Call it while registering routes: a
// missing name is remembered and reported by Check, so it stops the start instead of failing a request.
func (s *Site) Page(name string) *PageTemplate {
	t, ok := s.pages.pages[name]
	if !ok {
		s.missing = append(s.missing, name)
	}
	return &PageTemplate{name: name, t: t}
}

// Check reports every page that handlers asked for and that does not exist.
func (s *Site) Check() error {
	if len(s.missing) > 0 {
		return fmt.Errorf("web: missing page templates: %s", strings.Join(s.missing, ", "))
	}
	return nil
}

// Render writes page with data in the request's language. The page is rendered into a buffer
// first, so a template error becomes a clean error page, not half a page.
func (s *Site) Render(c *gin.Context, status int, page *PageTemplate, titleKey string, data any) {
	if page.t == nil {
		s.Fail(c, fmt.Errorf("web: no page %q", page.name))
		return
	}
	if body, _, ok := s.renderPage(c, page, titleKey, data); ok {
		writePage(c, status, LangOf(c), body)
	}
}

// Prerender renders page whole into memory without answering, for a handler that must hold the page
// before it commits what the page reports; it answers later with WritePage.
func (s *Site) Prerender(c *gin.Context, page *PageTemplate, titleKey string, data any) ([]byte, error) {
	if page.t == nil {
		return nil, fmt.Errorf("web: no page %q", page.name)
	}
	var buf bytes.Buffer
	if err := page.t.ExecuteTemplate(&buf, "layout", s.page(c, titleKey, data)); err != nil {
		return nil, fmt.Errorf("web: render %s: %w", page.name, err)
	}
	return buf.Bytes(), nil
}

// WritePage answers with a page made by Prerender.
func (s *Site) WritePage(c *gin.Context, status int, body []byte) {
	writePage(c, status, LangOf(c), body)
}

// renderPage renders page whole, or answers with the error page and says so. personal is true when
// the page holds the request's CSRF token.
func (s *Site) renderPage(c *gin.Context, page *PageTemplate, titleKey string, data any) (body []byte, personal, ok bool) {
	var buf bytes.Buffer
	p := s.page(c, titleKey, data)
	if err := page.t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.Fail(c, fmt.Errorf("web: render %s: %w", page.name, err))
		return nil, false, false
	}
	return buf.Bytes(), *p.csrfUsed, true
}

func writePage(c *gin.Context, status int, lang i18n.Lang, body []byte) {
	c.Header("Content-Language", lang.Code())
	c.Data(status, "text/html; charset=utf-8", body)
}

func (s *Site) page(c *gin.Context, titleKey string, data any) *Page {
	return &Page{
		Lang:     LangOf(c),
		Title:    titleKey,
		Path:     c.Request.URL.RequestURI(),
		Data:     data,
		Demo:     s.demo.loaded(c.Request.Context()),
		Frame:    frameOf(c),
		cat:      s.cat,
		cfg:      s.cfg,
		csrf:     s.csrfToken(c),
		csrfUsed: new(bool),
	}
}

// Warn logs err as Fail does, for a request that still answers, with less than it should.
func (s *Site) Warn(c *gin.Context, msg string, err error) {
	s.log.Warn(msg, "route", c.FullPath(), "err", SafeError(err))
}

// Error answers with the localized error page for status, with no internal detail.
func (s *Site) Error(c *gin.Context, status int) {
	key := fmt.Sprintf("error.%d", status)
	if _, ok := s.cat[i18n.ZhTW][key+".title"]; !ok {
		key = "error.500"
	}
	s.errorPage(c, status, key)
}

// errorPage renders the error template with the messages under key (key.title, key.body).
func (s *Site) errorPage(c *gin.Context, status int, key string) {
	if c.Writer.Written() {
		c.Abort()
		return
	}
	if w := s.errorWriter(c); w != nil {
		w(c, status)
		c.Abort()
		return
	}
	p := s.page(c, key+".title", key)
	var buf bytes.Buffer
	if err := s.pages.pages["web/error"].ExecuteTemplate(&buf, "layout", p); err != nil {
		// The error page itself failed: fall back to plain text rather than loop.
		c.Data(status, "text/plain; charset=utf-8", []byte(http.StatusText(status)))
		c.Abort()
		return
	}
	c.Header("Content-Language", p.Lang.Code())
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	c.Abort()
}

// Fail logs err without any request detail beyond the route (SafeError hides submitted values that
// an error quotes), and answers 500.
func (s *Site) Fail(c *gin.Context, err error) {
	s.log.Error("request failed", "route", c.FullPath(), "err", SafeError(err))
	s.Error(c, http.StatusInternalServerError)
}
