package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"integrity-portal/admin/retention"
)

func runPurge(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("purge", "purge [-dry-run]", "Apply the retention periods now, as the daily job does: warn about closed cases whose\nperiod ends within 30 days, and crypto-shred those whose period has ended and whose\nwarning is at least 30 days old (every grant and ciphertext is deleted; statistics stay).\nWith -dry-run, list what would happen and change nothing.", out)
	dryRun := fs.Bool("dry-run", false, "list what would be warned about and shredded, and change nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	e, err := openData(ctx)
	if err != nil {
		return err
	}
	defer e.close()
	periods, now := retention.FromConfig(*e.cfg), time.Now()
	plan, err := retention.MakePlan(ctx, e.pool, periods, now)
	if err != nil {
		return err
	}
	printPlan(out, plan)
	if *dryRun {
		fmt.Fprintln(out, "dry run: nothing changed")
		return nil
	}
	res, err := retention.Run(ctx, e.pool, periods, now)
	fmt.Fprintf(out, "warned about %d case(s), shredded %d case(s)\n", res.Warned, res.Shredded)
	return err
}

func printPlan(out io.Writer, plan retention.Plan) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "action\tcase\tkind\toutcome\tclosed\tdue\twarned")
	for _, group := range []struct {
		action string
		items  []retention.Item
	}{{"shred", plan.Shred}, {"warn", plan.Warn}} {
		for _, it := range group.items {
			outcome, warned := "-", "-"
			if it.Outcome != nil {
				outcome = *it.Outcome
			}
			if it.WarnedAt != nil {
				warned = it.WarnedAt.Format(time.DateOnly)
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\n", group.action, it.CaseID, it.Kind, outcome,
				it.ClosedAt.Format(time.DateOnly), it.Due.Format(time.DateOnly), warned)
		}
	}
	tw.Flush()
	fmt.Fprintf(out, "%d to shred, %d to warn about\n", len(plan.Shred), len(plan.Warn))
}
