package web

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// Busy answers 503 with Retry-After and the "busy, try again" page: the portal is out of room for
// this kind of work right now (memory, upload slots), and the request was not carried out. A form
// that can keep what was typed re-renders itself instead, after RetryAfter.
func (s *Site) Busy(c *gin.Context, retry time.Duration) {
	RetryAfter(c, retry)
	s.Error(c, http.StatusServiceUnavailable)
}

// RetryAfter sets the Retry-After header in whole seconds, at least one.
func RetryAfter(c *gin.Context, retry time.Duration) {
	c.Header("Retry-After", strconv.Itoa(max(1, int(math.Ceil(retry.Seconds())))))
}
