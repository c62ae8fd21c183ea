package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/csvimport"
)

const importApplicationsSynopsis = "import applications|periods|calendar [-encoding auto|utf-8|big5] FILE..."

const importApplicationsSummary = `Import CSV files of citizens' applications (人民申請案件), of the processing periods agencies
publish for them, or of the government office calendar (columns in docs/data-formats.md). Import
the periods first: they register the agencies whose applications may then be imported. Each file
is all or nothing, in one transaction: if any row is rejected, none of the file is stored, and
every rejected row is listed with its line, column and reason. Importing the same file again
changes nothing. Files with applicant data (names, ID numbers, addresses) are refused.

When a file changed anything, the statistics are recomputed at the end, as of today.

-encoding: auto (the default) reads UTF-8, with or without a byte order mark, and otherwise Big5;
utf-8 refuses a file that is not UTF-8, naming the first bad line; big5 reads Big5.`

func runImportApplications(ctx context.Context, kind applications.Kind, args []string, out io.Writer) error {
	name := "import " + string(kind)
	fs := newFlags(name, importApplicationsSynopsis, importApplicationsSummary, out)
	encoding := fs.String("encoding", "auto", "character encoding: auto, utf-8 or big5")
	if err := fs.Parse(args); err != nil {
		return err
	}
	enc, err := csvimport.ParseEncoding(*encoding)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%s: expected at least one FILE", name)
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
	failed, changed := 0, false
	for _, path := range fs.Args() {
		rep, err := importApplicationsFile(ctx, e, kind, path, enc, out)
		if err != nil {
			failed++
			fmt.Fprintf(out, "%s: not imported: %v\n", path, err)
		}
		if rep != nil && rep.Stored && rep.Inserted+rep.Updated > 0 {
			changed = true
		}
	}
	if changed {
		rc, err := applications.Recompute(ctx, e.pool, time.Time{})
		if err != nil {
			return fmt.Errorf("%s: the files are stored, but recomputing the statistics failed: %w", name, err)
		}
		fmt.Fprintf(out, "statistics recomputed as of %s: %d application(s), %d row(s), in %s\n",
			rc.AsOf.Format(time.DateOnly), rc.Records, rc.Rows, rc.Duration.Round(time.Millisecond))
		if len(rc.CalendarGaps) > 0 {
			fmt.Fprintf(out, "  warning: no office calendar for %v: there only weekends count as days off (portal import calendar)\n", rc.CalendarGaps)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%s: %d of %d file(s) not imported", name, failed, fs.NArg())
	}
	return nil
}

// importApplicationsFile imports one file with a progress bar, all or nothing, and says what it
// stored or rejected.
func importApplicationsFile(ctx context.Context, e *env, kind applications.Kind, path string, enc csvimport.Encoding, out io.Writer) (*applications.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	bar := newProgress(os.Stderr, filepath.Base(path), st.Size())
	rep, err := applications.File(ctx, e.pool, kind, io.TeeReader(f, bar), applications.Options{Encoding: enc})
	bar.done()
	if rep != nil {
		printApplicationsReport(out, path, rep)
	}
	return rep, err
}

// printApplicationsReport says what an import stored, or why it stored nothing.
func printApplicationsReport(out io.Writer, path string, rep *applications.Report) {
	what := map[applications.Kind]string{applications.KindApplications: "application(s)",
		applications.KindPeriods: "period(s)", applications.KindCalendar: "day(s)"}[rep.Kind]
	if !rep.Stored {
		fmt.Fprintf(out, "%s (%s, %s): %d rejected on %d line(s), so nothing was stored:\n", path, rep.Kind, rep.Encoding, rep.RejectedTotal, rep.RejectedLines)
	} else {
		fmt.Fprintf(out, "%s (%s, %s): %d row(s) read, %d %s new, %d updated, %d unchanged", path, rep.Kind, rep.Encoding,
			rep.Rows, rep.Inserted, what, rep.Updated, rep.Unchanged)
		if rep.NewAgencies+rep.NewServices > 0 {
			fmt.Fprintf(out, "; %d agency(ies) and %d service(s) registered", rep.NewAgencies, rep.NewServices)
		}
		fmt.Fprintln(out, "; 0 rejected")
	}
	for _, r := range rep.Rejected {
		fmt.Fprintf(out, "  rejected %s\n", r)
	}
	if more := rep.RejectedTotal - len(rep.Rejected); more > 0 {
		fmt.Fprintf(out, "  … and %d more not listed\n", more)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(out, "  note: %s\n", n)
	}
}
