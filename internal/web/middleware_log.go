package web

import (
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
)

// logRequests records the route pattern, method, status, size and duration of each request. It never
// records the client address, forwarded-for headers, User-Agent, raw path, query string or form values:
// the route pattern ("/procurement/tenders/:ocid") is enough to operate the site and reveals nobody.
func (s *Site) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "(unmatched)"
	}
	level := slog.LevelInfo
	if c.Writer.Status() >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(c.Request.Context(), level, "request",
		slog.String("method", c.Request.Method),
		slog.String("route", route),
		slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", time.Since(start)),
	)
	if s.metrics != nil {
		s.metrics.observe(c.Request.Method, route, c.Writer.Status(), time.Since(start))
	}
}
