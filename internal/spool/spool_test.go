package spool

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// TestSpoolKeepsNoPlaintextAndNoName writes a canary through a spool: it reads back whole, in order
// and at random, while the temporary directory holds no file of it and the bytes on disk hold no
// trace of the canary.
func TestSpoolKeepsNoPlaintextAndNoName(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	canary := bytes.Repeat([]byte("canary-spool-plaintext "), 50000)
	s, err := Copy(bytes.NewReader(canary))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the spool left a name in %s: %v", dir, entries)
	}
	if s.Size() != int64(len(canary)) {
		t.Errorf("size %d, want %d", s.Size(), len(canary))
	}
	raw, err := io.ReadAll(io.NewSectionReader(s.f, 0, 1<<40))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("canary-spool")) {
		t.Error("the spool holds plaintext on disk")
	}
	for range 2 { // a spool reads back as often as needed
		r, err := s.Reader()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, canary) {
			t.Fatalf("read back %d bytes (%v), want %d", len(got), err, len(canary))
		}
	}
	ra, size, err := s.ReaderAt()
	if err != nil || size != int64(len(canary)) {
		t.Fatalf("ReaderAt: %d, %v", size, err)
	}
	tail := make([]byte, 100)
	if _, err := ra.ReadAt(tail, size-100); err != nil || !bytes.Equal(tail, canary[len(canary)-100:]) {
		t.Errorf("random read of the end: %v", err)
	}
	if err := s.Close(); err != nil || s.Close() != nil {
		t.Error("Close twice failed")
	}
}
