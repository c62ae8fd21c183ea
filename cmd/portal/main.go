// Command portal is the integrity portal: one binary that serves the web site and runs the
// operator's tasks. Run `portal -h` for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Version is set at build time (-ldflags "-X main.Version=…").
var Version = "dev"

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, out io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "serve the portal (the default)", runServe},
		{"migrate", "apply pending database migrations", runMigrate},
		{"keys", "manage the office's recovery key (keys init)", runKeys},
		{"user", "manage officer accounts (user add|list|disable)", runUser},
		{"demo", "load demo data, marked as demo wherever it shows (development only)", runDemo},
		{"audit", "check the audit log, or checkpoint it (audit verify|checkpoint)", runAudit},
		{"import", "import data (import procurement|applications|periods|calendar FILE...)", runImport},
		{"purge", "apply the retention periods: warn, then crypto-shred expired cases (-dry-run lists)", runPurge},
		{"indicators", "compute procurement red flags over OCDS compiled releases (cardinal-compatible)", runIndicators},
		{"db", "manage the private development PostgreSQL (db start|stop|url)", runDB},
		{"version", "print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := dispatch(ctx, os.Args[1:], os.Stdout)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	default:
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

func dispatch(ctx context.Context, args []string, out io.Writer) error {
	name := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		name, args = args[0], args[1:]
	} else if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		usage(out)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args, out)
		}
	}
	usage(os.Stderr)
	return fmt.Errorf("unknown command %q", name)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: portal [command] [flags]\n\nThe integrity portal of the ethics office. Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `portal COMMAND -h` for a command's flags. Configuration comes from environment")
	fmt.Fprintln(w, "variables; the README lists them all.")
}

// newFlags makes a flag set whose -h prints a summary line and the flags, in English.
func newFlags(name, synopsis, summary string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: portal %s\n\n%s\n", synopsis, summary)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(out, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}
