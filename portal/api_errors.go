package portal

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/i18n"
)

// apiError is the body of every error answer of the API.
type apiError struct {
	Error apiProblem `json:"error"`
}

// apiProblem says what went wrong: a stable code for programs, a sentence for people in English, and
// the same in zh-TW when the request's Accept-Language prefers it.
type apiProblem struct {
	Code       string         `json:"code"`
	Message    string         `json:"message"`
	MessageZh  string         `json:"message_zh_tw,omitempty"`
	Parameters []apiParameter `json:"parameters,omitempty"` // each bad query parameter
}

// apiParameter is the problem with one query parameter.
type apiParameter struct {
	Name      string `json:"name"`
	Message   string `json:"message"`
	MessageZh string `json:"message_zh_tw,omitempty"`
}

// Error codes, as docs/api.md lists them.
const (
	codeInvalidParameter = "invalid_parameter"
	codeInvalidCursor    = "invalid_cursor"
	codeInvalidID        = "invalid_id"
	codeNotFound         = "not_found"
	codeMethodNotAllowed = "method_not_allowed"
	codeTooLarge         = "payload_too_large"
	codeForbidden        = "forbidden"
	codeInternal         = "internal_error"
)

// prefersZh reports whether the request's Accept-Language prefers zh-TW to English. Only the
// header counts: a program states it, and without it the message is in English alone.
func prefersZh(c *gin.Context) bool {
	h := c.GetHeader("Accept-Language")
	return h != "" && i18n.Negotiate("", h) == i18n.ZhTW
}

// problem writes the message key (with args) as a problem with code.
func (a *api) problem(c *gin.Context, code, key string, args ...any) apiProblem {
	cat := a.site.Catalogues()
	p := apiProblem{Code: code, Message: cat.T(i18n.En, key, args...)}
	if prefersZh(c) {
		p.MessageZh = cat.T(i18n.ZhTW, key, args...)
	}
	return p
}

// answerProblem answers status with the problem.
func (a *api) answerProblem(c *gin.Context, status int, p apiProblem) {
	a.writeJSON(c, status, apiError{Error: p})
}

// answer answers status with the message key as a problem with code.
func (a *api) answer(c *gin.Context, status int, code, key string, args ...any) {
	a.answerProblem(c, status, a.problem(c, code, key, args...))
}

// answerParameters answers 400 with the problems of the query's parameters, each named.
func (a *api) answerParameters(c *gin.Context, errs []fieldError) {
	cat := a.site.Catalogues()
	p := apiProblem{Code: codeInvalidParameter}
	var en, zh []string
	for _, e := range errs {
		key := e.Key // the search page's message keys have their API wording under api.error.
		if rest, ok := strings.CutPrefix(key, "procurement.error."); ok {
			key = "api.error." + rest
		}
		q := apiParameter{Name: e.param(), Message: cat.T(i18n.En, key, e.Args...)}
		en = append(en, q.Message)
		if prefersZh(c) {
			q.MessageZh = cat.T(i18n.ZhTW, key, e.Args...)
			zh = append(zh, q.MessageZh)
		}
		p.Parameters = append(p.Parameters, q)
	}
	p.Message = strings.Join(en, " ")
	p.MessageZh = strings.Join(zh, "")
	a.answerProblem(c, http.StatusBadRequest, p)
}

// param names the query parameter of a search form's problem ("f-year" is year, "f-q" is q).
func (e fieldError) param() string {
	if e.Field == "" {
		return "page"
	}
	return strings.TrimPrefix(e.Field, "f-")
}

// answerStatus is the API's answer to the errors the site answers before or around a handler: an
// unknown address, a wrong method, an oversized body, a failure.
func (a *api) answerStatus(c *gin.Context, status int) {
	code, key := codeInternal, "api.error.internal"
	switch status {
	case http.StatusNotFound:
		code, key = codeNotFound, "api.error.no_route"
	case http.StatusMethodNotAllowed:
		code, key = codeMethodNotAllowed, "api.error.method_not_allowed"
		c.Header("Allow", "GET, OPTIONS")
	case http.StatusRequestEntityTooLarge:
		code, key = codeTooLarge, "api.error.too_large"
	case http.StatusForbidden:
		code, key = codeForbidden, "api.error.forbidden"
	case http.StatusBadRequest: // the site's input check (web.Site.BadInput)
		code, key = codeInvalidParameter, "api.error.bad_input"
	}
	a.answer(c, status, code, key)
}

// fail logs err and answers 500 (through answerStatus).
func (a *api) fail(c *gin.Context, err error) { a.site.Fail(c, err) }
