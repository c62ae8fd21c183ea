package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// cookieName adds the __Host- prefix, which browsers accept only on Secure cookies for the whole
// host; the development switch for plain http://localhost drops both.
func (s *Site) cookieName(name string) string {
	if s.cfg.DevInsecureCookies {
		return name
	}
	return "__Host-" + name
}

// SetCookie sets a host-only, HttpOnly, SameSite=Strict cookie; Secure unless in development over http.
func (s *Site) SetCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     s.cookieName(name),
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		Secure:   !s.cfg.DevInsecureCookies,
		HttpOnly: true,
		SameSite: http.SameSiteStrictMode,
	})
}

// Cookie reads a cookie set with SetCookie.
func (s *Site) Cookie(c *gin.Context, name string) (string, bool) {
	v, err := c.Cookie(s.cookieName(name))
	return v, err == nil
}
