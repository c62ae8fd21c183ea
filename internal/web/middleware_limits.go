package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Limits are a route's body size cap and deadline.
type Limits struct {
	MaxBody int64
	Timeout time.Duration
}

// SetLimits gives the route (its pattern, e.g. "/report") its own limits: uploads need more room and
// time than the defaults. Call it while registering routes.
func (s *Site) SetLimits(route string, l Limits) {
	if s.limits == nil {
		s.limits = map[string]Limits{}
	}
	s.limits[route] = l
}

// MaxBodyBytes is the default cap on a request body, for routes that set only a longer time.
func (s *Site) MaxBodyBytes() int64 { return s.cfg.MaxBodyBytes }

// limitRequests caps the body size and the time a request may take. A declared oversized body is
// refused at once; an undeclared one fails when the handler reads past the limit (see TooLarge).
// The deadline covers reading the body too, so a slow upload cannot hold a connection forever.
func (s *Site) limitRequests(c *gin.Context) {
	l, ok := s.limits[c.FullPath()]
	if !ok {
		l = Limits{MaxBody: s.cfg.MaxBodyBytes, Timeout: s.cfg.RequestTimeout}
	}
	if c.Request.ContentLength > l.MaxBody {
		s.Error(c, http.StatusRequestEntityTooLarge)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, l.MaxBody)
	deadline := time.Now().Add(l.Timeout)
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetReadDeadline(deadline) // not every writer supports deadlines (tests' recorders do not)
	_ = rc.SetWriteDeadline(deadline.Add(5 * time.Second))
	ctx, cancel := context.WithDeadline(c.Request.Context(), deadline)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// TooLarge reports whether err came from reading a body past the size limit, so a handler answers
// 413 instead of 400 or 500.
func TooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
