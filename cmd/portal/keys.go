package main

import (
	"context"

	"filippo.io/age"

	"integrity-portal/admin"

	"errors"
	"fmt"
	"io"
	"os"
)

func runKeys(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "regrant" {
		return runRegrant(ctx, args[1:], out)
	}
	if len(args) == 0 || args[0] != "init" {
		fmt.Fprintln(out, "Usage: portal keys init -out FILE | portal keys regrant -identity FILE -user USERNAME\n\nSubcommands:\n  init     create the office's recovery key\n  regrant  give an officer back their case keys with the recovery identity")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return nil
		}
		return errors.New("keys: expected the subcommand init or regrant")
	}
	fs := newFlags("keys init", "keys init -out FILE", "Create the office's recovery key: an age hybrid post-quantum identity. The identity is\nwritten to FILE (mode 0600; '-' for standard output) and only its public recipient is\nstored in the database. Keep FILE offline: with it, the stock age tool decrypts every\ncase (age -d -i FILE). Refuses if a recovery key already exists.", out)
	path := fs.String("out", "", "where to write the recovery identity ('-' for standard output)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *path == "" {
		fs.Usage()
		return errors.New("keys init: -out FILE is required")
	}
	e, err := loadEnv(os.Stderr)
	if err != nil {
		return err
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()
	if err := e.prepareSchema(ctx, true); err != nil {
		return err
	}
	if err := initRecoveryKey(ctx, e, *path); err != nil {
		return err
	}
	if *path != "-" {
		fmt.Fprintf(out, "recovery key written to %s: move it to offline storage now\n", *path)
	}
	return nil
}

func runRegrant(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("keys regrant", "keys regrant -identity FILE -user USERNAME", "After an administrator's password reset, an officer has a new key and no case grants. With\nthe office's recovery identity (brought from offline storage for this), give them back the\ncase keys their roles receive at intake, and both keys of the cases assigned to them.", out)
	identityFile := fs.String("identity", "", "the recovery identity file written by keys init")
	user := fs.String("user", "", "the officer's username")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *identityFile == "" || *user == "" {
		fs.Usage()
		return errors.New("keys regrant: -identity and -user are required")
	}
	f, err := os.Open(*identityFile)
	if err != nil {
		return err
	}
	ids, err := age.ParseIdentities(f)
	f.Close()
	if err != nil || len(ids) != 1 {
		return fmt.Errorf("keys regrant: %s is not one age identity", *identityFile)
	}
	e, err := loadEnv(os.Stderr)
	if err != nil {
		return err
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()
	n, err := admin.Regrant(ctx, e.pool, ids[0], *user)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "granted %d case key(s) to %s\n", n, *user)
	return nil
}
