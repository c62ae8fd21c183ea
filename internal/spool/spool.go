// Package spool holds an upload on disk while it arrives, so that nothing waits on a client while it
// holds a database connection: a request spools what the client sends first, then opens its
// transaction only to copy the spool in.
//
// Invariants: a spool is a temporary file with no name (unlinked as soon as it is created, so it
// vanishes with the process), and what it holds is encrypted under a key that exists only in this
// process's memory: plaintext never touches the disk.
package spool

import (
	"fmt"
	"io"
	"os"

	"filippo.io/age"

	"integrity-portal/crypto"
)

// File is one spooled upload. Write to it, Finish it, then read it back as often as needed; Close
// releases the disk space.
type File struct {
	f    *os.File
	key  crypto.SymmetricKey
	w    io.WriteCloser // the encryption stream, until Finish
	size int64          // plaintext bytes written
}

// New makes an empty spool, ready for writing.
func New() (*File, error) {
	f, err := os.CreateTemp("", "portal-spool-*")
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	os.Remove(f.Name())
	s := &File{f: f, key: crypto.NewSymmetricKey()}
	if s.w, err = crypto.EncryptStream(f, s.key.Recipient()); err != nil {
		f.Close()
		return nil, fmt.Errorf("spool: %w", err)
	}
	return s, nil
}

// Copy spools all of r and finishes the spool. On an error the spool is already closed.
func Copy(r io.Reader) (*File, error) {
	s, err := New()
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(s, r); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Finish(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *File) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.size += int64(n)
	return n, err
}

// Finish ends writing; the spool can be read from then on.
func (s *File) Finish() error {
	if err := s.w.Close(); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	return nil
}

// Size is how many bytes were written.
func (s *File) Size() int64 { return s.size }

// Reader reads the plaintext from the start.
func (s *File) Reader() (io.Reader, error) {
	end, err := s.f.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	r, err := age.Decrypt(io.NewSectionReader(s.f, 0, end), s.key.Identity())
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	return r, nil
}

// ReaderAt gives random access to the plaintext, decrypting only the chunks it touches (zip-based
// documents and PDFs are read that way).
func (s *File) ReaderAt() (io.ReaderAt, int64, error) {
	end, err := s.f.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, 0, fmt.Errorf("spool: %w", err)
	}
	ra, size, err := age.DecryptReaderAt(s.f, end, s.key.Identity())
	if err != nil {
		return nil, 0, fmt.Errorf("spool: %w", err)
	}
	return fullReadAt{ra}, size, nil
}

// fullReadAt reports a read that filled its buffer as a success even when it reached the end: io.ReaderAt
// allows io.EOF there, and some readers of zip and PDF structure treat it as truncation.
type fullReadAt struct{ io.ReaderAt }

func (f fullReadAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := f.ReaderAt.ReadAt(p, off)
	if n == len(p) && err == io.EOF {
		err = nil
	}
	return n, err
}

// Close removes the spool. It may be called more than once, and on nil.
func (s *File) Close() error {
	if s == nil || s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}
