package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"integrity-portal/portal/procurement/csvimport"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/pcc"
	"integrity-portal/portal/procurement/store"
)

const importSynopsis = "import procurement [-ocid-prefix P] [-encoding auto|utf-8|big5] FILE..."

const importSummary = `Import procurement data: OCDS release packages, record packages or JSON Lines of (compiled)
releases, Taiwan e-procurement notices in the g0v API format, and CSV files (by the .csv
extension; columns in docs/data-formats.md). Each file is one transaction: its accepted releases
are all stored, or nothing is. Malformed items are rejected and listed with their JSON path or
line and the reason. A CSV file is all or nothing: one rejected row and none of it is stored.
Importing the same data again changes nothing.

-encoding applies to CSV files: auto (the default) reads UTF-8, with or without a byte order
mark, and otherwise Big5; utf-8 refuses a file that is not UTF-8, naming the first bad line;
big5 reads Big5. JSON files are always UTF-8.`

func runImport(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "procurement" {
		fmt.Fprintf(out, "Usage: portal %s\n\n%s\n", importSynopsis, importSummary)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return nil
		}
		return errors.New("import: expected the kind of data: procurement")
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
	csvOpts := csvimport.Options{Encoding: enc, OCIDPrefix: *prefix}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("import procurement: expected at least one FILE")
	}
	e, err := loadEnv(os.Stderr)
	if err != nil {
		return err
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()
	if err := e.prepareSchema(ctx, e.cfg.AutoMigrate); err != nil {
		return err
	}
	failed := 0
	for _, path := range fs.Args() {
		var err error
		if strings.EqualFold(filepath.Ext(path), ".csv") {
			err = importCSV(ctx, e, path, csvOpts, out)
		} else {
			err = importFile(ctx, e, path, *prefix, out)
		}
		if err != nil {
			failed++
			fmt.Fprintf(out, "%s: not imported: %v\n", path, err)
		}
	}
	if failed > 0 {
		return fmt.Errorf("import procurement: %d of %d file(s) not imported", failed, fs.NArg())
	}
	return nil
}

// importFile reads one file, reports its rejected items, and stores its releases in one transaction.
func importFile(ctx context.Context, e *env, path, prefix string, out io.Writer) error {
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
	r := bufio.NewReaderSize(io.TeeReader(f, bar), 1<<16)
	head, _ := r.Peek(64 << 10)
	var releases []ocds.Release
	var rejected []ocds.ItemError
	if looksLikeNotices(head) {
		notices, problems, err := pcc.ReadNotices(r)
		if err != nil {
			return err
		}
		rejected = problems
		for i, n := range notices {
			rel, err := pcc.ToRelease(n, prefix)
			if err != nil {
				rejected = append(rejected, ocds.ItemError{Path: fmt.Sprintf("records[%d]", i), Reason: err.Error()})
				continue
			}
			releases = append(releases, rel)
		}
	} else {
		problems, err := ocds.ReadPackage(r, func(_ string, rel ocds.Release) error {
			releases = append(releases, rel)
			return nil
		})
		if err != nil {
			return err
		}
		rejected = problems
	}
	bar.done()
	var res store.SaveResult
	if len(releases) > 0 {
		err = pgx.BeginFunc(ctx, e.pool, func(tx pgx.Tx) error {
			var err error
			res, err = store.Save(ctx, tx, releases, filepath.Base(path))
			return err
		})
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "%s: %d release(s) accepted (%d new, %d replaced, %d unchanged), %d process(es) new, %d updated; %d rejected\n",
		path, len(releases), res.Inserted, res.Updated, res.Unchanged, res.ProcessesCreated, res.ProcessesUpdated, len(rejected))
	for _, r := range rejected {
		fmt.Fprintf(out, "  rejected %s: %s\n", r.Path, r.Reason)
	}
	return nil
}

// importCSV imports one CSV file with csvimport: all its rows or none, with the rejections listed.
func importCSV(ctx context.Context, e *env, path string, opts csvimport.Options, out io.Writer) error {
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
	res, err := csvimport.Import(ctx, e.pool, io.TeeReader(f, bar), filepath.Base(path), opts)
	bar.done()
	if res == nil {
		return err
	}
	if res.Problems > 0 {
		fmt.Fprintf(out, "%s: %d row(s) read (%s), none stored:\n", path, res.Rows, res.Encoding)
		for _, r := range res.Rejections {
			fmt.Fprintf(out, "  rejected %s\n", r)
		}
		if more := res.Problems - len(res.Rejections); more > 0 {
			fmt.Fprintf(out, "  … and %d more problem(s) not listed\n", more)
		}
		return err
	}
	if err != nil {
		return err
	}
	s := res.Saved
	fmt.Fprintf(out, "%s: %d row(s) read (%s), %d release(s) accepted (%d new, %d replaced, %d unchanged), %d process(es) new, %d updated; 0 rejected\n",
		path, res.Rows, res.Encoding, len(res.Releases), s.Inserted, s.Updated, s.Unchanged, s.ProcessesCreated, s.ProcessesUpdated)
	return nil
}

// looksLikeNotices tells the g0v API document (an object whose records carry "detail") from OCDS.
func looksLikeNotices(head []byte) bool {
	var probe struct {
		Records []struct {
			Detail json.RawMessage `json:"detail"`
		} `json:"records"`
	}
	dec := json.NewDecoder(bytes.NewReader(head))
	if err := dec.Decode(&probe); err != nil {
		// The head may be cut mid-document: look for the telltale keys instead.
		return bytes.Contains(head, []byte(`"records"`)) && bytes.Contains(head, []byte(`"detail"`)) && !bytes.Contains(head, []byte(`"ocid"`))
	}
	return len(probe.Records) > 0 && len(probe.Records[0].Detail) > 0
}
