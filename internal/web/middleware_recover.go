package web

import (
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"
)

// recoverPanics turns a panic into the localized 500 page. The log gets the panic (what it quotes
// hidden, see SafeText) and its stack, which holds code locations, not request data.
func (s *Site) recoverPanics(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r) // the client went away; let net/http handle it quietly
			}
			s.log.Error("panic", "route", c.FullPath(), "panic", SafeText(fmt.Sprint(r)), "stack", string(debug.Stack()))
			s.Error(c, http.StatusInternalServerError)
		}
	}()
	c.Next()
}
