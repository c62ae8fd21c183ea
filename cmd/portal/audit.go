package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"

	"integrity-portal/admin"
)

func runAudit(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(out, "Usage: portal audit verify\n\nSubcommands:\n  verify   check the audit log's hash chain for any changed, inserted or removed row")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return nil
		}
		return errors.New("audit: expected the subcommand verify")
	}
	fs := newFlags("audit verify", "audit verify", "Walk the audit log and check every row's hash and its link to the row before it.\nPrints the head hash: record it elsewhere to detect a log cut short later.", out)
	if err := fs.Parse(args[1:]); err != nil {
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
	rows, head, problems, err := admin.VerifyAudit(ctx, e.pool)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(out, "row %d: %s\n", p.ID, p.Reason)
	}
	fmt.Fprintf(out, "%d rows, head %s\n", rows, hex.EncodeToString(head))
	if len(problems) > 0 {
		return fmt.Errorf("audit log: %d problem(s) found", len(problems))
	}
	fmt.Fprintln(out, "audit log intact")
	return nil
}
