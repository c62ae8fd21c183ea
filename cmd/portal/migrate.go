package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/database"
)

func runMigrate(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("migrate", "migrate [-status]", "Apply pending database migrations, under an advisory lock so that several\nservers may start at once.", out)
	status := fs.Bool("status", false, "only show the current and latest schema versions")
	if err := fs.Parse(args); err != nil {
		return err
	}
	e, err := loadEnv(os.Stderr)
	if err != nil {
		return err
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()
	var n int
	err = e.withOwner(ctx, func(owner *pgxpool.Pool) error {
		if *status {
			st, err := database.SchemaStatus(ctx, owner)
			if err == nil {
				fmt.Fprintf(out, "schema version %d, latest %d, %d pending\n", st.Current, st.Latest, len(st.Pending))
			}
			return err
		}
		n, err = database.Migrate(ctx, owner)
		return err
	})
	if err != nil || *status {
		return err
	}
	fmt.Fprintf(out, "applied %d migration(s)\n", n)
	return nil
}
