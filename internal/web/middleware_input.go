package web

import (
	"mime"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
)

// checkInput refuses, once and for every route, any path parameter, query or urlencoded form value
// (and name) that is not ValidText, with the localized 400 page (or the API's JSON error). Form
// text may hold tabs and line breaks; the rest may not. A multipart body is not read here, so an
// upload is never buffered: its readers check each text part as they read it (ValidText).
func (s *Site) checkInput(c *gin.Context) {
	if c.FullPath() == "" || s.ownChecks[c.FullPath()] {
		c.Next() // no route (the 404 page), or a route that says which field is wrong itself
		return
	}
	for _, p := range c.Params {
		if !ValidText(p.Value, false) {
			s.BadInput(c)
			return
		}
	}
	q, err := url.ParseQuery(c.Request.URL.RawQuery)
	if err != nil || !validValues(q, false) {
		s.BadInput(c)
		return
	}
	if mt, _, _ := mime.ParseMediaType(c.ContentType()); c.Request.Method == http.MethodPost && mt == "application/x-www-form-urlencoded" {
		if err := c.Request.ParseForm(); TooLarge(err) {
			s.Error(c, http.StatusRequestEntityTooLarge)
			return
		} else if err != nil || !validValues(c.Request.PostForm, true) {
			s.BadInput(c)
			return
		}
	}
	c.Next()
}

func validValues(v url.Values, multiline bool) bool {
	for k, vs := range v {
		if !ValidText(k, false) {
			return false
		}
		for _, s := range vs {
			if !ValidText(s, multiline) {
				return false
			}
		}
	}
	return true
}

// BadInput answers 400 with the page that says the request held characters the site cannot take
// (or the API's JSON error).
func (s *Site) BadInput(c *gin.Context) {
	s.errorPage(c, http.StatusBadRequest, "error.input")
}

// ChecksOwnInput exempts routes (their patterns) from checkInput: routes whose handlers check every
// parameter themselves and answer a bad one by naming it on the page, with the form and what was
// typed, which says more than the 400 page can. Call it while registering routes; the generated
// hostile-input test holds them to never failing.
func (s *Site) ChecksOwnInput(routes ...string) {
	if s.ownChecks == nil {
		s.ownChecks = map[string]bool{}
	}
	for _, r := range routes {
		s.ownChecks[r] = true
	}
}
