package metastrip
import ("bytes";"testing";"time";"math/rand/v2";"os";"io")
func TestHangHunt(t *testing.T) {
	seed := testDOCX(t, testJPEG(t, 8, 8, false))
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20000; i++ {
		in := bytes.Clone(seed)
		for range 1 + rng.IntN(4) {
			in[rng.IntN(len(in))] = byte(rng.IntN(256))
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			r := bytes.NewReader(in)
			for _, k := range []Kind{DOCX, ODT} { StripAt(k, r, int64(len(in)), io.Discard) }
		}()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			os.WriteFile("/tmp/hang.zip", in, 0644)
			t.Fatalf("hang at %d", i)
		}
	}
}
