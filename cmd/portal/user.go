package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"filippo.io/age"

	"integrity-portal/admin"
)

const userUsage = `Usage: portal user add|list|disable|reset|approve ...

Subcommands:
  add      create an officer account (portal user add -h)
  list     list the accounts
  disable  stop an account from logging in: portal user disable USERNAME
  reset    new password and new key (no case keys until regranted): portal user reset USERNAME
  approve  approve an account's case roles with the office's recovery identity, when no
           supervisor can: portal user approve -identity FILE USERNAME`

func runUser(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(out, userUsage)
		return errors.New("user: expected add, list, disable, reset or approve")
	}
	var run func(context.Context, *env, []string, io.Writer) error
	switch args[0] {
	case "add":
		run = userAdd
	case "list":
		run = userList
	case "disable":
		run = userDisable
	case "reset":
		run = userReset
	case "approve":
		run = userApprove
	case "-h", "-help", "--help":
		fmt.Fprintln(out, userUsage)
		return nil
	default:
		fmt.Fprintln(out, userUsage)
		return fmt.Errorf("user: unknown subcommand %q", args[0])
	}
	e, err := loadEnv(os.Stderr)
	if err != nil {
		return err
	}
	return run(ctx, e, args[1:], out)
}

func userAdd(ctx context.Context, e *env, args []string, out io.Writer) error {
	fs := newFlags("user add", "user add -username NAME -name \"DISPLAY NAME\" -roles ROLE[,ROLE] [-password-stdin]",
		"Create an officer account with its own age key, sealed under the password. Without\n-password-stdin a password is generated and shown once. Roles: "+strings.Join(admin.Roles, ", ")+".", out)
	username := fs.String("username", "", "login name (a–z, 0–9, '.', '_', '-')")
	name := fs.String("name", "", "display name")
	roles := fs.String("roles", "", "comma-separated roles")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	password := admin.NewPassword()
	if *fromStdin {
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		password = strings.TrimRight(line, "\r\n")
	}
	n := admin.NewOfficer{Username: *username, DisplayName: *name, Password: password}
	for _, r := range strings.Split(*roles, ",") {
		if r = strings.TrimSpace(r); r != "" {
			n.Roles = append(n.Roles, r)
		}
	}
	if err := admin.ValidateNewOfficer(n); err != nil { // before starting any database
		return err
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()
	if err := e.prepareSchema(ctx, e.cfg.AutoMigrate); err != nil {
		return err
	}
	o, err := admin.AddOfficer(ctx, e.pool, n)
	if err != nil {
		return err
	}
	if err := admin.AuditNow(ctx, e.pool, nil, "user.add", nil, map[string]any{"username": o.Username, "roles": o.Roles, "by": "command line"}); err != nil {
		return err
	}
	fmt.Fprintf(out, "created officer %s (%s) with roles %s\n", o.Username, o.DisplayName, strings.Join(o.Roles, ","))
	if o.AwaitsApproval {
		fmt.Fprintln(out, "its case roles take effect once a supervisor approves them at /admin/roles")
	}
	if !*fromStdin {
		fmt.Fprintf(out, "password (shown once): %s\n", password)
	}
	return nil
}

func userList(ctx context.Context, e *env, args []string, out io.Writer) error {
	fs := newFlags("user list", "user list", "List the officer accounts.", out)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()
	list, err := admin.ListOfficers(ctx, e.pool)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tNAME\tROLES\tSTATUS\tCREATED")
	for _, o := range list {
		status := "active"
		if o.DisabledAt != nil {
			status = "disabled"
		}
		if o.AwaitsApproval {
			status += " (case roles await approval)"
		}
		if o.IsDemo {
			status += " [DEMO]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", o.Username, o.DisplayName, strings.Join(o.Roles, ","), status, o.CreatedAt.Format("2006-01-02"))
	}
	return tw.Flush()
}

func userDisable(ctx context.Context, e *env, args []string, out io.Writer) error {
	fs := newFlags("user disable", "user disable USERNAME", "Stop an account from logging in. Its history stays.", out)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("user disable: expected one USERNAME")
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()
	if err := admin.DisableOfficer(ctx, e.pool, fs.Arg(0)); err != nil {
		return err
	}
	if err := admin.AuditNow(ctx, e.pool, nil, "user.disable", nil, map[string]any{"username": fs.Arg(0), "by": "command line"}); err != nil {
		return err
	}
	fmt.Fprintf(out, "disabled %s\n", fs.Arg(0))
	return nil
}

func userReset(ctx context.Context, e *env, args []string, out io.Writer) error {
	fs := newFlags("user reset", "user reset USERNAME", "Give an account a new one-time password and a new key. The officer loses their case keys\nand second factor: a supervisor grants cases again, or run portal keys regrant.", out)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("user reset: expected one USERNAME")
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()
	password := admin.NewPassword()
	if err := admin.ResetOfficer(ctx, e.pool, fs.Arg(0), password, nil); err != nil {
		return err
	}
	if err := admin.AuditNow(ctx, e.pool, nil, "user.reset", nil, map[string]any{"username": fs.Arg(0), "by": "command line"}); err != nil {
		return err
	}
	fmt.Fprintf(out, "reset %s; one-time password (shown once): %s\n", fs.Arg(0), password)
	return nil
}

func userApprove(ctx context.Context, e *env, args []string, out io.Writer) error {
	fs := newFlags("user approve", "user approve -identity FILE USERNAME", "Approve an account's case roles with the office's recovery identity (brought from offline\nstorage for this): how the first supervisor is approved, when no other supervisor exists.\nOtherwise a supervisor other than whoever made the account approves it at /admin/roles.", out)
	identityFile := fs.String("identity", "", "the recovery identity file written by keys init")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *identityFile == "" || fs.NArg() != 1 {
		fs.Usage()
		return errors.New("user approve: -identity FILE and one USERNAME are required")
	}
	f, err := os.Open(*identityFile)
	if err != nil {
		return err
	}
	ids, err := age.ParseIdentities(f)
	f.Close()
	if err != nil || len(ids) != 1 {
		return fmt.Errorf("user approve: %s is not one age identity", *identityFile)
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()
	if err := admin.ApproveRolesWithRecovery(ctx, e.pool, ids[0], fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(out, "approved the case roles of %s\n", fs.Arg(0))
	return nil
}
