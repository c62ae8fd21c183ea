// Package portal is the public transparency side: the home page and the procurement pages (the tender
// search and its CSV download, the tender, supplier and buyer pages, the red flags; see
// docs/procurement.md and docs/red-flags.md), the open data downloads (/opendata) and the JSON API
// (/api/v1; see docs/api.md), and the statistics of citizens' applications (/applications and an
// agency's page; see docs/applications.md).
//
// Invariants: every page works with JavaScript off, in zh-TW and English; nothing here records who
// reads what; bad input in an address is a 400 page that says what is wrong, never a 500; every share
// or rate is shown with the counts it comes from.
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
