package importer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/csvimport"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/pcc"
	"integrity-portal/portal/procurement/store"
)

// Beginner starts a transaction: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx (a savepoint).
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// ErrRejected is returned, wrapped, when items were rejected: then nothing of the file is stored.
var ErrRejected = errors.New("nothing imported")

// MaxListed bounds the rejections a report lists; Report.RejectedTotal counts them all.
const MaxListed = 200

// Options are the choices of an import.
type Options struct {
	OCIDPrefix string             // for releases made from Taiwan notices and CSV rows without an ocid
	Encoding   csvimport.Encoding // CSV only: auto (empty), utf-8 or big5
}

// Formats are the kinds of file Import reads (Report.Format): an OCDS package, Taiwan's award notices
// as the procurement site publishes them, or the project's CSV (docs/data-formats.md).
var Formats = []string{"ocds", "notices", "csv"}

// Report is what an import did, for the terminal and the upload page.
type Report struct {
	Format        string // "ocds", "notices" or "csv"
	Encoding      string `json:",omitempty"` // CSV: the encoding it was read in
	Releases      int    // releases read and accepted
	Rejected      []Rejection
	RejectedTotal int
	Stored        bool // false when anything was rejected: all or nothing
	Saved         store.SaveResult
}

// Rejection is one item not accepted: where (a JSON path, or a CSV line and column) and why, in
// English for the command line, and as Line, Column or Path and Problems for the page.
type Rejection struct {
	Where    string
	Reason   string
	Line     int          `json:",omitempty"`
	Column   string       `json:",omitempty"`
	Path     string       `json:",omitempty"`
	Problems problem.List `json:",omitempty"`
}

// WhereIn says where the item is in the reader's language: a line and column, or a JSON path.
func (r Rejection) WhereIn(t problem.Translator) string {
	if r.Line == 0 && r.Path == "" {
		return r.Where // a report stored before places were kept apart
	}
	return problem.Where(t, r.Line, r.Column, r.Path)
}

// File reads r (named name) and, if no item is rejected, saves every release in one transaction. Its
// content tells its format (see detect); a file of none is answered ErrUnrecognised. A file that
// cannot be read at all returns an error and no report.
func File(ctx context.Context, db Beginner, r io.Reader, name string, opts Options) (*Report, error) {
	br := bufio.NewReaderSize(r, headSize)
	head, err := br.Peek(headSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	k := detect(head, err == io.EOF, name)
	switch k {
	case kindCSV:
		return csvFile(ctx, db, br, name, opts)
	case kindUnknown:
		return nil, ErrUnrecognised
	}
	return jsonFile(ctx, db, br, name, k, opts)
}

// jsonFile streams a JSON file's releases into the store as they are read, in one transaction
// (store.Loader: memory stays bounded however long the file), and rolls it all back if any item
// was rejected. After the first rejection it only reads on, to list every problem.
func jsonFile(ctx context.Context, db Beginner, r io.Reader, name string, k kind, opts Options) (*Report, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	loader := store.NewLoader(ctx, tx, filepath.Base(name))
	rejected := false
	rep, readErr := readJSON(r, k, opts, func(rel ocds.Release) error {
		if rejected {
			return nil
		}
		return loader.Add(rel)
	}, func() { rejected = true })
	saved, saveErr := loader.Close()
	switch {
	case readErr != nil:
		return nil, readErr
	case rep.RejectedTotal > 0:
		return rep, fmt.Errorf("%d item(s) rejected; %w", rep.RejectedTotal, ErrRejected)
	case saveErr != nil:
		return rep, saveErr
	}
	if err := tx.Commit(ctx); err != nil {
		return rep, err
	}
	rep.Saved, rep.Stored = saved, true
	return rep, nil
}

// readJSON reads and checks a file of kind k: JSON (OCDS or Taiwan notices), or notices in g0v's
// older layout (YAML or JSON), passing each accepted release to keep and calling onReject at each
// rejection; an error from keep stops the reading.
func readJSON(r io.Reader, k kind, opts Options, keep func(ocds.Release) error, onReject func()) (*Report, error) {
	br := bufio.NewReaderSize(r, headSize)
	rep := &Report{Format: "ocds"}
	var problems []ocds.ItemError
	var dups duplicates
	accepted := 0
	accept := func(path string, rel ocds.Release) error {
		bad := checkRelease(path, rel)
		if e := dups.check(path, rel); e != nil {
			bad = append(bad, *e)
		}
		if len(bad) > 0 {
			problems = append(problems, bad...)
			onReject()
			return nil
		}
		accepted++
		return keep(rel)
	}
	if k == kindNotices || k == kindNested {
		rep.Format = "notices"
		read := pcc.ReadNotices
		if k == kindNested {
			read = readNested
		}
		notices, bad, err := read(br)
		if err != nil {
			return nil, err
		}
		problems = bad
		if len(bad) > 0 {
			onReject()
		}
		for i, n := range notices {
			rel, err := pcc.ToRelease(n, opts.OCIDPrefix)
			if err != nil {
				problems = append(problems, ocds.ItemError{Path: fmt.Sprintf("%s[%d]", itemsOf(k), i), Reason: err.Error(), Problems: problem.List{problem.Of("notice.unusable")}})
				onReject()
				continue
			}
			if err := accept(fmt.Sprintf("%s[%d]", itemsOf(k), i), rel); err != nil {
				return nil, err
			}
		}
	} else {
		bad, err := ocds.ReadPackage(utf8Only(br), accept)
		if err != nil {
			return nil, err
		}
		problems = append(problems, bad...)
	}
	rep.Releases = accepted
	rep.RejectedTotal = len(problems)
	for _, p := range problems[:min(len(problems), MaxListed)] {
		rep.Rejected = append(rep.Rejected, Rejection{Where: p.Path, Reason: p.Reason, Path: p.Path, Problems: p.Problems})
	}
	return rep, nil
}

// save stores releases through the store's Loader in one transaction: the bulk path, which takes
// one table lock instead of a lock per process, so a file of any size fits in one transaction.
func save(ctx context.Context, db Beginner, rep *Report, releases []ocds.Release, name string) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	loader := store.NewLoader(ctx, tx, filepath.Base(name))
	for _, rel := range releases {
		if err := loader.Add(rel); err != nil {
			loader.Close()
			return err
		}
	}
	saved, err := loader.Close()
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	rep.Saved, rep.Stored = saved, true
	return nil
}

// csvFile imports a CSV file: csvimport already refuses the whole file when any row is rejected.
func csvFile(ctx context.Context, db Beginner, r io.Reader, name string, opts Options) (*Report, error) {
	res, err := csvimport.Read(r, csvimport.Options{Encoding: opts.Encoding, OCIDPrefix: opts.OCIDPrefix})
	if err != nil {
		return nil, err
	}
	rep := &Report{Format: "csv", Encoding: string(res.Encoding), Releases: len(res.Releases), RejectedTotal: res.Problems}
	for _, rj := range res.Rejections[:min(len(res.Rejections), MaxListed)] {
		where := fmt.Sprintf("line %d", rj.Line)
		if rj.Column != "" {
			where += ", " + rj.Column
		}
		rep.Rejected = append(rep.Rejected, Rejection{Where: where, Reason: rj.Reason, Line: rj.Line, Column: rj.Column, Problems: rj.Problems})
	}
	if res.Problems > 0 {
		rep.Releases = 0
		return rep, fmt.Errorf("%d problem(s) on %d line(s); %w", res.Problems, res.RejectedLines, ErrRejected)
	}
	return rep, save(ctx, db, rep, res.Releases, name)
}

// readNested reads g0v's older layout, JSON refused at its first line that is not UTF-8 as other
// JSON is (pcc checks YAML, which it reads whole).
func readNested(r io.Reader) ([]pcc.Notice, []ocds.ItemError, error) {
	br := bufio.NewReaderSize(r, headSize)
	head, _ := br.Peek(headSize)
	if text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"); len(text) > 0 && (text[0] == '{' || text[0] == '[') {
		return pcc.ReadNested(utf8Only(br))
	}
	return pcc.ReadNested(br)
}

// itemsOf names the items of a file of notices in the paths of its rejections.
func itemsOf(k kind) string {
	if k == kindNested {
		return "notices"
	}
	return "records"
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
