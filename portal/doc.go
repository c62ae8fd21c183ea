// Package portal is the public transparency side: the home page and the procurement red flags now;
// procurement search, application processing statistics, open data and the JSON API as they are
// built. Its pages only read: procurement data comes from portal/procurement.
//
// Invariants: every page works with JavaScript off, in zh-TW and English; nothing here records who
// reads what.
package portal

import (
	"embed"
	"io/fs"
)

//go:embed templates
var templates embed.FS

// Templates are this package's pages, for web.Options.Pages under the prefix "portal".
func Templates() fs.FS {
	sub, _ := fs.Sub(templates, "templates")
	return sub
}
