package intake

import (
	"testing"
	"time"
)

func TestAttemptLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newAttemptLimiter()
	l.now = func() time.Time { return now }
	a, b := "203.0.113.7:1234", "198.51.100.9:4321"

	for i := 0; i < freeFailures; i++ {
		if d, captcha := l.check(a); captcha || d != 0 {
			t.Fatalf("failure %d: delay %v, captcha %v", i, d, captcha)
		}
		l.fail(a)
	}
	l.fail(a)
	if d, captcha := l.check(a); captcha || d != slowdownStep {
		t.Errorf("after %d failures: delay %v, want %v", freeFailures+1, d, slowdownStep)
	}
	for i := freeFailures + 1; i < maxFailures; i++ {
		l.fail(a)
	}
	if d, captcha := l.check(a); !captcha || d != 0 {
		t.Errorf("past the per-client limit: delay %v, captcha %v; want a captcha and no wait", d, captcha)
	}
	if d, captcha := l.check(b); captcha || d != 0 {
		t.Error("another client is limited by the first one's failures")
	}
	// Same port or not, it is the same client: only the host counts.
	if _, captcha := l.check("203.0.113.7:9999"); !captcha {
		t.Error("a new port escaped the limit")
	}
	// The window rotates: key and counts are new, the old hashes gone.
	key := l.key
	now = now.Add(limiterWindow + time.Second)
	if _, captcha := l.check(a); captcha {
		t.Error("still limited in a new window")
	}
	if l.key == key {
		t.Error("the hashing key did not rotate")
	}
	// The global limit holds whatever the addresses.
	for i := 0; i < maxTotalFailures; i++ {
		l.fail("192.0.2." + string(rune('0'+i%10)) + ":1")
	}
	if _, captcha := l.check("192.0.2.200:1"); !captcha {
		t.Error("no captcha past the global limit")
	}
	// The limiter keeps no address, only keyed hashes.
	for k := range l.failures {
		if string(k[:]) == a || string(k[:4]) == "203." {
			t.Error("an address is stored in the clear")
		}
	}
}
