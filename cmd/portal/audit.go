package main

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"integrity-portal/internal/auditlog"
)

const auditUsage = `Usage: portal audit verify [-checkpoints FILE|URL]... | checkpoint

Subcommands:
  verify       check the audit log's hash chain for any changed, inserted or removed row, and that
               the log still extends every checkpoint: the database's own and those of each
               -checkpoints copy (a file saved from /opendata/audit-checkpoints.json, or its address)
  checkpoint   make a checkpoint now, covering every row so far`

func runAudit(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "checkpoint") {
		fmt.Fprintln(out, auditUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return nil
		}
		return errors.New("audit: expected the subcommand verify or checkpoint")
	}
	if args[0] == "checkpoint" {
		return runAuditCheckpoint(ctx, args[1:], out)
	}
	return runAuditVerify(ctx, args[1:], out)
}

// sources is a flag that may be given several times.
type sources []string

func (s *sources) String() string     { return strings.Join(*s, ", ") }
func (s *sources) Set(v string) error { *s = append(*s, v); return nil }

var _ flag.Value = (*sources)(nil)

func runAuditVerify(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("audit verify", "audit verify [-checkpoints FILE|URL]...",
		"Walk the audit log and check every row's hash and its link to the row before it, and that the log\nstill extends every checkpoint: the database's own, and those of each copy given. A copy kept\noutside the office (saved from /opendata/audit-checkpoints.json) detects a log cut short or\nrewritten even by someone who could change the database.", out)
	var copies sources
	fs.Var(&copies, "checkpoints", "a saved copy of /opendata/audit-checkpoints.json, or its address (may be repeated)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var checkpoints []auditlog.Checkpoint
	for _, src := range copies {
		list, err := auditlog.Load(ctx, src)
		if err != nil {
			return fmt.Errorf("audit verify: checkpoints: %w", err)
		}
		checkpoints = append(checkpoints, list...)
	}
	e, err := openData(ctx)
	if err != nil {
		return err
	}
	defer e.close()
	own, err := auditlog.List(ctx, e.pool)
	if err != nil {
		return err
	}
	rep, err := auditlog.Verify(ctx, e.pool, append(checkpoints, own...))
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(out, p)
	}
	fmt.Fprintf(out, "%d rows, head %s; %d checkpoint(s) from the database, %d from copies\n",
		rep.Rows, hex.EncodeToString(rep.Head), len(own), len(checkpoints))
	if !rep.Intact() {
		return fmt.Errorf("audit log: %d problem(s) found", len(rep.Problems))
	}
	fmt.Fprintln(out, "audit log intact")
	return nil
}

func runAuditCheckpoint(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("audit checkpoint", "audit checkpoint",
		"Make a checkpoint of the audit log now (its row count and head hash), covering every row so far.\nIt is published at once at /opendata/audit-checkpoints.json.", out)
	if err := fs.Parse(args); err != nil {
		return err
	}
	e, err := openData(ctx)
	if err != nil {
		return err
	}
	defer e.close()
	c, made, err := auditlog.Make(ctx, e.pool)
	switch {
	case err != nil:
		return err
	case c.Rows == 0:
		fmt.Fprintln(out, "the audit log is empty: no checkpoint made")
	case !made:
		fmt.Fprintf(out, "the checkpoint of %s already covers every row: %d rows, head %s\n", c.At.Format("2006-01-02T15:04:05Z"), c.Rows, hex.EncodeToString(c.Head))
	default:
		fmt.Fprintf(out, "checkpoint made at %s: %d rows, head %s\n", c.At.Format("2006-01-02T15:04:05Z"), c.Rows, hex.EncodeToString(c.Head))
	}
	return nil
}
