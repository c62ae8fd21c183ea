package crypto

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
)

// hold takes bytes of b until the returned func is called.
func hold(t *testing.T, b *MemoryBudget, n int64) (release func()) {
	t.Helper()
	got, done := make(chan struct{}), make(chan struct{})
	errs := make(chan error, 1)
	go func() {
		errs <- b.Do(context.Background(), n, func() { close(got); <-done })
	}()
	select {
	case <-got:
	case err := <-errs:
		t.Fatalf("holding %d: %v", n, err)
	}
	return func() {
		close(done)
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func TestMemoryBudgetWeights(t *testing.T) {
	b := NewMemoryBudget(100, 20*time.Millisecond)
	release := hold(t, b, 60)
	ran := false
	if err := b.Do(context.Background(), 40, func() { ran = true }); err != nil || !ran {
		t.Fatalf("40 beside 60 in 100: err %v, ran %v", err, ran)
	}
	ran = false
	if err := b.Do(context.Background(), 41, func() { ran = true }); !errors.Is(err, ErrBusy) || ran {
		t.Fatalf("41 beside 60 in 100: err %v, ran %v; want ErrBusy without running", err, ran)
	}
	release()
	if err := b.Do(context.Background(), 100, func() { ran = true }); err != nil || !ran {
		t.Fatalf("the whole budget once free: %v", err)
	}
	// More than the whole budget runs alone rather than never.
	ran = false
	if err := b.Do(context.Background(), 1000, func() { ran = true }); err != nil || !ran {
		t.Fatalf("a run larger than the budget: %v", err)
	}
}

func TestMemoryBudgetWaitsForRoom(t *testing.T) {
	b := NewMemoryBudget(100, time.Hour)
	release := hold(t, b, 80)
	done := make(chan error)
	go func() { done <- b.Do(context.Background(), 80, func() {}) }()
	for b.waiters() == 0 {
		runtime.Gosched()
	}
	release()
	if err := <-done; err != nil {
		t.Fatalf("after the room came back: %v", err)
	}
}

func TestMemoryBudgetFirstFit(t *testing.T) {
	// A big run waiting for room does not hold back a small one that fits: sign-ins cannot starve
	// receipts.
	b := NewMemoryBudget(100, time.Hour)
	release := hold(t, b, 60)
	big := make(chan error)
	go func() { big <- b.Do(context.Background(), 60, func() {}) }()
	for b.waiters() == 0 {
		runtime.Gosched()
	}
	if err := b.Do(context.Background(), 30, func() {}); err != nil {
		t.Fatalf("a small run behind a waiting big one: %v", err)
	}
	release()
	if err := <-big; err != nil {
		t.Fatal(err)
	}
}

func TestMemoryBudgetCancel(t *testing.T) {
	b := NewMemoryBudget(100, time.Hour)
	release := hold(t, b, 100)
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	ran := false
	go func() { done <- b.Do(ctx, 10, func() { ran = true }) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) || !errors.Is(err, ErrBusy) || ran {
		t.Fatalf("cancelled while waiting: err %v, ran %v", err, ran)
	}
	b.mu.Lock()
	used := b.used
	b.mu.Unlock()
	if used != 100 {
		t.Fatalf("a cancelled wait changed the budget: %d used", used)
	}
}

func TestMemoryBudgetGivesMemoryBackOnceIdle(t *testing.T) {
	b := NewMemoryBudget(100, time.Second)
	released := make(chan struct{}, 10)
	b.release = func() { released <- struct{}{} }
	b.idleAfter = time.Millisecond
	for range 5 {
		if err := b.Do(context.Background(), 50, func() {}); err != nil {
			t.Fatal(err)
		}
	}
	<-released
	// Once released, nothing more is owed until memory-hard work runs again: no storm of releases.
	b.releaseIfIdle()
	if n := len(released); n != 0 {
		t.Fatalf("%d more releases with no work in between", n)
	}
	// While work runs, the memory is in use and stays.
	r := hold(t, b, 10)
	b.releaseIfIdle()
	if n := len(released); n != 0 {
		t.Fatal("released while work was running")
	}
	r()
	<-released
}

func TestBudgetedOfficerKeyAndReceipt(t *testing.T) {
	k, err := NewOfficerKey("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	b := NewMemoryBudget(PasswordMemory+64<<20, 10*time.Millisecond)
	if _, err := b.OpenOfficerKey(context.Background(), k, "correct horse battery staple"); err != nil {
		t.Fatalf("open within the budget: %v", err)
	}
	release := hold(t, b, 64<<20+1)
	if _, err := b.OpenOfficerKey(context.Background(), k, "correct horse battery staple"); !errors.Is(err, ErrBusy) {
		t.Fatalf("open past the budget: %v, want ErrBusy", err)
	}
	if _, err := b.DeriveReceiptKeys(context.Background(), NewReceipt(), []byte("pepper"), DefaultReceiptParams); err != nil {
		t.Fatalf("a receipt KDF beside it: %v", err)
	}
	release()
	big := hold(t, b, PasswordMemory+32<<20+1)
	defer big()
	if _, err := b.DeriveReceiptKeys(context.Background(), NewReceipt(), []byte("pepper"), DefaultReceiptParams); !errors.Is(err, ErrBusy) {
		t.Fatalf("receipt KDF past the budget: %v, want ErrBusy", err)
	}
}

// A sealed key whose stored header asks for more scrypt work than the portal uses is refused before
// the work: otherwise whoever can write the column chooses how much memory each sign-in takes.
func TestOpenOfficerKeyRefusesAHostileWorkFactor(t *testing.T) {
	k, err := NewOfficerKey("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	hostile := bytes.Replace(k.Sealed, []byte(" 18\n"), []byte(" 19\n"), 1)
	if bytes.Equal(hostile, k.Sealed) {
		t.Fatal("no scrypt work factor in the header")
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = OpenOfficerKey(OfficerKey{Recipient: k.Recipient, Sealed: hostile}, "correct horse battery staple")
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrCannotOpen) {
		t.Fatalf("hostile header: %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Fatalf("opening a seal that asks for 2^19 allocated %d MiB: the work factor must be capped", grew>>20)
	}
}

func (b *MemoryBudget) waiters() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.waiting
}
