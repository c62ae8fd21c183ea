package web

import (
	"strings"

	"github.com/gin-gonic/gin"
)

const frameKey = "web.frame"

// Frame is the signed-in officer's part of the page frame: who is signed in and the menu of the
// pages their roles may open. The admin side sets it once a request's session is checked; a page
// without one (the sign-in steps, the public side) shows no officer's menu.
type Frame struct {
	Name  string
	Roles []string // message keys of the officer's roles, in words
	Menu  []MenuLink
}

// MenuLink is one entry of the officer's menu: a path and the message key of its name.
type MenuLink struct {
	Path, Key string
}

// SetFrame gives the request's pages, error pages included, the signed-in officer's frame.
func SetFrame(c *gin.Context, f *Frame) { c.Set(frameKey, f) }

func frameOf(c *gin.Context) *Frame {
	if v, ok := c.Get(frameKey); ok {
		if f, ok := v.(*Frame); ok {
			return f
		}
	}
	return nil
}

// Current is the aria-current value of a menu link on this page: "page" on the linked page itself,
// "true" on a page within the link's section (a case within 案件), for the longest such link only;
// otherwise "".
func (p *Page) Current(link string) string {
	path, _, _ := strings.Cut(p.Path, "?")
	if path == link {
		return "page"
	}
	if p.Frame == nil || link == "/admin" || !p.Within(link) {
		return ""
	}
	for _, l := range p.Frame.Menu {
		if len(l.Path) > len(link) && (path == l.Path || p.Within(l.Path)) {
			return ""
		}
	}
	return "true"
}
