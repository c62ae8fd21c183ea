package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"integrity-portal/internal/pgcluster"
)

const dbUsage = `Usage: portal db start|stop|url [-dir DIR]

Manage the private development PostgreSQL that serve starts when DATABASE_URL is empty.
  start  start it (and leave it running); prints its connection string
  stop   stop it
  url    print its connection string (for psql)`

func runDB(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprintln(out, dbUsage)
		if len(args) == 0 {
			return errors.New("db: expected start, stop or url")
		}
		return nil
	}
	sub := args[0]
	fs := newFlags("db "+sub, "db "+sub+" [-dir DIR]", dbUsage, out)
	dir := fs.String("dir", "", "cluster directory (default PORTAL_VAR_DIR/pg)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *dir == "" {
		e, err := loadEnv(os.Stderr)
		if err != nil {
			return err
		}
		*dir = filepath.Join(e.cfg.VarDir, "pg")
	}
	switch sub {
	case "start", "url":
		c, err := pgcluster.Start(ctx, *dir, "portal", discardLogger())
		if err != nil {
			return err
		}
		fmt.Fprintln(out, c.URL("portal"))
		return nil
	case "stop":
		return pgcluster.StopDir(ctx, *dir)
	}
	fmt.Fprintln(out, dbUsage)
	return fmt.Errorf("db: unknown subcommand %q", sub)
}
