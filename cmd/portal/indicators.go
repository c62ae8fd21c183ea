package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"integrity-portal/portal/procurement/indicators"
)

func runIndicators(_ context.Context, args []string, out io.Writer) error {
	fs := newFlags("indicators", "indicators [-settings FILE.ini] FILE.jsonl", "Compute cardinal-compatible procurement red flags over OCDS compiled releases (one JSON\nobject per line) and print cardinal's JSON output, without its Meta key. Settings use\ncardinal's INI format; an indicator runs when its section is present.", out)
	settingsFile := fs.String("settings", "", "cardinal settings file (INI)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("indicators: expected one FILE.jsonl")
	}
	var settings indicators.Settings
	if *settingsFile != "" {
		f, err := os.Open(*settingsFile)
		if err != nil {
			return err
		}
		settings, err = indicators.ParseSettings(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("indicators: %s: %w", *settingsFile, err)
		}
	}
	in, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer in.Close()
	res, err := indicators.Run(in, settings)
	if err != nil {
		return err
	}
	if res.SkippedTotal > 0 {
		fmt.Fprintf(os.Stderr, "indicators: skipped %d line(s) that are not releases with an ocid\n", res.SkippedTotal)
	}
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s\n", b)
	return err
}
