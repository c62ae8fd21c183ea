package main

import (
	"strings"
	"testing"
)

func TestReportFailsOnSkipsAndFailures(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"run","Package":"p","Test":"TestA"}`,
		`{"Action":"output","Package":"p","Test":"TestA","Output":"quiet pass\n"}`,
		`{"Action":"pass","Package":"p","Test":"TestA"}`,
		`{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:9: PostgreSQL missing: install it\n"}`,
		`{"Action":"skip","Package":"p","Test":"TestB"}`,
		`{"Action":"output","Package":"p","Test":"TestC","Output":"    c_test.go:3: got 1\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestC"}`,
		`{"Action":"output","Package":"p","Output":"FAIL\tp\t0.1s\n"}`,
		`# q`,
		`q/x.go:1:1: undefined: y`,
	}, "\n")
	var out strings.Builder
	failed, skipped, err := report(strings.NewReader(in), &out)
	if err != nil {
		t.Fatal(err)
	}
	if !failed {
		t.Error("a failed test was not reported as a failure")
	}
	if len(skipped) != 1 || skipped[0] != "p.TestB" {
		t.Errorf("skipped = %v, want [p.TestB]", skipped)
	}
	for _, want := range []string{"PostgreSQL missing", "got 1", "FAIL\tp", "undefined: y"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "quiet pass") {
		t.Error("a passing test's output was printed")
	}

	out.Reset()
	failed, _, _ = report(strings.NewReader(`{"ImportPath":"r","Action":"build-output","Output":"r/y.go:2:1: syntax error\n"}
{"ImportPath":"r","Action":"build-fail"}`), &out)
	if !failed || !strings.Contains(out.String(), "syntax error") {
		t.Errorf("build failure: failed=%v output %q", failed, out.String())
	}

	failed, skipped, _ = report(strings.NewReader(`{"Action":"pass","Package":"p","Test":"TestA"}`), &out)
	if failed || len(skipped) != 0 {
		t.Errorf("all passing: failed=%v skipped=%v", failed, skipped)
	}
}
