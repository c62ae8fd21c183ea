package captcha

import (
	"context"
	"sync"
	"testing"

	"integrity-portal/internal/testdb"
)

// TestPassesStayBoundedUnderManySolvedCaptchas: someone who solves captchas by the hundred and gets a
// pass for each never keeps more than maxPasses; the oldest are pushed out, the newest still serve.
func TestPassesStayBoundedUnderManySolvedCaptchas(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	var passes []string
	for i := 0; i < maxPasses+25; i++ {
		id, err := New(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		answer, err := AnswerForTest(ctx, db, id)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := Verify(ctx, db, id, answer); err != nil || !ok {
			t.Fatalf("Verify = %v, %v", ok, err)
		}
		pass, err := NewPass(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		passes = append(passes, pass)
	}
	var n int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM captcha_passes`).Scan(&n); err != nil || n != maxPasses {
		t.Fatalf("%d passes kept after %d solved captchas (err %v), want the bound %d", n, len(passes), err, maxPasses)
	}
	if ok, err := RedeemPass(ctx, db, passes[0]); err != nil || ok {
		t.Errorf("the oldest pass still serves past the bound: %v, %v", ok, err)
	}
	if ok, err := RedeemPass(ctx, db, passes[len(passes)-1]); err != nil || !ok {
		t.Errorf("the newest pass does not serve: %v, %v", ok, err)
	}
}

// TestPassServesOnceAndExpires: of eight servers redeeming one pass at once exactly one succeeds; an
// expired pass fails and is purged.
func TestPassServesOnceAndExpires(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	pass, err := NewPass(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		wins int
	)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := RedeemPass(ctx, db, pass)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins++
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d of 8 redeemed one pass", wins)
	}
	old, _ := NewPass(ctx, db)
	NewPass(ctx, db) // expired and left for Purge
	fresh, _ := NewPass(ctx, db)
	if _, err := db.Exec(ctx, `UPDATE captcha_passes SET expires_at = now() - interval '1 second'
		WHERE expires_at < (SELECT max(expires_at) FROM captcha_passes)`); err != nil {
		t.Fatal(err)
	}
	if ok, err := RedeemPass(ctx, db, old); err != nil || ok {
		t.Errorf("an expired pass served: %v, %v", ok, err)
	}
	if n, err := Purge(ctx, db); err != nil || n != 1 {
		t.Fatalf("Purge = %d, %v; want the one expired pass left", n, err)
	}
	if ok, _ := RedeemPass(ctx, db, fresh); !ok {
		t.Error("Purge removed a live pass")
	}
}
