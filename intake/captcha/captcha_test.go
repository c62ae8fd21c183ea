package captcha_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/intake/captcha"
	"integrity-portal/internal/testdb"
)

func newChallenge(t testing.TB, db *pgxpool.Pool) (id, answer string) {
	t.Helper()
	ctx := context.Background()
	id, err := captcha.New(ctx, db)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	answer, err = captcha.AnswerForTest(ctx, db, id)
	if err != nil {
		t.Fatalf("AnswerForTest: %v", err)
	}
	return id, answer
}

func verify(t *testing.T, db *pgxpool.Pool, id, answer string) bool {
	t.Helper()
	ok, err := captcha.Verify(context.Background(), db, id, answer)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return ok
}

func expire(t *testing.T, db *pgxpool.Pool, id string) {
	t.Helper()
	tag, err := db.Exec(context.Background(),
		`UPDATE captchas SET expires_at = now() - interval '1 minute' WHERE id = $1`, id)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("expire: %v (%d rows)", err, tag.RowsAffected())
	}
}

func TestNewMakesRandomURLSafeIDs(t *testing.T) {
	db := testdb.New(t)
	id1, answer := newChallenge(t, db)
	id2, _ := newChallenge(t, db)
	if id1 == id2 {
		t.Fatal("two challenges share an id")
	}
	if len(id1) < 26 || strings.Trim(id1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		t.Fatalf("id %q is not 26+ base32 characters", id1)
	}
	if len(answer) != captcha.DefaultLength || strings.Trim(answer, "0123456789") != "" {
		t.Fatalf("answer %q is not %d digits", answer, captcha.DefaultLength)
	}
	var n int
	var ttlOK bool
	err := db.QueryRow(context.Background(),
		`SELECT count(*), bool_and(expires_at BETWEEN now() + interval '19 minutes' AND now() + interval '21 minutes')
		   FROM captchas`).Scan(&n, &ttlOK)
	if err != nil || n != 2 || !ttlOK {
		t.Fatalf("stored rows: n=%d ttlOK=%v err=%v", n, ttlOK, err)
	}
}

func TestVerifyRightAnswerOnce(t *testing.T) {
	db := testdb.New(t)
	id, answer := newChallenge(t, db)
	if !verify(t, db, id, answer) {
		t.Fatal("right answer rejected")
	}
	if verify(t, db, id, answer) {
		t.Fatal("the same challenge verified twice")
	}
}

func TestVerifyWrongAnswerConsumes(t *testing.T) {
	db := testdb.New(t)
	id, answer := newChallenge(t, db)
	wrong := []byte(answer)
	wrong[0] = '0' + (wrong[0]-'0'+1)%10
	if verify(t, db, id, string(wrong)) {
		t.Fatal("wrong answer accepted")
	}
	if verify(t, db, id, answer) {
		t.Fatal("right answer accepted after a wrong one: the challenge was not consumed")
	}
	// Junk and empty answers consume too.
	for _, junk := range []string{"", "abcdef", answer + "0"} {
		id, answer := newChallenge(t, db)
		if verify(t, db, id, junk) {
			t.Fatalf("junk %q accepted", junk)
		}
		if verify(t, db, id, answer) {
			t.Fatalf("challenge not consumed by junk %q", junk)
		}
	}
}

func TestVerifyNormalisesAnswer(t *testing.T) {
	db := testdb.New(t)
	fullWidth := func(s string) string {
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, s)
	}
	forms := map[string]func(string) string{
		"full-width":       fullWidth,
		"spaces":           func(s string) string { return " " + s[:3] + " " + s[3:] + " " },
		"hyphen":           func(s string) string { return s[:3] + "-" + s[3:] },
		"full-width+space": func(s string) string { return fullWidth(s[:3]) + "　" + fullWidth(s[3:]) },
		"mixed+dash":       func(s string) string { return fullWidth(s[:2]) + "－" + s[2:4] + "\t" + s[4:] },
	}
	for name, form := range forms {
		id, answer := newChallenge(t, db)
		if !verify(t, db, id, form(answer)) {
			t.Errorf("%s: %q rejected for %q", name, form(answer), answer)
		}
	}
}

func TestVerifyUnknownID(t *testing.T) {
	db := testdb.New(t)
	for _, id := range []string{"", "nope", strings.Repeat("A", 26), "../../etc/passwd"} {
		if verify(t, db, id, "123456") {
			t.Fatalf("unknown id %q verified", id)
		}
	}
}

func TestExpiredChallengeFailsAndIsPurged(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	old, oldAnswer := newChallenge(t, db)
	old2, _ := newChallenge(t, db)
	fresh, freshAnswer := newChallenge(t, db)
	expire(t, db, old)
	expire(t, db, old2)

	if err := captcha.Image(ctx, db, old2, &bytes.Buffer{}); !errors.Is(err, captcha.ErrNotFound) {
		t.Fatalf("Image of an expired challenge: %v, want ErrNotFound", err)
	}
	if verify(t, db, old, oldAnswer) {
		t.Fatal("expired challenge verified")
	}
	n, err := captcha.Purge(ctx, db)
	if err != nil || n != 1 { // old was consumed by Verify; old2 is left to purge
		t.Fatalf("Purge = %d, %v; want 1", n, err)
	}
	if _, err := captcha.AnswerForTest(ctx, db, old2); !errors.Is(err, captcha.ErrNotFound) {
		t.Fatalf("expired challenge still stored after Purge: %v", err)
	}
	if n, err := captcha.Purge(ctx, db); err != nil || n != 0 {
		t.Fatalf("second Purge = %d, %v; want 0", n, err)
	}
	if !verify(t, db, fresh, freshAnswer) {
		t.Fatal("Purge removed or spoiled a live challenge")
	}
}

func TestImageAndAudio(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	id, answer := newChallenge(t, db)

	var buf bytes.Buffer
	if err := captcha.Image(ctx, db, id, &buf); err != nil {
		t.Fatalf("Image: %v", err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("png.Decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 240 || b.Dy() != 80 {
		t.Fatalf("image is %dx%d, want 240x80", b.Dx(), b.Dy())
	}

	for _, lang := range []string{"zh", "en", "zh-TW"} {
		buf.Reset()
		if err := captcha.Audio(ctx, db, id, lang, &buf); err != nil {
			t.Fatalf("Audio(%s): %v", lang, err)
		}
		b := buf.Bytes()
		if len(b) < 44 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
			t.Fatalf("Audio(%s) is not a WAV (%d bytes)", lang, len(b))
		}
	}
	if err := captcha.Audio(ctx, db, id, "fr", &buf); err == nil {
		t.Fatal("Audio accepted an unsupported language")
	}

	unknown := strings.Repeat("A", 26)
	if err := captcha.Image(ctx, db, unknown, &buf); !errors.Is(err, captcha.ErrNotFound) {
		t.Fatalf("Image(unknown) = %v, want ErrNotFound", err)
	}
	if err := captcha.Audio(ctx, db, unknown, "zh", &buf); !errors.Is(err, captcha.ErrNotFound) {
		t.Fatalf("Audio(unknown) = %v, want ErrNotFound", err)
	}
	if err := captcha.Image(ctx, db, "bad/id", &buf); !errors.Is(err, captcha.ErrNotFound) {
		t.Fatalf("Image(malformed) = %v, want ErrNotFound", err)
	}

	// Looking does not consume.
	if !verify(t, db, id, answer) {
		t.Fatal("rendering consumed the challenge")
	}
	if err := captcha.Image(ctx, db, id, &buf); !errors.Is(err, captcha.ErrNotFound) {
		t.Fatalf("Image of a used challenge = %v, want ErrNotFound", err)
	}
}

func TestHandler(t *testing.T) {
	gin.SetMode(gin.TestMode)
	db := testdb.New(t)
	r := gin.New()
	r.GET("/captcha/:file", captcha.Handler(db))
	id, answer := newChallenge(t, db)

	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}

	w := get("/captcha/" + id + ".png")
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/png" ||
		w.Header().Get("Cache-Control") != "no-store" || !strings.HasPrefix(w.Header().Get("Content-Disposition"), "inline") {
		t.Fatalf("png: %d %v", w.Code, w.Header())
	}
	if _, err := png.Decode(w.Body); err != nil {
		t.Fatalf("png body: %v", err)
	}

	for _, q := range []string{"", "?lang=zh", "?lang=en", "?lang=xx"} {
		w = get("/captcha/" + id + ".wav" + q)
		if w.Code != 200 || w.Header().Get("Content-Type") != "audio/wav" ||
			w.Header().Get("Cache-Control") != "no-store" ||
			w.Header().Get("Content-Disposition") != `attachment; filename="captcha.wav"` ||
			!bytes.HasPrefix(w.Body.Bytes(), []byte("RIFF")) {
			t.Fatalf("wav%s: %d %v", q, w.Code, w.Header())
		}
	}

	for _, path := range []string{
		"/captcha/" + strings.Repeat("A", 26) + ".png", // unknown
		"/captcha/" + strings.Repeat("A", 26) + ".wav",
		"/captcha/" + id + ".gif", // wrong kind
		"/captcha/" + id,          // no extension
		"/captcha/../x",
		"/captcha/..%2Fx",
		"/captcha/x.png",
		"/captcha/.png",
	} {
		w = get(path)
		if w.Code != http.StatusNotFound {
			t.Fatalf("%s: %d, want 404", path, w.Code)
		}
		if w.Body.Len() > 32 || strings.Contains(w.Body.String(), id) {
			t.Fatalf("%s: 404 body %q", path, w.Body.String())
		}
	}

	// Serving did not consume; a used challenge is then a 404.
	if !verify(t, db, id, answer) {
		t.Fatal("serving consumed the challenge")
	}
	if w = get("/captcha/" + id + ".png"); w.Code != http.StatusNotFound ||
		w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("Content-Disposition") != "" {
		t.Fatalf("used png: %d %v", w.Code, w.Header())
	}
}

func TestConcurrentVerifyExactlyOnce(t *testing.T) {
	db := testdb.New(t)
	for round := 0; round < 5; round++ {
		id, answer := newChallenge(t, db)
		const n = 8
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			mu    sync.Mutex
			wins  int
			errs  []error
		)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				ok, err := captcha.Verify(context.Background(), db, id, answer)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				}
				if ok {
					wins++
				}
			}()
		}
		close(start)
		wg.Wait()
		if len(errs) > 0 || wins != 1 {
			t.Fatalf("round %d: %d of %d verified (errors %v), want exactly 1", round, wins, n, errs)
		}
	}
}

func BenchmarkNewVerify(b *testing.B) {
	db := testdb.New(b)
	ctx := context.Background()
	for b.Loop() {
		id, err := captcha.New(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		answer, err := captcha.AnswerForTest(ctx, db, id)
		if err != nil {
			b.Fatal(err)
		}
		ok, err := captcha.Verify(ctx, db, id, answer)
		if err != nil || !ok {
			b.Fatalf("Verify = %v, %v", ok, err)
		}
	}
}
