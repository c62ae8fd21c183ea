package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/csvimport"
	"integrity-portal/portal/procurement/importer"
)

const importSynopsis = "import procurement [-ocid-prefix P] [-encoding auto|utf-8|big5] FILE..."

const importSummary = `Import procurement data: OCDS release packages, record packages or JSON Lines of (compiled)
releases, Taiwan e-procurement notices in the g0v API format or in g0v's older layout (YAML or
JSON), and CSV files (columns in docs/data-formats.md). The content tells the format; a file of
none is answered "format not recognised" with the formats. Each file is all or nothing, in one transaction:
if any item is rejected, none of the file is stored, and every rejected item is listed with its
JSON path, or CSV line and column, and the reason. Importing the same data again changes nothing.

-encoding applies to CSV files: auto (the default) reads UTF-8, with or without a byte order
mark, and otherwise Big5; utf-8 refuses a file that is not UTF-8, naming the first bad line;
big5 reads Big5. JSON files are always UTF-8.`

func runImport(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 {
		if kind, err := applications.ParseKind(args[0]); err == nil {
			return runImportApplications(ctx, kind, args[1:], out)
		}
	}
	if len(args) == 0 || args[0] != "procurement" {
		fmt.Fprintf(out, "Usage: portal %s\n       portal %s\n\n%s\n", importSynopsis, importApplicationsSynopsis, importSummary)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return nil
		}
		return errors.New("import: expected the kind of data: procurement, applications, periods or calendar")
	}
	fs := newFlags("import procurement", importSynopsis, importSummary, out)
	prefix := fs.String("ocid-prefix", "ocds-twpcc", "ocid prefix for releases made from Taiwan e-procurement notices and CSV rows without an ocid")
	encoding := fs.String("encoding", "auto", "character encoding of CSV files: auto, utf-8 or big5")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	enc, err := csvimport.ParseEncoding(*encoding)
	if err != nil {
		return fmt.Errorf("import procurement: %w", err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("import procurement: expected at least one FILE")
	}
	e, err := openData(ctx)
	if err != nil {
		return err
	}
	defer e.close()
	failed := 0
	for _, path := range fs.Args() {
		if err := importFile(ctx, e, path, importer.Options{OCIDPrefix: *prefix, Encoding: enc}, out); err != nil {
			failed++
			fmt.Fprintf(out, "%s: not imported: %v\n", path, err)
		}
	}
	if failed < fs.NArg() {
		if err := e.queueFlags(ctx); err != nil {
			return err
		}
		fmt.Fprintln(out, "red flags: recomputation queued; a running server does it (or the next to start)")
	}
	if failed > 0 {
		return fmt.Errorf("import procurement: %d of %d file(s) not imported", failed, fs.NArg())
	}
	return nil
}

// importFile imports one file with a progress bar, all or nothing, and lists what it rejected.
func importFile(ctx context.Context, e *env, path string, opts importer.Options, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	bar := newProgress(os.Stderr, filepath.Base(path), st.Size())
	rep, err := importer.File(ctx, e.pool, io.TeeReader(f, bar), path, opts)
	bar.done()
	if rep == nil {
		return err
	}
	printReport(out, path, rep)
	return err
}

// printReport says what an import stored, or why it stored nothing.
func printReport(out io.Writer, path string, rep *importer.Report) {
	read := rep.Format
	if rep.Encoding != "" {
		read += ", " + rep.Encoding
	}
	if !rep.Stored {
		fmt.Fprintf(out, "%s (%s): %d rejected, so nothing was stored:\n", path, read, rep.RejectedTotal)
	} else {
		s := rep.Saved
		fmt.Fprintf(out, "%s (%s): %d release(s) accepted (%d new, %d replaced, %d unchanged), %d process(es) new, %d updated; 0 rejected\n",
			path, read, rep.Releases, s.Inserted, s.Updated, s.Unchanged, s.ProcessesCreated, s.ProcessesUpdated)
	}
	for _, r := range rep.Rejected {
		fmt.Fprintf(out, "  rejected %s: %s\n", r.Where, r.Reason)
	}
	if more := rep.RejectedTotal - len(rep.Rejected); more > 0 {
		fmt.Fprintf(out, "  … and %d more not listed\n", more)
	}
}
