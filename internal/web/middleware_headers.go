package web

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// contentSecurityPolicy allows nothing but our own scripts, styles and images: no inline code, no
// third-party resources, no framing.
var contentSecurityPolicy = strings.Join([]string{
	"default-src 'none'",
	"script-src 'self'",
	"style-src 'self'",
	"img-src 'self'",
	"media-src 'self'",
	"font-src 'self'",
	"connect-src 'self'",
	"form-action 'self'",
	"frame-ancestors 'none'",
	"base-uri 'none'",
}, "; ")

const permissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), " +
	"microphone=(), payment=(), usb=(), browsing-topics=()"

// securityHeaders sets the headers every response carries. Static assets override Cache-Control.
func (s *Site) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	csp := contentSecurityPolicy
	if s.cfg.Production() {
		csp += "; upgrade-insecure-requests"
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", permissionsPolicy)
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	if s.cfg.OnionLocation != "" {
		// Tor Browser offers the onion service for the same page.
		h.Set("Onion-Location", strings.TrimSuffix(s.cfg.OnionLocation, "/")+c.Request.URL.RequestURI())
	}
	c.Next()
}
