package web

import (
	"context"
	"sync"
	"time"
)

// demoFlag caches whether demo data is loaded: the layout asks on every page, the database need not.
type demoFlag struct {
	check func(ctx context.Context) bool
	ttl   time.Duration

	mu      sync.Mutex
	value   bool
	checked time.Time
}

func (d *demoFlag) loaded(ctx context.Context) bool {
	if d.check == nil {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if time.Since(d.checked) > d.ttl {
		d.value = d.check(ctx)
		d.checked = time.Now()
	}
	return d.value
}
