package store

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Searcher runs searches on an Index while it is current, and otherwise with Search while it
// builds a new one in the background. An index is current while the last succeeded red-flags run
// is the one it read, and its snapshot sees every transaction logged in procurement_changes (each
// that wrote processes, migration 018): an import makes it out of date the moment it commits.
//
// Every server keeps its own index: a million processes take about 250 MB and some seconds to read.
type Searcher struct {
	pool *pgxpool.Pool
	log  *slog.Logger

	mu       sync.Mutex
	index    *Index
	building bool
	failed   time.Time       // when the last build failed: the next waits retryAfter
	ctx      context.Context // the builds'; cancelled by Close
	stop     context.CancelFunc
	builds   sync.WaitGroup
}

// retryAfter is how long a Searcher waits after a failed build before it tries again, searching in
// SQL meanwhile.
const retryAfter = 10 * time.Second

// NewSearcher returns a Searcher over pool; it builds its first index on its first search.
func NewSearcher(pool *pgxpool.Pool, log *slog.Logger) *Searcher {
	ctx, stop := context.WithCancel(context.Background())
	return &Searcher{pool: pool, log: log, ctx: ctx, stop: stop}
}

// Start builds the first index in the background, so that searches after a server starts soon
// run in memory.
func (s *Searcher) Start() { s.startBuild() }

// Wait waits for a build under way, and reports whether an index is then current.
func (s *Searcher) Wait(ctx context.Context) bool {
	s.builds.Wait()
	return s.current(ctx) != nil
}

// Close stops a build under way and waits for it.
func (s *Searcher) Close() {
	s.stop()
	s.builds.Wait()
}

// Search returns what Search(ctx, pool, q) returns.
func (s *Searcher) Search(ctx context.Context, q Query) (Page, error) {
	x := s.current(ctx)
	if x == nil {
		return Search(ctx, s.pool, q)
	}
	ocids, page, err := x.search(q)
	if err != nil {
		return page, err
	}
	if page.Items, err = items(ctx, s.pool, ocids); err != nil {
		return page, err
	}
	return page, nil
}

// current returns the index if it is current, else nil, having started a build if none runs.
func (s *Searcher) current(ctx context.Context) *Index {
	s.mu.Lock()
	x := s.index
	s.mu.Unlock()
	if x != nil {
		ok, err := x.isCurrent(ctx, s.pool)
		if err != nil {
			s.log.Warn("procurement search index: checking it", "err", err)
		}
		if ok {
			return x
		}
	}
	s.startBuild()
	return nil
}

func (s *Searcher) startBuild() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.building || s.ctx.Err() != nil || time.Since(s.failed) < retryAfter {
		return
	}
	s.building = true
	s.builds.Add(1)
	go func() {
		defer s.builds.Done()
		start := time.Now()
		x, err := BuildIndex(s.ctx, s.pool)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.building = false
		if err != nil {
			if s.ctx.Err() == nil {
				s.failed = time.Now()
				s.log.Warn("procurement search index: building it", "err", err)
			}
			return
		}
		s.index = x
		s.log.Info("procurement search index built", "processes", len(x.ocids), "took", time.Since(start).Round(time.Millisecond))
	}()
}

// isCurrent reports whether the index still answers as Search would (see Searcher).
func (x *Index) isCurrent(ctx context.Context, db *pgxpool.Pool) (bool, error) {
	var ok bool
	err := db.QueryRow(ctx, `
SELECT COALESCE((SELECT id FROM procurement_flag_runs WHERE status = 'succeeded' ORDER BY finished_at DESC LIMIT 1), 0) = $1
    AND `+SeesEveryChange("$2::pg_snapshot"),
		x.runID, x.snapshot).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("store: index: %w", err)
	}
	return ok, nil
}

// items reads the rows of ocids, in that order.
func items(ctx context.Context, db *pgxpool.Pool, ocids []string) ([]Item, error) {
	if len(ocids) == 0 {
		return nil, nil
	}
	rows, err := db.Query(ctx, `SELECT `+itemColumns+` FROM procurement_processes WHERE ocid = ANY ($1)`, ocids)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item])
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	slices.SortFunc(got, func(a, b Item) int { return slices.Index(ocids, a.OCID) - slices.Index(ocids, b.OCID) })
	return got, nil
}
