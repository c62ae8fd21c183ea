package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/i18n"
)

const (
	langKey    = "lang"
	langCookie = "lang"
)

// chooseLanguage picks the request's language: the reader's explicit choice (the switch's cookie),
// then Accept-Language, then zh-TW.
func (s *Site) chooseLanguage(c *gin.Context) {
	choice, _ := s.Cookie(c, langCookie)
	lang := i18n.Negotiate(choice, c.GetHeader("Accept-Language"))
	c.Set(langKey, lang)
	c.Header("Vary", "Accept-Language, Cookie")
	c.Next()
}

// LangOf returns the language chosen for the request.
func LangOf(c *gin.Context) i18n.Lang {
	if l, ok := c.Get(langKey); ok {
		return l.(i18n.Lang)
	}
	return i18n.ZhTW
}

// switchLanguage remembers the reader's choice for a year and returns to the page they were on.
func (s *Site) switchLanguage(c *gin.Context) {
	lang, ok := i18n.ParseCode(c.Param("code"))
	if !ok {
		s.Error(c, http.StatusNotFound)
		return
	}
	s.SetCookie(c, langCookie, lang.Code(), 365*24*3600)
	c.Redirect(http.StatusSeeOther, localPath(c.Query("next")))
}

// localPath keeps a redirect target on this site: anything that is not a plain local path becomes "/".
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return u.RequestURI()
}
