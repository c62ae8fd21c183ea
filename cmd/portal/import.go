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

	"github.com/jackc/pgx/v5"

	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/pcc"
	"integrity-portal/portal/procurement/store"
)

const importUsage = `Usage: portal import procurement [-ocid-prefix P] FILE...

Import procurement data: OCDS release packages, record packages or JSON Lines of (compiled)
releases, and Taiwan e-procurement notices in the g0v API format. Each file is one transaction:
its accepted releases are all stored, or nothing is. Malformed items are rejected and listed with
their JSON path or line and the reason. Importing the same data again changes nothing.`

func runImport(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "procurement" {
		fmt.Fprintln(out, importUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return nil
		}
		return errors.New("import: expected the kind of data: procurement")
	}
	fs := newFlags("import procurement", "import procurement [-ocid-prefix P] FILE...", importUsage, out)
	prefix := fs.String("ocid-prefix", "ocds-twpcc", "ocid prefix for releases made from Taiwan e-procurement notices")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
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
		if err := importFile(ctx, e, path, *prefix, out); err != nil {
			failed++
			fmt.Fprintf(out, "%s: not imported: %v\n", path, err)
		}
	}
	if failed > 0 {
		return fmt.Errorf("import procurement: %d of %d file(s) not imported", failed, fs.NArg())
	}
	return nil
}

// importFile reads one file, reports its rejected items, and stores its releases in one transaction,
// streaming them into the store as they are read (store.Loader), so a file of a million releases
// needs no more memory than a small one.
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
	var rejected []ocds.ItemError
	var res store.SaveResult
	accepted := 0
	err = pgx.BeginFunc(ctx, e.pool, func(tx pgx.Tx) error {
		l := store.NewLoader(ctx, tx, filepath.Base(path))
		add := func(rel ocds.Release) error {
			accepted++
			return l.Add(rel)
		}
		var readErr error
		rejected, readErr = readReleases(r, head, prefix, add)
		var err error
		res, err = l.Close()
		if readErr != nil {
			return readErr
		}
		return err
	})
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %d release(s) accepted (%d new, %d replaced, %d unchanged), %d process(es) new, %d updated; %d rejected\n",
		path, accepted, res.Inserted, res.Updated, res.Unchanged, res.ProcessesCreated, res.ProcessesUpdated, len(rejected))
	for _, r := range rejected {
		fmt.Fprintf(out, "  rejected %s: %s\n", r.Path, r.Reason)
	}
	return nil
}

// readReleases reads Taiwan notices or OCDS data from r, whose first bytes are head, passing each
// release to add, and returns the items it rejected.
func readReleases(r io.Reader, head []byte, prefix string, add func(ocds.Release) error) ([]ocds.ItemError, error) {
	if !looksLikeNotices(head) {
		return ocds.ReadPackage(r, func(_ string, rel ocds.Release) error { return add(rel) })
	}
	notices, rejected, err := pcc.ReadNotices(r)
	if err != nil {
		return nil, err
	}
	for i, n := range notices {
		rel, err := pcc.ToRelease(n, prefix)
		if err != nil {
			rejected = append(rejected, ocds.ItemError{Path: fmt.Sprintf("records[%d]", i), Reason: err.Error()})
			continue
		}
		if err := add(rel); err != nil {
			return rejected, err
		}
	}
	return rejected, nil
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
