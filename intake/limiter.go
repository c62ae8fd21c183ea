package intake

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net"
	"sync"
	"time"
)

// attemptLimiter slows down and then refuses wrong receipts, per client and overall, without storing
// a client's address: it counts by HMAC(key, address) in memory, and the key and the counts are
// replaced every window, so yesterday's hashes cannot be linked to today's or reversed.
//
// Behind a proxy or the Tor daemon all clients share one address; the per-client limit then acts as a
// shared one, and the global limit still bounds what a brute-forcer gets (see docs/threat-model.md).
type attemptLimiter struct {
	mu       sync.Mutex
	key      [32]byte
	started  time.Time
	failures map[[16]byte]int
	total    int
	now      func() time.Time
	step     time.Duration // added wait per failure past the free ones
}

const (
	limiterWindow    = time.Hour
	freeFailures     = 3    // wrong receipts per client per window before answers slow down
	maxFailures      = 20   // per client per window, then refused until the window ends
	maxTotalFailures = 2000 // all clients together per window
	slowdownStep     = 500 * time.Millisecond
)

func newAttemptLimiter() *attemptLimiter {
	return &attemptLimiter{now: time.Now, step: slowdownStep}
}

func (l *attemptLimiter) rotate() {
	if l.failures != nil && l.now().Sub(l.started) < limiterWindow {
		return
	}
	rand.Read(l.key[:])
	l.started = l.now()
	l.failures = map[[16]byte]int{}
	l.total = 0
}

func (l *attemptLimiter) client(remoteAddr string) [16]byte {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	m := hmac.New(sha256.New, l.key[:])
	m.Write([]byte(host))
	var k [16]byte
	copy(k[:], m.Sum(nil))
	return k
}

// check says whether a receipt attempt from remoteAddr may go ahead, and how long to wait first.
func (l *attemptLimiter) check(remoteAddr string) (delay time.Duration, allowed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rotate()
	n := l.failures[l.client(remoteAddr)]
	if n >= maxFailures || l.total >= maxTotalFailures {
		return 0, false
	}
	if n > freeFailures {
		delay = time.Duration(n-freeFailures) * l.step
	}
	return min(delay, 5*time.Second), true
}

// fail records a wrong receipt.
func (l *attemptLimiter) fail(remoteAddr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rotate()
	l.failures[l.client(remoteAddr)]++
	l.total++
}
