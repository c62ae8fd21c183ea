package web

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// ErrorWriter answers an error status in a format of its own, for routes that are not pages.
type ErrorWriter func(c *gin.Context, status int)

// JSONErrors makes every error answer under the path prefix (e.g. "/api/") come from write instead
// of the HTML error page: unknown paths (404), wrong methods (405), oversized bodies (413), panics
// and failures (500). An API's clients read JSON, and the page would set a CSRF cookie. Call it
// while registering routes.
func (s *Site) JSONErrors(prefix string, write ErrorWriter) {
	if s.errorWriters == nil {
		s.errorWriters = map[string]ErrorWriter{}
	}
	s.errorWriters[prefix] = write
}

// errorWriter returns the writer of the request's path prefix, or nil for the HTML page.
func (s *Site) errorWriter(c *gin.Context) ErrorWriter {
	for prefix, w := range s.errorWriters {
		if strings.HasPrefix(c.Request.URL.Path, prefix) {
			return w
		}
	}
	return nil
}

// BaseURL is the portal's public address without a trailing slash, for absolute links in data.
func (s *Site) BaseURL() string { return strings.TrimSuffix(s.cfg.BaseURL, "/") }
