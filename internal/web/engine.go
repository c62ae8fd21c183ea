package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Engine builds the gin engine with the house middleware, the static files, the language switch, the
// health endpoints and the error pages. Actor packages add their routes to it.
func (s *Site) Engine() *gin.Engine {
	gin.SetMode(gin.ReleaseMode) // no debug route dump on stdout
	r := gin.New()
	r.ForwardedByClientIP = false // we never want a client address, forwarded or not
	_ = r.SetTrustedProxies(nil)
	r.HandleMethodNotAllowed = true
	r.RedirectTrailingSlash = true
	r.Use(s.recoverPanics, s.logRequests, s.securityHeaders, s.chooseLanguage, s.limitRequests, s.checkInput, s.checkCSRF)

	r.NoRoute(func(c *gin.Context) { s.Error(c, http.StatusNotFound) })
	r.NoMethod(func(c *gin.Context) { s.Error(c, http.StatusMethodNotAllowed) })
	r.GET("/static/*file", s.serveStatic)
	r.GET("/lang/:code", s.switchLanguage)
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	return r
}

func (s *Site) healthz(c *gin.Context) {
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte("ok\n"))
}

// readyz answers 503 when the database is unreachable or its schema is not current, so a load
// balancer stops sending traffic here.
func (s *Site) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if s.ready != nil {
		if err := s.ready(ctx); err != nil {
			s.log.Warn("not ready", "err", err)
			c.Data(http.StatusServiceUnavailable, "text/plain; charset=utf-8", []byte("not ready\n"))
			return
		}
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte("ready\n"))
}
