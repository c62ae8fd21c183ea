package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"integrity-portal/admin"
)

// demoOfficers are the demo accounts, one per role, so every part of the admin side can be tried.
var demoOfficers = []admin.NewOfficer{
	{Username: "demo-intake", DisplayName: "示範 收件政風人員", Roles: []string{"intake"}},
	{Username: "demo-investigator", DisplayName: "示範 查處人員", Roles: []string{"investigator"}},
	{Username: "demo-supervisor", DisplayName: "示範 政風主管", Roles: []string{"supervisor"}},
	{Username: "demo-custodian", DisplayName: "示範 身分保管人", Roles: []string{"custodian"}},
	{Username: "demo-auditor", DisplayName: "示範 稽核人員", Roles: []string{"auditor"}},
	{Username: "demo-data", DisplayName: "示範 資料管理人員", Roles: []string{"data"}},
	{Username: "demo-sysadmin", DisplayName: "示範 系統管理員", Roles: []string{"sysadmin"}},
}

func runDemo(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("demo", "demo [-officers=false] [-procurement N] [-applications N]", "Load demo data: demo officer accounts, one per role, with passwords shown once;\ngenerated procurement processes of the city's agencies, some with planted red flags;\nand generated citizens' applications to generated agencies, with their periods and office\ncalendar, whose statistics are computed at once. Everything loaded is marked as demo, and\nevery page then says the site holds demo data. Development only (PORTAL_DEV_DEMO).\nRunning it again adds nothing twice.", out)
	officers := fs.Bool("officers", true, "add the demo officer accounts")
	processes := fs.Int("procurement", 5000, "number of generated procurement processes to load (0: none)")
	apps := fs.Int("applications", 50000, "number of generated applications to load (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *processes < 0 || *apps < 0 {
		return errors.New("demo: -procurement and -applications must be 0 or more")
	}
	e, err := loadEnv(os.Stderr)
	if err != nil {
		return err
	}
	if !e.cfg.DevDemo {
		return errors.New("demo: demo data is off (PORTAL_DEV_DEMO=false); it is never loaded in production")
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()
	if err := e.prepareSchema(ctx, e.cfg.AutoMigrate); err != nil {
		return err
	}
	if *officers {
		if err := addDemoOfficers(ctx, e, out); err != nil {
			return err
		}
	}
	if *processes > 0 {
		if err := addDemoProcurement(ctx, e, *processes, out); err != nil {
			return err
		}
	}
	if *apps > 0 {
		res, err := loadDemoApplications(ctx, e.pool, *apps, os.Stderr)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "demo data: %d application(s) added, %d updated, %d already loaded\n", res.Added, res.Updated, res.Unchanged)
		if rc := res.Recomputed; rc != nil {
			fmt.Fprintf(out, "application statistics recomputed as of %s: %d application(s), %d row(s), in %s\n",
				rc.AsOf.Format(time.DateOnly), rc.Records, rc.Rows, rc.Duration.Round(time.Millisecond))
		}
	}
	return nil
}

// addDemoProcurement loads n generated procurement processes and queues the red flags.
func addDemoProcurement(ctx context.Context, e *env, n int, out io.Writer) error {
	res, err := loadDemoProcurement(ctx, e.pool, n, os.Stderr)
	if err != nil {
		return err
	}
	if res.ProcessesCreated > 0 {
		if err := admin.RecordDemoLoad(ctx, e.pool, "procurement"); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "demo data: %d procurement process(es) added, %d updated, %d already loaded\n",
		res.ProcessesCreated, res.ProcessesUpdated, n-res.ProcessesCreated-res.ProcessesUpdated)
	if res.ProcessesCreated+res.ProcessesUpdated > 0 {
		if err := e.queueFlags(ctx); err != nil {
			return err
		}
		fmt.Fprintln(out, "red flags: recomputation queued; a running server does it (or the next to start)")
	}
	return nil
}

// addDemoOfficers adds the demo accounts that do not exist yet, printing their passwords.
func addDemoOfficers(ctx context.Context, e *env, out io.Writer) error {
	existing, err := admin.ListOfficers(ctx, e.pool)
	if err != nil {
		return err
	}
	added := 0
	for _, n := range demoOfficers {
		if slices.ContainsFunc(existing, func(o admin.Officer) bool { return o.Username == n.Username }) {
			continue // already there: skip the costly key derivation of a new account
		}
		n.Password = admin.NewPassword()
		n.IsDemo = true
		o, err := admin.AddOfficer(ctx, e.pool, n)
		if errors.Is(err, admin.ErrUsernameTaken) {
			continue
		}
		if err != nil {
			return err
		}
		added++
		fmt.Fprintf(out, "demo officer %-18s password %s\n", o.Username, n.Password)
	}
	if added > 0 {
		if err := admin.RecordDemoLoad(ctx, e.pool, "officers"); err != nil {
			return err
		}
	}
	// Demo accounts have nobody to approve their case roles: approving them is part of loading the demo.
	if err := admin.ApproveDemoOfficers(ctx, e.pool); err != nil {
		return err
	}
	fmt.Fprintf(out, "demo data: %d officer account(s) added\n", added)
	return nil
}
