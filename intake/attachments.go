package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/intake/metastrip"
	"integrity-portal/internal/cases"
)

// fileError is a problem with one uploaded file, shown beside the file field.
type fileError struct {
	Name string
	Key  string // message key: too large, total too large, type not allowed
}

func (e *fileError) Error() string { return "intake: file " + e.Key }

// fileBudget enforces the per-file and per-submission limits while files stream.
type fileBudget struct {
	perFile, total, used int64
}

// limitedPart counts what is read from one file and stops at the limits.
type limitedPart struct {
	r      io.Reader
	name   string
	read   int64
	budget *fileBudget
}

func (l *limitedPart) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if err != nil && err != io.EOF {
		err = readError(err)
	}
	l.read += int64(n)
	l.budget.used += int64(n)
	if l.read > l.budget.perFile {
		return n, &fileError{Name: l.name, Key: "intake.file_too_large"}
	}
	if l.budget.used > l.budget.total {
		return n, &fileError{Name: l.name, Key: "intake.files_too_large"}
	}
	return n, err
}

// storeFile streams one uploaded file through type detection, metadata stripping and encryption to
// the mailbox recipient, into the attachment store. Memory stays bounded whatever the file's size.
func storeFile(ctx context.Context, tx pgx.Tx, caseID, entryID int64, mailbox age.Recipient, part *multipart.Part, budget *fileBudget) (cases.AttachmentMeta, error) {
	meta := cases.AttachmentMeta{Name: cleanFileName(part.FileName())}
	src := &limitedPart{r: part, name: meta.Name, budget: budget}
	head := make([]byte, 4096)
	n, err := io.ReadFull(src, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return meta, err
	}
	head = head[:n]
	if n == 0 {
		return meta, &fileError{Name: meta.Name, Key: "intake.file_empty"}
	}
	kind := metastrip.Detect(head)
	body := io.MultiReader(bytes.NewReader(head), src)

	var spooled *spool
	if kind == metastrip.Unknown || !metastrip.Streamable(kind) {
		// Zip-based documents and PDFs need random access: spool, encrypted, to a nameless file.
		if kind != metastrip.Unknown {
			spooled, err = newSpool(body)
			if err != nil {
				return meta, err
			}
			defer spooled.Close()
			if kind == metastrip.Zip {
				ra, size, err := spooled.readerAt()
				if err != nil {
					return meta, err
				}
				if kind, err = metastrip.DetectZip(ra, size); err != nil {
					kind = metastrip.Unknown
				}
			}
		}
		if kind == metastrip.Unknown || kind == metastrip.Zip {
			return meta, &fileError{Name: meta.Name, Key: "intake.file_type"}
		}
	}
	meta.Kind, meta.MIME = string(kind), kind.MIME()

	w, err := cases.NewAttachment(ctx, tx, caseID, entryID)
	if err != nil {
		return meta, err
	}
	enc, err := crypto.EncryptStream(w, mailbox)
	if err != nil {
		return meta, err
	}
	out := &countingWriter{w: enc}
	var report metastrip.Report
	if spooled == nil {
		report, err = metastrip.StripStream(kind, body, out)
	} else {
		ra, size, rerr := spooled.readerAt()
		if rerr != nil {
			return meta, rerr
		}
		report, err = metastrip.StripAt(kind, ra, size, out)
	}
	if err != nil {
		var fe *fileError
		if errors.As(err, &fe) {
			return meta, fe
		}
		if errors.Is(err, metastrip.ErrMalformed) {
			return meta, &fileError{Name: meta.Name, Key: "intake.file_damaged"}
		}
		return meta, err
	}
	if err := enc.Close(); err != nil {
		return meta, err
	}
	meta.Size, meta.Removed, meta.Remains = out.n, report.Removed, report.Remains
	plain, _ := json.Marshal(meta)
	sealedMeta, err := crypto.Seal(plain, mailbox)
	if err != nil {
		return meta, err
	}
	_, err = w.Finish(sealedMeta)
	return meta, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// cleanFileName keeps the base name a reporter's browser sent, without control characters or path,
// at most 200 characters. It is sealed with the file, never stored in the clear.
func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '/' {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	if name == "" || name == "." {
		name = "file"
	}
	return name
}

// spool holds an upload that needs random access in a temporary file with no name (unlinked at once),
// encrypted under a key that exists only in this process's memory: the plaintext never touches disk.
type spool struct {
	f    *os.File
	key  crypto.SymmetricKey
	size int64
}

func newSpool(r io.Reader) (*spool, error) {
	f, err := os.CreateTemp("", "portal-spool-*")
	if err != nil {
		return nil, fmt.Errorf("intake: spool: %w", err)
	}
	os.Remove(f.Name())
	s := &spool{f: f, key: crypto.NewSymmetricKey()}
	w, err := crypto.EncryptStream(f, s.key.Recipient())
	if err != nil {
		f.Close()
		return nil, err
	}
	if _, err := io.Copy(w, r); err != nil {
		f.Close()
		return nil, err
	}
	if err := w.Close(); err != nil {
		f.Close()
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	s.size = st.Size()
	return s, nil
}

// readerAt gives random access to the plaintext, decrypting the chunks it touches.
func (s *spool) readerAt() (io.ReaderAt, int64, error) {
	ra, size, err := age.DecryptReaderAt(s.f, s.size, s.key.Identity())
	if err != nil {
		return nil, 0, fmt.Errorf("intake: spool: %w", err)
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

func (s *spool) Close() error { return s.f.Close() }
