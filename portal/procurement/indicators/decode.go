package indicators

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"runtime"
)

// Decoding JSON is most of a run's work, so lines are decoded by several goroutines, in batches,
// while the indicators see the releases one at a time and in input order. Bounded queues keep
// memory to a few batches per decoder.
const batchLines = 256

// batch is a run of consecutive input lines and, once done is closed, what they decoded to.
type batch struct {
	first int // number of the first line, 1-based
	lines [][]byte
	rels  []*release // nil for a blank line, an unreadable one, or one no indicator sees
	errs  []error    // why a line was unreadable
	done  chan struct{}
}

// decode decodes the batch's lines; a release that is cancelled or whose
// procurementMethodDetails is excluded is dropped here, as no indicator sees it.
func (b *batch) decode(excluded stringSet) {
	b.rels = make([]*release, len(b.lines))
	b.errs = make([]error, len(b.lines))
	for i, line := range b.lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		rel, err := decodeRelease(line)
		switch {
		case err != nil:
			b.errs[i] = err
		case rel.cancelled(), !rel.matchesProcurementMethodDetails(nil, excluded):
		default:
			b.rels[i] = rel
		}
	}
	b.lines = nil
	close(b.done)
}

// decodeLines reads r line by line and calls each, in input order, for every line that holds a
// release the indicators should see (err nil) or that is unreadable (rel nil). It returns the
// first read error, after the lines read before it have been handed to each.
func decodeLines(r io.Reader, excluded stringSet, each func(line int, rel *release, err error)) error {
	workers := runtime.GOMAXPROCS(0)
	ordered := make(chan *batch, 2*workers) // every batch, in input order
	todo := make(chan *batch, 2*workers)    // the same batches, for any free decoder
	for range workers {
		go func() {
			for b := range todo {
				b.decode(excluded)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(ordered)
		defer close(todo)
		br := bufio.NewReaderSize(r, 1<<16)
		b := &batch{first: 1, done: make(chan struct{})}
		send := func() {
			next := &batch{first: b.first + len(b.lines), done: make(chan struct{})}
			ordered <- b
			todo <- b // from here on, b belongs to a decoder until it closes done
			b = next
		}
		for n := 1; ; n++ {
			line, err := br.ReadBytes('\n')
			if err != nil && err != io.EOF {
				send()
				readErr <- fmt.Errorf("reading line %d: %w", n, err)
				return
			}
			b.lines = append(b.lines, line)
			if err == io.EOF {
				send()
				readErr <- nil
				return
			}
			if len(b.lines) == batchLines {
				send()
			}
		}
	}()

	for b := range ordered {
		<-b.done
		for i, rel := range b.rels {
			if rel != nil || b.errs[i] != nil {
				each(b.first+i, rel, b.errs[i])
			}
		}
	}
	return <-readErr
}
