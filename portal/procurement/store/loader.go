package store

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"

	"integrity-portal/portal/procurement/ocds"
)

// LoaderBatch is how many releases a Loader passes to SaveBulk at a time.
const LoaderBatch = 1000

// Loader stores a stream of releases as SaveBulk does, in one transaction, with memory bounded by a
// few batches however long the stream. It prepares a batch (encoding, merging, deriving columns)
// while the one before is written, so that the importer's work and PostgreSQL's run side by side.
//
// Add and Close are called from one goroutine; tx belongs to the Loader until Close returns.
type Loader struct {
	batch    []ocds.Release
	source   string
	toPrep   chan []ocds.Release
	failed   chan struct{} // closed when a stage fails, to stop the others
	failOnce sync.Once
	finished chan struct{} // closed when the writer has stopped
	err      error         // the first error; read once failed is closed
	res      SaveResult    // read once finished is closed
}

// NewLoader starts a Loader that saves into tx, marking releases with source (see Save).
func NewLoader(ctx context.Context, tx pgx.Tx, source string) *Loader {
	l := &Loader{
		batch:    make([]ocds.Release, 0, LoaderBatch),
		source:   source,
		toPrep:   make(chan []ocds.Release, 1),
		failed:   make(chan struct{}),
		finished: make(chan struct{}),
	}
	toWrite := make(chan *bulkBatch, 1)
	fail := func(err error) {
		l.failOnce.Do(func() {
			l.err = err
			close(l.failed)
		})
	}
	go func() { // prepare
		defer close(toWrite)
		for rels := range l.toPrep {
			b, err := prepareBulk(rels, source)
			if err != nil {
				fail(err)
				return
			}
			select {
			case toWrite <- b:
			case <-l.failed:
				return
			}
		}
	}()
	go func() { // write
		defer close(l.finished)
		locked := false // the lock, once taken, lasts until the transaction ends
		for b := range toWrite {
			if err := b.write(ctx, tx, &l.res, !locked); err != nil {
				fail(err)
				return
			}
			locked = locked || len(b.rows) > 0
		}
	}()
	return l
}

// Add queues a release. It returns an error if an earlier batch could not be saved; the
// transaction must then be rolled back.
func (l *Loader) Add(r ocds.Release) error {
	l.batch = append(l.batch, r)
	if len(l.batch) < LoaderBatch {
		return nil
	}
	return l.flush()
}

func (l *Loader) flush() error {
	select {
	case l.toPrep <- l.batch:
		l.batch = make([]ocds.Release, 0, LoaderBatch)
		return nil
	case <-l.failed:
		return l.err
	}
}

// Close saves what is queued, waits for the writes to end and returns what was done, or the first
// error, after which the transaction must be rolled back. Close must be called once, even after an
// error, so that the Loader's goroutines end.
func (l *Loader) Close() (SaveResult, error) {
	var err error
	if len(l.batch) > 0 {
		err = l.flush()
	}
	close(l.toPrep)
	<-l.finished
	select {
	case <-l.failed:
		return l.res, l.err
	default:
	}
	return l.res, err
}
