package crypto

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// Defaults of the memory budget (PORTAL_MEMORY_BUDGET, PORTAL_MEMORY_WAIT).
const (
	DefaultMemoryBudget = 384 << 20
	DefaultMemoryWait   = 5 * time.Second
)

// PasswordMemory is what one scrypt run at PasswordWorkFactor holds: 128·r·N bytes with r = 8.
// Opening, sealing and re-sealing an officer key each cost this much.
const PasswordMemory = 128 * 8 << PasswordWorkFactor

// Memory is what one run of the receipt KDF holds.
func (p ReceiptParams) Memory() int64 { return int64(p.MemoryKiB) << 10 }

// ErrBusy means the work did not run: the memory budget stayed full for the whole wait, or the
// request ended while waiting. The caller answers "busy, try again" (503 with Retry-After), never an
// error page.
var ErrBusy = errors.New("crypto: memory budget full")

// idleRelease is how long the budget must stay unused before the freed memory goes back to the
// system: long enough that a burst of sign-ins is not slowed by it, short enough that an idle
// server soon looks idle.
const idleRelease = time.Second

// MemoryBudget bounds the memory that memory-hard work (scrypt for officer keys, Argon2id for
// receipts) holds at once. Every such run in the server goes through one shared budget: past it a
// run waits up to the budget's wait, then gets ErrBusy.
//
// Admission is first-fit, not first-come: while a sign-in (256 MiB) waits for room, receipt KDFs
// (32 MiB) that fit still run, so a flood of sign-ins cannot starve reporters.
//
// After each run the garbage is collected before the room is handed on, so the next run reuses the
// same pages instead of stacking on top of them; once the budget has been idle for idleRelease, the
// pages go back to the system (debug.FreeOSMemory, from one timer, however many runs ended).
type MemoryBudget struct {
	capacity int64
	wait     time.Duration

	mu      sync.Mutex
	used    int64
	changed chan struct{} // closed, and replaced, whenever room is given back
	idle    *time.Timer
	dirty   bool // memory-hard work ran since the last release to the system
	waiting int  // runs waiting for room

	idleAfter time.Duration
	release   func() // debug.FreeOSMemory; tests count calls
}

// NewMemoryBudget makes a budget of capacity bytes whose runs wait at most wait for room.
func NewMemoryBudget(capacity int64, wait time.Duration) *MemoryBudget {
	b := &MemoryBudget{capacity: max(capacity, 1), wait: max(wait, 0), changed: make(chan struct{}),
		idleAfter: idleRelease, release: debug.FreeOSMemory}
	b.idle = time.AfterFunc(time.Hour, b.releaseIfIdle)
	b.idle.Stop()
	return b
}

// Wait is how long a run may wait for room; a busy answer's Retry-After.
func (b *MemoryBudget) Wait() time.Duration { return b.wait }

// Do runs work holding bytes of the budget. It returns ErrBusy if no room came within the wait, or
// if ctx ended first (then the error also wraps ctx's); work has not run then. A run larger than
// the whole budget runs alone.
func (b *MemoryBudget) Do(ctx context.Context, bytes int64, work func()) error {
	bytes = min(max(bytes, 1), b.capacity)
	if err := b.acquire(ctx, bytes); err != nil {
		return err
	}
	defer b.give(bytes)
	work()
	return nil
}

func (b *MemoryBudget) acquire(ctx context.Context, bytes int64) error {
	var timeout <-chan time.Time
	for {
		b.mu.Lock()
		if b.used+bytes <= b.capacity {
			b.used += bytes
			b.dirty = true
			b.idle.Stop()
			b.mu.Unlock()
			return nil
		}
		changed := b.changed
		if timeout == nil {
			b.waiting++
			defer func() { b.mu.Lock(); b.waiting--; b.mu.Unlock() }()
			t := time.NewTimer(b.wait)
			defer t.Stop()
			timeout = t.C
		}
		b.mu.Unlock()
		select {
		case <-changed:
		case <-timeout:
			return ErrBusy
		case <-ctx.Done():
			return fmt.Errorf("%w: %w", ErrBusy, ctx.Err())
		}
	}
}

func (b *MemoryBudget) give(bytes int64) {
	// The run's buffers are garbage now: collect them before anyone else allocates (a few
	// milliseconds, the live heap is small), so the heap holds at most the budget, not twice it.
	runtime.GC()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= bytes
	close(b.changed)
	b.changed = make(chan struct{})
	if b.used == 0 {
		b.idle.Reset(b.idleAfter)
	}
}

func (b *MemoryBudget) releaseIfIdle() {
	b.mu.Lock()
	if b.used > 0 || !b.dirty {
		b.mu.Unlock()
		return
	}
	b.dirty = false
	b.mu.Unlock()
	b.release()
}
