package indicators

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// manyLines is 1,000 lines across several batches: releases with a one-day tender period (R003),
// a blank line every 97th, an unreadable one every 101st, and a cancelled one every 103rd.
func manyLines() (text string, wantFlagged int, wantSkipped []int) {
	var b strings.Builder
	for n := 1; n <= 1000; n++ {
		switch {
		case n%97 == 0:
			b.WriteString("  \n")
		case n%101 == 0:
			b.WriteString("{\"ocid\": 5}\n")
			wantSkipped = append(wantSkipped, n)
		case n%103 == 0:
			fmt.Fprintf(&b, `{"ocid":"c%d","tender":{"status":"cancelled","tenderPeriod":{"startDate":"2024-01-01T00:00:00Z","endDate":"2024-01-02T00:00:00Z"}}}`+"\n", n)
		default:
			fmt.Fprintf(&b, `{"ocid":"p%d","tender":{"tenderPeriod":{"startDate":"2024-01-01T00:00:00Z","endDate":"2024-01-02T00:00:00Z"}}}`+"\n", n)
			wantFlagged++
		}
	}
	return b.String(), wantFlagged, wantSkipped
}

func TestRunAcrossBatches(t *testing.T) {
	text, flagged, skipped := manyLines()
	s, _ := ParseSettings(strings.NewReader("[R003]\n"))
	res, err := Run(strings.NewReader(text), s)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.OCID) != flagged {
		t.Errorf("%d processes flagged, want %d", len(res.OCID), flagged)
	}
	var got []int
	for _, sk := range res.Skipped {
		got = append(got, sk.Line)
	}
	if fmt.Sprint(got) != fmt.Sprint(skipped) || res.SkippedTotal != len(skipped) {
		t.Errorf("skipped lines %v (%d), want %v", got, res.SkippedTotal, skipped)
	}
}

// failingReader returns its text, then an error.
type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

func TestRunStopsOnReadError(t *testing.T) {
	text, _, _ := manyLines()
	broken := errors.New("disk on fire")
	s, _ := ParseSettings(strings.NewReader("[R003]\n"))
	_, err := Run(&failingReader{r: strings.NewReader(text[:len(text)/2]), err: broken}, s)
	if !errors.Is(err, broken) {
		t.Errorf("Run = %v, want the read error", err)
	}
}
