package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"integrity-portal/admin"
)

// demoOfficers are the demo accounts, one per role, so every part of the admin side can be tried.
var demoOfficers = []admin.NewOfficer{
	{Username: "demo-intake", DisplayName: "示範 收件政風人員", Roles: []string{"intake"}},
	{Username: "demo-investigator", DisplayName: "示範 查處人員", Roles: []string{"investigator"}},
	{Username: "demo-supervisor", DisplayName: "示範 政風主管", Roles: []string{"supervisor"}},
	{Username: "demo-custodian", DisplayName: "示範 身分保管人", Roles: []string{"custodian"}},
	{Username: "demo-auditor", DisplayName: "示範 稽核人員", Roles: []string{"auditor"}},
}

func runDemo(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("demo", "demo", "Load demo data: demo officer accounts, one per role, with passwords shown once.\nEverything loaded is marked as demo, and every page then says the site holds demo\ndata. Development only (PORTAL_DEV_DEMO). Running it again adds nothing twice.", out)
	if err := fs.Parse(args); err != nil {
		return err
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
	added := 0
	for _, n := range demoOfficers {
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
	fmt.Fprintf(out, "demo data: %d officer account(s) added\n", added)
	return nil
}
