// Package intake is the public intake: the report and suggestion forms, the captcha, evidence files
// (streamed, stripped of metadata, encrypted), the receipt, and the reporter's mailbox.
//
// Invariants:
//   - what a reporter writes or uploads is encrypted before it is stored, and exists in plaintext only
//     in this process's memory while it is handled (files are spooled, internal/spool, to unlinked
//     temporary files encrypted under a key that lives only in memory);
//   - nothing waits on the client while it holds a database connection: files are received into
//     spools first, and the transaction opens only to write;
//   - a submission is one transaction: the case, its content, files, grants and lookup value are all
//     stored, or nothing is; the receipt page is rendered before the commit;
//   - the captcha is checked before any expensive work, and before any file is read for a case; a
//     form that comes back after its captcha was answered right carries a single-use pass instead
//     of a new captcha (captcha_pass.go);
//     files sent with a form that comes back (a wrong captcha, a missing field) are held for the
//     next send, stripped and encrypted under a key split between the form and a cookie, within an
//     upload slot and a bound on all held files together, for an hour at most (held_files.go);
//   - no client address, User-Agent, referrer or form value is logged or stored; the receipt limiter
//     keeps only a keyed hash of the address, in memory, under a key that rotates;
//   - the receipt is shown in the body of a POST response only: never stored, logged, cached or put
//     in a URL. The receipt page's confirmation form carries it back sealed and expiring, so that
//     wrong digits can show it again (receipt_token.go).
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
