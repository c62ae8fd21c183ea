package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"
)

// CSRF protection without server state: each browser gets a random cookie, and its forms carry
// HMAC(key, cookie). A forged cross-site POST cannot read the cookie, so cannot compute the token;
// SameSite=Strict is a second, independent wall.
const (
	csrfCookie    = "csrf"
	csrfFormField = "csrf_token"
	csrfHeader    = "X-CSRF-Token"
	csrfCtxKey    = "csrf"
)

// csrfToken returns the token for the request's browser, giving it a cookie first if it has none.
func (s *Site) csrfToken(c *gin.Context) string {
	if t, ok := c.Get(csrfCtxKey); ok {
		return t.(string)
	}
	seed, ok := s.Cookie(c, csrfCookie)
	if !ok || len(seed) < 43 {
		b := make([]byte, 32)
		rand.Read(b)
		seed = base64.RawURLEncoding.EncodeToString(b)
		s.SetCookie(c, csrfCookie, seed, 0)
	}
	t := s.sign(seed)
	c.Set(csrfCtxKey, t)
	return t
}

func (s *Site) sign(seed string) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte("csrf\x00" + seed))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkCSRF refuses any state-changing request whose token does not match its cookie, with a
// localized 403 page. Multipart forms carry the token in the URL (?csrf_token=), so that checking it
// never makes us buffer an upload.
func (s *Site) checkCSRF(c *gin.Context) {
	switch {
	case c.Request.Method == http.MethodGet, c.Request.Method == http.MethodHead, c.Request.Method == http.MethodOptions:
		c.Next()
		return
	case c.FullPath() == "":
		c.Next() // no route: the 404 or 405 page changes nothing
		return
	}
	seed, ok := s.Cookie(c, csrfCookie)
	given := c.GetHeader(csrfHeader)
	if given == "" {
		if mt, _, _ := mime.ParseMediaType(c.ContentType()); mt == "multipart/form-data" {
			given = c.Query(csrfFormField)
		} else {
			given = c.PostForm(csrfFormField)
		}
	}
	if !ok || given == "" || !hmac.Equal([]byte(given), []byte(s.sign(seed))) {
		s.errorPage(c, http.StatusForbidden, "error.csrf")
		return
	}
	c.Next()
}
