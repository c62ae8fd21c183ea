// Command testreport reads `go test -json` on standard input and prints what a person reads: each
// package's result line, the output of every failed test, and build errors. It exits non-zero when a
// test failed or was skipped: `make test` never skips, so a skip is a missing dependency or a bug.
package main

import (
	"fmt"
	"os"
)

func main() {
	failed, skipped, err := report(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(2)
	}
	if len(skipped) > 0 {
		fmt.Printf("\n%d skipped tests: make test never skips (fix the missing dependency it names):\n", len(skipped))
		for _, s := range skipped {
			fmt.Println("  " + s)
		}
	}
	if failed || len(skipped) > 0 {
		os.Exit(1)
	}
}
