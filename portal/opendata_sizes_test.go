package portal

import (
	"context"
	"errors"
	"integrity-portal/internal/i18n"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSizesAreMeasuredOncePerContent: views of the page at once share one measurement of a file;
// the same content is not measured again, new content is, and a finished download's size counts.
func TestSizesAreMeasuredOncePerContent(t *testing.T) {
	var s sizeCache
	var writes atomic.Int32
	started, release := make(chan struct{}, 3), make(chan struct{})
	write := func(_ context.Context, w io.Writer) error {
		writes.Add(1)
		started <- struct{}{}
		<-release
		_, err := io.WriteString(w, strings.Repeat("x", 1234))
		return err
	}
	var wg sync.WaitGroup
	sizes := make([]int64, 20)
	for i := range sizes {
		wg.Go(func() {
			n, err := s.size(t.Context(), "/opendata/a.jsonl", `"v1"`, write)
			if err != nil {
				t.Error(err)
			}
			sizes[i] = n
		})
	}
	<-started // the views overlap the measurement
	close(release)
	wg.Wait()
	for _, n := range sizes {
		if n != 1234 {
			t.Fatalf("sizes %v, want 1234 each", sizes)
		}
	}
	if _, err := s.size(t.Context(), "/opendata/a.jsonl", `"v1"`, write); err != nil || writes.Load() != 1 {
		t.Errorf("%d measurements of one content, want 1 (%v)", writes.Load(), err)
	}
	if n, _ := s.size(t.Context(), "/opendata/a.jsonl", `"v2"`, write); n != 1234 || writes.Load() != 2 {
		t.Errorf("new content: %d measurements, size %d", writes.Load(), n)
	}
	s.record("/opendata/a.jsonl", `"v3"`, 99)
	if n, _ := s.size(t.Context(), "/opendata/a.jsonl", `"v3"`, write); n != 99 || writes.Load() != 2 {
		t.Errorf("a download's size was not taken: %d, %d measurements", n, writes.Load())
	}
}

// A view that stops waiting leaves the measurement running: the next view gets the size, and the page
// meanwhile says the size is being measured.
func TestASlowMeasurementDoesNotHoldThePage(t *testing.T) {
	var s sizeCache
	release := make(chan struct{})
	write := func(_ context.Context, w io.Writer) error {
		<-release
		_, err := io.WriteString(w, "12345")
		return err
	}
	wait, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if _, err := s.size(wait, "/opendata/b.json", `"v1"`, write); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting view: %v, want its deadline", err)
	}
	close(release)
	if n, err := s.size(t.Context(), "/opendata/b.json", `"v1"`, write); n != 5 || err != nil {
		t.Errorf("later view: %d, %v", n, err)
	}
	cat, _ := i18n.Load()
	if got := byteSize(cat, i18n.ZhTW, -1); !strings.Contains(got, "計算中") {
		t.Errorf("byteSize(-1) = %q", got)
	}
}
