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

// UploadSlot takes one of the PORTAL_UPLOADS_IN_FLIGHT slots for an upload that waits on its client.
// Take it only once the request has proved itself (captcha, mailbox session, officer sign-in), so a
// client that stalls before that holds none. Without a free slot it returns ok=false at once: answer
// with UploadsBusy, or the form's own busy message after RetryAfter(c, UploadsRetry).
func (s *Site) UploadSlot() (release func(), ok bool) {
	select {
	case s.uploads <- struct{}{}:
		return func() { <-s.uploads }, true
	default:
		return nil, false
	}
}

// UploadsRetry is when a client without an upload slot is told to come back.
const UploadsRetry = time.Minute

// UploadsBusy answers 503 with Retry-After and the "busy, try again in a minute" page.
func (s *Site) UploadsBusy(c *gin.Context) {
	RetryAfter(c, UploadsRetry)
	s.errorPage(c, http.StatusServiceUnavailable, "error.uploads_busy")
}
