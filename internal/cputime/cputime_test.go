package cputime

import (
	"os"
	"testing"
	"time"
)

// TestReadsThisProcess: after some work, this process has used CPU time by both readings, and a
// process that does not exist cannot be read.
func TestReadsThisProcess(t *testing.T) {
	x := 0
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		x++
	}
	if Self() <= 0 {
		t.Errorf("Self() = %v after spinning (%d)", Self(), x)
	}
	if d, ok := Process(os.Getpid()); !ok || d <= 0 {
		t.Errorf("Process(self) = %v, %v", d, ok)
	}
	if _, ok := Process(-1); ok {
		t.Error("Process(-1) read something")
	}
}
