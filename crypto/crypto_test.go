package crypto

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

func TestSealOpenRoundTrip(t *testing.T) {
	id, err := NewRecoveryKey()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id.Recipient().String(), "age1pq1") {
		t.Fatalf("recovery recipient %q is not a hybrid post-quantum recipient", id.Recipient())
	}
	msg := []byte("檢舉內容 canary-7f3a")
	ct, err := Seal(msg, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(ct, []byte("canary-7f3a")) {
		t.Fatal("ciphertext contains the plaintext")
	}
	got, err := Open(ct, id)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("Open = %q, %v", got, err)
	}

	other, _ := NewRecoveryKey()
	if _, err := Open(ct, other); !errors.Is(err, ErrCannotOpen) {
		t.Errorf("wrong key: err = %v, want ErrCannotOpen", err)
	}
	if _, err := Open(ct[:len(ct)-10], id); !errors.Is(err, ErrCannotOpen) {
		t.Errorf("truncated: err = %v, want ErrCannotOpen", err)
	}
	flipped := bytes.Clone(ct)
	flipped[len(flipped)-5] ^= 0x01
	if _, err := Open(flipped, id); !errors.Is(err, ErrCannotOpen) {
		t.Errorf("flipped byte: err = %v, want ErrCannotOpen", err)
	}
}

func TestOfficerKeyPasswordSeal(t *testing.T) {
	k, err := NewOfficerKey("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(k.Sealed, []byte("AGE-SECRET-KEY")) {
		t.Fatal("sealed identity holds the identity in clear")
	}
	id, err := OpenOfficerKey(k, "correct horse battery staple")
	if err != nil {
		t.Fatalf("open with the right password: %v", err)
	}
	if id.Recipient().String() != k.Recipient {
		t.Fatal("opened identity does not match the stored recipient")
	}
	if _, err := OpenOfficerKey(k, "wrong password here"); !errors.Is(err, ErrCannotOpen) {
		t.Errorf("wrong password: err = %v, want ErrCannotOpen", err)
	}

	// A password change keeps the identity, so case grants made to it still open.
	k2, err := ResealOfficerKey(id, "a new long passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if k2.Recipient != k.Recipient {
		t.Fatal("reseal changed the recipient")
	}
	if _, err := OpenOfficerKey(k2, "correct horse battery staple"); !errors.Is(err, ErrCannotOpen) {
		t.Error("old password still opens the resealed key")
	}
	if _, err := OpenOfficerKey(k2, "a new long passphrase"); err != nil {
		t.Errorf("new password: %v", err)
	}
	// A sealed blob swapped in from another officer is refused even with its own password.
	k3, _ := NewOfficerKey("another officer pass")
	if _, err := OpenOfficerKey(OfficerKey{Recipient: k.Recipient, Sealed: k3.Sealed}, "another officer pass"); !errors.Is(err, ErrCannotOpen) {
		t.Error("a swapped sealed identity was accepted")
	}
}

func TestWriteIdentityFileRefusesOverwrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "recovery.txt")
	id, _ := NewRecoveryKey()
	if err := WriteIdentityFile(path, id, "test"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	if err := WriteIdentityFile(path, id, "test"); err == nil {
		t.Error("overwrote an existing identity file")
	}
}

// TestRecoveryInteropWithStockAge proves the promise that the office can recover with the plain age
// command line tool (go tool age, pinned in go.mod at the library's version), without this program.
func TestRecoveryInteropWithStockAge(t *testing.T) {
	dir := t.TempDir()
	id, _ := NewRecoveryKey()
	keyFile := filepath.Join(dir, "recovery.txt")
	if err := WriteIdentityFile(keyFile, id, "office recovery key"); err != nil {
		t.Fatal(err)
	}
	msg := []byte("recoverable 可回復 " + t.Name())
	ct, err := Seal(msg, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	ctFile := filepath.Join(dir, "case.age")
	os.WriteFile(ctFile, ct, 0o600)

	out, err := exec.Command("go", "tool", "age", "-d", "-i", keyFile, ctFile).Output()
	if err != nil {
		t.Fatalf("stock age failed to decrypt: %v", err)
	}
	if !bytes.Equal(out, msg) {
		t.Fatalf("stock age decrypted %q, want %q", out, msg)
	}

	// And the other way: what stock age encrypts to the recipient, we open.
	cmd := exec.Command("go", "tool", "age", "-r", id.Recipient().String())
	cmd.Stdin = bytes.NewReader(msg)
	ct2, err := cmd.Output()
	if err != nil {
		t.Fatalf("stock age failed to encrypt: %v", err)
	}
	ids, err := age.ParseIdentities(bytes.NewReader(IdentityFile(id, "x")))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Open(ct2, ids...)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("Open(stock age output) = %q, %v", got, err)
	}
}
