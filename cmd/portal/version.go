package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
)

func runVersion(_ context.Context, args []string, out io.Writer) error {
	fs := newFlags("version", "version", "Print the portal's version and the Go version it was built with.", out)
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintf(out, "portal %s (%s)\n", Version, runtime.Version())
	return nil
}
