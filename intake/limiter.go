package intake

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net"
	"sync"
	"time"
)

// attemptLimiter slows down wrong receipts and then asks for a captcha with each one, per client and
// overall, without storing a client's address: it counts by HMAC(key, address) in memory, and the
// key and the counts are replaced every window, so yesterday's hashes cannot be linked to today's or
// reversed.
//
// Past the limit it never refuses: behind the onion service (or a proxy) every visitor shares one
// address, and a refusal would lock every Tor user out of their mailbox after someone else's typos.
// A captcha per attempt costs a brute-forcer a human (or a captcha solver) per guess out of 10^20,
// and costs a reporter with the right receipt one more field (see docs/threat-model.md).
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
	maxFailures      = 20   // per client per window, then every attempt needs a captcha
	maxTotalFailures = 2000 // all clients together per window, then every attempt needs a captcha
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

// check says how a receipt attempt from remoteAddr goes ahead: after a wait, or, past the limit,
// only with a right captcha (and then without the wait: the captcha is the cost).
func (l *attemptLimiter) check(remoteAddr string) (delay time.Duration, needCaptcha bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rotate()
	n := l.failures[l.client(remoteAddr)]
	if n >= maxFailures || l.total >= maxTotalFailures {
		return 0, true
	}
	if n > freeFailures {
		delay = time.Duration(n-freeFailures) * l.step
	}
	return min(delay, 5*time.Second), false
}

// fail records a wrong receipt.
func (l *attemptLimiter) fail(remoteAddr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rotate()
	l.failures[l.client(remoteAddr)]++
	l.total++
}
