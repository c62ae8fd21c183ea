package crypto

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"filippo.io/age"
)

func TestReceiptShape(t *testing.T) {
	seen := map[Receipt]bool{}
	for i := 0; i < 200; i++ {
		r := NewReceipt()
		if len(r) != ReceiptDigits || strings.Trim(string(r), "0123456789") != "" {
			t.Fatalf("receipt %q is not 20 digits", r)
		}
		if seen[r] {
			t.Fatalf("receipt %q drawn twice", r)
		}
		seen[r] = true
	}
	if g := Receipt("12345678901234567890").Grouped(); g != "1234 5678 9012 3456 7890" {
		t.Errorf("Grouped = %q", g)
	}
}

func TestReceiptNormalisation(t *testing.T) {
	want := Receipt("01234567890123456789")
	for _, in := range []string{
		"01234567890123456789",
		"0123 4567 8901 2345 6789",
		" 0123-4567-8901-2345-6789\n",
		"０１２３ ４５６７ ８９０１ ２３４５ ６７８９", // full-width, as many Chinese input methods type
		"０１２３　４５６７　８９０１　２３４５　６７８９", // with ideographic spaces
		"O123 4567 89O1 2345 6789", // letter O for zero
		"0l23 4567 890I 2345 6789", // l and I for one
		"0123.4567.8901.2345.6789",
	} {
		got, err := ParseReceipt(in)
		if err != nil || got != want {
			t.Errorf("ParseReceipt(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "1234", "0123 4567 8901 2345 678", "0123 4567 8901 2345 67890", "0123x4567890123456789", "壹二三", strings.Repeat("1", 10000)} {
		if _, err := ParseReceipt(in); !errors.Is(err, ErrBadReceipt) {
			t.Errorf("ParseReceipt(%q) accepted", in)
		}
	}
}

// testParams keep the KDF cheap in tests that run it many times; the defaults are benchmarked.
var testParams = ReceiptParams{Time: 1, MemoryKiB: 1024, Threads: 1}

func TestReceiptKeys(t *testing.T) {
	pepper := []byte("pepper-pepper-pepper-pepper-pepper")
	r := Receipt("01234567890123456789")
	k1 := DeriveReceiptKeys(r, pepper, testParams)
	k2 := DeriveReceiptKeys(r, pepper, testParams)
	if !LookupMatches(k1.Lookup, k2.Lookup) || k1.Seal != k2.Seal {
		t.Fatal("the same receipt derived different keys")
	}
	if bytes.Equal(k1.Lookup, k1.Seal[:]) {
		t.Fatal("lookup value and seal key are the same: the stored lookup would open the mailbox")
	}
	if other := DeriveReceiptKeys("01234567890123456788", pepper, testParams); LookupMatches(k1.Lookup, other.Lookup) {
		t.Error("a receipt one digit off has the same lookup")
	}
	if otherPepper := DeriveReceiptKeys(r, []byte("another pepper, another server!!"), testParams); LookupMatches(k1.Lookup, otherPepper.Lookup) {
		t.Error("the pepper does not change the lookup")
	}
	if LookupMatches(k1.Lookup, k1.Lookup[:31]) {
		t.Error("a truncated lookup matches")
	}
}

func TestCaseKeyGrantsAndRevocation(t *testing.T) {
	keys, err := NewCaseKeys()
	if err != nil {
		t.Fatal(err)
	}
	officer, _ := age.GenerateHybridIdentity()
	other, _ := age.GenerateHybridIdentity()
	recovery, _ := NewRecoveryKey()
	receipt := DeriveReceiptKeys(NewReceipt(), []byte("pepper"), testParams)

	report := []byte("report: the section chief took 200,000 NTD")
	sealedReport, err := Seal(report, keys.Mailbox.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	grants := map[string][]byte{}
	for name, to := range map[string]age.Recipient{"officer": officer.Recipient(), "recovery": recovery.Recipient(), "receipt": receipt.Seal.Recipient()} {
		if grants[name], err = Grant(keys.Mailbox, to); err != nil {
			t.Fatal(err)
		}
	}
	for name, with := range map[string]age.Identity{"officer": officer, "recovery": recovery, "receipt": receipt.Seal.Identity()} {
		id, err := OpenGrant(grants[name], with)
		if err != nil {
			t.Fatalf("%s cannot open its grant: %v", name, err)
		}
		if got, err := Open(sealedReport, id); err != nil || !bytes.Equal(got, report) {
			t.Errorf("%s's grant does not open the report: %v", name, err)
		}
	}
	// Another officer without a grant opens nothing, with any grant.
	for name, g := range grants {
		if _, err := OpenGrant(g, other); !errors.Is(err, ErrCannotOpen) {
			t.Errorf("an officer without a grant opened the %s grant", name)
		}
	}
	// Granting on: the officer re-seals for a colleague; revoking is deleting that grant.
	id, _ := OpenGrant(grants["officer"], officer)
	grants["other"], _ = Grant(id, other.Recipient())
	if _, err := OpenGrant(grants["other"], other); err != nil {
		t.Errorf("new grantee cannot open: %v", err)
	}
	delete(grants, "other")
	for _, g := range grants {
		if _, err := OpenGrant(g, other); err == nil {
			t.Error("revoked grantee still opens a remaining grant")
		}
	}
	// The internal identity is separate: a mailbox grant does not open internal content.
	note, _ := Seal([]byte("internal note"), keys.Internal.Recipient())
	if _, err := Open(note, id); !errors.Is(err, ErrCannotOpen) {
		t.Error("the mailbox identity opened internal content")
	}
}

func TestSymmetricKeyWrongAndDamaged(t *testing.T) {
	k := NewSymmetricKey()
	ct, err := Seal([]byte("session"), k.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ct, NewSymmetricKey().Identity()); !errors.Is(err, ErrCannotOpen) {
		t.Error("another key opened it")
	}
	for i := range ct {
		bad := bytes.Clone(ct)
		bad[i] ^= 0x20
		if got, err := Open(bad, k.Identity()); err == nil && !bytes.Equal(got, []byte("session")) {
			t.Fatalf("flipping byte %d gave other plaintext %q", i, got)
		}
	}
	// A symmetric recipient may share a file with hybrid recipients (both are post-quantum).
	h, _ := age.GenerateHybridIdentity()
	both, err := Seal([]byte("x"), k.Recipient(), h.Recipient())
	if err != nil {
		t.Fatalf("symmetric + hybrid: %v", err)
	}
	if _, err := Open(both, k.Identity()); err != nil {
		t.Error(err)
	}
}

// TestStreamingUsesConstantMemory pushes 64 MiB through encryption and decryption and checks the heap
// does not grow with it.
func TestStreamingUsesConstantMemory(t *testing.T) {
	id, _ := age.GenerateHybridIdentity()
	const size = 64 << 20
	pr, pw := io.Pipe()
	go func() {
		w, err := EncryptStream(pw, id.Recipient())
		if err != nil {
			pw.CloseWithError(err)
			return
		}
		buf := make([]byte, 32<<10)
		for i := 0; i < size/len(buf); i++ {
			buf[0] = byte(i)
			if _, err := w.Write(buf); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(w.Close())
	}()
	var before, peak runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err := DecryptStream(pr, id)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	buf := make([]byte, 64<<10)
	for {
		m, err := r.Read(buf)
		n += int64(m)
		if n%(8<<20) < int64(m) {
			runtime.GC() // count live memory, not garbage the collector has not reached yet
			runtime.ReadMemStats(&peak)
			if grow := int64(peak.HeapInuse) - int64(before.HeapInuse); grow > 4<<20 {
				t.Fatalf("heap grew by %d MiB while streaming", grow>>20)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if n != size {
		t.Fatalf("streamed %d bytes, want %d", n, size)
	}
}

// TestCaseRecoveryWithStockAge: from the recovery identity alone, the stock age tool opens the case
// identity's grant, and with that identity the case content.
func TestCaseRecoveryWithStockAge(t *testing.T) {
	dir := t.TempDir()
	recovery, _ := NewRecoveryKey()
	recoveryFile := filepath.Join(dir, "recovery.txt")
	WriteIdentityFile(recoveryFile, recovery, "recovery")
	keys, _ := NewCaseKeys()
	grant, _ := Grant(keys.Mailbox, recovery.Recipient())
	content, _ := Seal([]byte("案件內容 recovered"), keys.Mailbox.Recipient())
	os.WriteFile(filepath.Join(dir, "grant.age"), grant, 0o600)
	os.WriteFile(filepath.Join(dir, "content.age"), content, 0o600)

	caseID, err := exec.Command("go", "tool", "age", "-d", "-i", recoveryFile, filepath.Join(dir, "grant.age")).Output()
	if err != nil {
		t.Fatalf("stock age opening the grant: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "case.txt"), caseID, 0o600)
	out, err := exec.Command("go", "tool", "age", "-d", "-i", filepath.Join(dir, "case.txt"), filepath.Join(dir, "content.age")).Output()
	if err != nil || string(out) != "案件內容 recovered" {
		t.Fatalf("stock age opening the content: %q, %v", out, err)
	}
}

func FuzzParseReceipt(f *testing.F) {
	for _, s := range []string{"0123 4567 8901 2345 6789", "０１２３４５６７８９０１２３４５６７８９", "O1l2", "", "-- -- --"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReceipt(s)
		if err != nil {
			return
		}
		if len(r) != ReceiptDigits || strings.Trim(string(r), "0123456789") != "" {
			t.Fatalf("ParseReceipt(%q) = %q", s, r)
		}
		if again, err := ParseReceipt(r.Grouped()); err != nil || again != r {
			t.Fatalf("grouped form does not parse back: %q", r.Grouped())
		}
	})
}

func BenchmarkDeriveReceiptKeys(b *testing.B) {
	r := NewReceipt()
	for b.Loop() {
		DeriveReceiptKeys(r, []byte("pepper"), DefaultReceiptParams)
	}
}

// BenchmarkWrongReceipt measures a wrong receipt that differs in the last digit and one that differs
// everywhere: the KDF does not look at how close a guess is, so both cost the same.
func BenchmarkWrongReceipt(b *testing.B) {
	right := DeriveReceiptKeys("01234567890123456789", []byte("pepper"), DefaultReceiptParams)
	for name, guess := range map[string]Receipt{"near": "01234567890123456788", "far": "98765432109876543210"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if LookupMatches(right.Lookup, DeriveReceiptKeys(guess, []byte("pepper"), DefaultReceiptParams).Lookup) {
					b.Fatal("wrong receipt matched")
				}
			}
		})
	}
}
