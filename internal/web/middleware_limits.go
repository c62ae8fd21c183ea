package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// limitRequests caps the body size and the time a request may take. A declared oversized body is
// refused at once; an undeclared one fails when the handler reads past the limit (see TooLarge).
func (s *Site) limitRequests(c *gin.Context) {
	if c.Request.ContentLength > s.cfg.MaxBodyBytes {
		s.Error(c, http.StatusRequestEntityTooLarge)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBodyBytes)
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.RequestTimeout)
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
