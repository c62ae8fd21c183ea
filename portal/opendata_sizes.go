package portal

import (
	"context"
	"io"
	"sync"
	"time"

	"integrity-portal/internal/i18n"
)

// The /opendata page shows each file's size. A file is generated as it is downloaded, so its size is
// known only by generating it: sizeCache keeps the size of each file's current content (named by its
// ETag, which follows the data's stamp) in memory, measured once per change of the data by writing
// the file to a counter, or taken from a download that ran to its end. Views of the page while the
// data holds still cost one aggregate query; after a change, the first view measures the changed
// files once, and concurrent views wait for that one measurement instead of starting their own.
//
// Memory rather than files under PORTAL_VAR_DIR: app servers keep no state of their own (several may
// run on one database), nothing is written to disk, and the cache holds one number per file.
type sizeCache struct {
	mu      sync.Mutex
	sizes   map[string]measured   // by sizeKey: the latest measured content
	running map[string]*measuring // by ETag
}

type measured struct {
	etag string
	size int64
}

type measuring struct {
	done chan struct{}
	size int64
	err  error
}

// measureTimeout bounds one measurement, which runs on even if the view that started it ends.
const measureTimeout = 10 * time.Minute

// sizeKey names a file whatever its content: its address, and for the CSV its header's language.
func sizeKey(f dataFile, lang i18n.Lang) string {
	if f.headerInLang() {
		return f.Href() + "?" + lang.Code()
	}
	return f.Href()
}

// record keeps the size of the content etag of the file key.
func (s *sizeCache) record(key, etag string, size int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sizes == nil {
		s.sizes = map[string]measured{}
	}
	s.sizes[key] = measured{etag: etag, size: size}
}

// size returns the size of the content etag of the file key, measuring it with write when it is not
// known. It waits at most until ctx ends.
func (s *sizeCache) size(ctx context.Context, key, etag string, write func(context.Context, io.Writer) error) (int64, error) {
	s.mu.Lock()
	if m, ok := s.sizes[key]; ok && m.etag == etag {
		s.mu.Unlock()
		return m.size, nil
	}
	if s.running == nil {
		s.running = map[string]*measuring{}
	}
	run, ok := s.running[etag]
	if !ok {
		run = &measuring{done: make(chan struct{})}
		s.running[etag] = run
		go s.measure(context.WithoutCancel(ctx), key, etag, run, write)
	}
	s.mu.Unlock()
	select {
	case <-run.done:
		return run.size, run.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// measure writes the file to a counter and records its size.
func (s *sizeCache) measure(ctx context.Context, key, etag string, run *measuring, write func(context.Context, io.Writer) error) {
	ctx, cancel := context.WithTimeout(ctx, measureTimeout)
	defer cancel()
	n := &countingWriter{w: io.Discard}
	run.err = write(ctx, n)
	run.size = n.n
	if run.err == nil {
		s.record(key, etag, run.size)
	}
	s.mu.Lock()
	delete(s.running, etag)
	s.mu.Unlock()
	close(run.done)
}
