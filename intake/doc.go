// Package intake is the public intake: the report and suggestion forms, the captcha, evidence files
// (streamed, stripped of metadata, encrypted), the receipt, and the reporter's mailbox.
//
// Invariants:
//   - what a reporter writes or uploads is encrypted before it is stored, and exists in plaintext only
//     in this process's memory while it is handled (an upload that needs random access is spooled to
//     an unlinked temporary file encrypted under a key that lives only in memory);
//   - a submission is one transaction: the case, its content, files, grants and lookup value are all
//     stored, or nothing is;
//   - the captcha is checked before any expensive work, and before any file is read;
//   - no client address, User-Agent, referrer or form value is logged or stored; the receipt limiter
//     keeps only a keyed hash of the address, in memory, under a key that rotates;
//   - the receipt is shown once, in the body of a POST response: never stored, logged, cached or put
//     in a URL.
package intake

import (
	"embed"
	"io/fs"
)

//go:embed templates
var templates embed.FS

// Templates are this package's pages, for web.Options.Pages under the prefix "intake".
func Templates() fs.FS {
	sub, _ := fs.Sub(templates, "templates")
	return sub
}
