package web

import (
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// PageCache keeps rendered public pages whose content changes only with a version of their data
// (say, the id of the last recomputation of the statistics they show). Rendering a page with
// charts costs milliseconds of CPU; serving it again from memory costs microseconds, which is what
// keeps such pages fast when many people read them at once.
//
// A page is kept per language, demo flag and path; requests with a query string are never cached,
// so the number of pages kept stays bounded by the site's addresses. Pages also expire after TTL,
// for what changes without a new version (names, periods). A page that holds the reader's CSRF
// token (a form) is never kept.
type PageCache struct {
	TTL time.Duration
	Max int // pages kept at most; when full, new pages are rendered every time

	mu      sync.Mutex
	version string
	pages   map[string]cachedPage
}

type cachedPage struct {
	status int
	body   []byte
	at     time.Time
}

// key returns where c's page is kept, and false for a request that is not cached.
func (s *Site) cacheKey(c *gin.Context) (string, bool) {
	if c.Request.URL.RawQuery != "" || c.Request.Method != "GET" {
		return "", false
	}
	return LangOf(c).Code() + "\x00" + strconv.FormatBool(s.demo.loaded(c.Request.Context())) + "\x00" + c.Request.URL.Path, true
}

// ServeCached answers with the page kept for c at this version, and reports whether it did.
func (s *Site) ServeCached(c *gin.Context, pc *PageCache, version string) bool {
	key, ok := s.cacheKey(c)
	if !ok {
		return false
	}
	pc.mu.Lock()
	p, found := pc.pages[key]
	found = found && pc.version == version && time.Since(p.at) < pc.TTL
	pc.mu.Unlock()
	if found {
		writePage(c, p.status, LangOf(c), p.body)
	}
	return found
}

// RenderCached is Render, keeping the page for ServeCached at this version.
func (s *Site) RenderCached(c *gin.Context, pc *PageCache, version string, status int, page *PageTemplate, titleKey string, data any) {
	body, personal, ok := s.renderPage(c, page, titleKey, data)
	if !ok {
		return
	}
	if key, ok := s.cacheKey(c); ok && !personal {
		pc.mu.Lock()
		if pc.version != version {
			pc.version, pc.pages = version, nil
		}
		if pc.pages == nil {
			pc.pages = map[string]cachedPage{}
		}
		if _, kept := pc.pages[key]; kept || len(pc.pages) < pc.Max {
			pc.pages[key] = cachedPage{status: status, body: body, at: time.Now()}
		}
		pc.mu.Unlock()
	}
	writePage(c, status, LangOf(c), body)
}
