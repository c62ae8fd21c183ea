package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// report copies package-level output and the output of failed and skipped tests to w, and returns
// whether anything failed and the names of the skipped tests. Non-JSON lines (build errors) are copied.
func report(r io.Reader, w io.Writer) (failed bool, skipped []string, err error) {
	outputs := map[string]*strings.Builder{} // per package and test, until it ends
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if json.Unmarshal(line, &e) != nil || e.Action == "" {
			fmt.Fprintln(w, string(line))
			if strings.Contains(string(line), "FAIL") {
				failed = true
			}
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "build-fail":
			failed = true
		case "output":
			if e.Test == "" {
				fmt.Fprint(w, e.Output)
				continue
			}
			b := outputs[key]
			if b == nil {
				b = &strings.Builder{}
				outputs[key] = b
			}
			b.WriteString(e.Output)
		case "fail":
			failed = true
			if b := outputs[key]; b != nil && e.Test != "" {
				fmt.Fprint(w, b.String())
			}
			delete(outputs, key)
		case "skip":
			if e.Test != "" {
				skipped = append(skipped, e.Package+"."+e.Test)
				if b := outputs[key]; b != nil {
					fmt.Fprint(w, b.String())
				}
			}
			delete(outputs, key)
		case "pass":
			delete(outputs, key)
		}
	}
	return failed, skipped, sc.Err()
}
