package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

func runKeys(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "init" {
		fmt.Fprintln(out, "Usage: portal keys init -out FILE\n\nSubcommands:\n  init   create the office's recovery key")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return nil
		}
		return errors.New("keys: expected the subcommand init")
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
