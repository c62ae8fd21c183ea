package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"path/filepath"
	"strings"
	"unicode"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/intake/metastrip"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/spool"
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

// receivedFile is an uploaded file as it waits for the transaction: stripped of its metadata,
// encrypted to the mailbox recipient, in a spool, with its sealed description.
type receivedFile struct {
	meta   cases.AttachmentMeta
	sealed []byte // the sealed meta
	data   *spool.File
}

// receivedFiles are a submission's files; Close removes their spools.
type receivedFiles []receivedFile

func (r receivedFiles) Close() {
	for _, f := range r {
		f.data.Close()
	}
}

// metas lists what the receipt page shows of the files.
func (r receivedFiles) metas() []cases.AttachmentMeta {
	var out []cases.AttachmentMeta
	for _, f := range r {
		out = append(out, f.meta)
	}
	return out
}

// receiveFiles reads every remaining file of the form into spools, with no transaction open: a client
// that stalls here holds no database connection.
func receiveFiles(form *formReader, mailbox age.Recipient, budget *fileBudget) (receivedFiles, error) {
	var files receivedFiles
	for {
		part, err := form.nextFile()
		if err == nil && part == nil {
			return files, nil
		}
		var f receivedFile
		if err == nil {
			f, err = receiveFile(part, mailbox, budget)
		}
		if err != nil {
			files.Close()
			return nil, err
		}
		files = append(files, f)
	}
}

// receiveFile streams one uploaded file through type detection, metadata stripping and encryption to
// the mailbox recipient, into a spool. Memory stays bounded whatever the file's size.
func receiveFile(part *multipart.Part, mailbox age.Recipient, budget *fileBudget) (receivedFile, error) {
	meta := cases.AttachmentMeta{Name: cleanFileName(part.FileName())}
	src := &limitedPart{r: part, name: meta.Name, budget: budget}
	head := make([]byte, 4096)
	n, err := io.ReadFull(src, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return receivedFile{}, err
	}
	head = head[:n]
	if n == 0 {
		return receivedFile{}, &fileError{Name: meta.Name, Key: "intake.file_empty"}
	}
	kind := metastrip.Detect(head)
	body := io.MultiReader(bytes.NewReader(head), src)

	var whole *spool.File
	if kind == metastrip.Unknown || !metastrip.Streamable(kind) {
		// Zip-based documents and PDFs need random access: spool them whole first.
		if kind != metastrip.Unknown {
			if whole, err = spool.Copy(body); err != nil {
				return receivedFile{}, err
			}
			defer whole.Close()
			if kind == metastrip.Zip {
				ra, size, err := whole.ReaderAt()
				if err != nil {
					return receivedFile{}, err
				}
				if kind, err = metastrip.DetectZip(ra, size); err != nil {
					kind = metastrip.Unknown
				}
			}
		}
		if kind == metastrip.Unknown || kind == metastrip.Zip {
			return receivedFile{}, &fileError{Name: meta.Name, Key: "intake.file_type"}
		}
	}
	meta.Kind, meta.MIME = string(kind), kind.MIME()

	f := receivedFile{meta: meta}
	if f.data, err = spool.New(); err != nil {
		return receivedFile{}, err
	}
	if err := stripTo(f.data, kind, body, whole, mailbox, &f.meta); err != nil {
		f.data.Close()
		return receivedFile{}, err
	}
	plain, _ := json.Marshal(f.meta)
	if f.sealed, err = crypto.Seal(plain, mailbox); err != nil {
		f.data.Close()
		return receivedFile{}, err
	}
	return f, nil
}

// stripTo writes the file, without its metadata and encrypted to mailbox, into out, and records in
// meta its size and what was removed. A file that needed random access is read from whole.
func stripTo(out *spool.File, kind metastrip.Kind, body io.Reader, whole *spool.File, mailbox age.Recipient, meta *cases.AttachmentMeta) error {
	enc, err := crypto.EncryptStream(out, mailbox)
	if err != nil {
		return err
	}
	counted := &countingWriter{w: enc}
	var report metastrip.Report
	if whole == nil {
		report, err = metastrip.StripStream(kind, body, counted)
	} else {
		ra, size, rerr := whole.ReaderAt()
		if rerr != nil {
			return rerr
		}
		report, err = metastrip.StripAt(kind, ra, size, counted)
	}
	if err != nil {
		var fe *fileError
		if errors.As(err, &fe) {
			return fe
		}
		if errors.Is(err, metastrip.ErrMalformed) {
			return &fileError{Name: meta.Name, Key: "intake.file_damaged"}
		}
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if err := out.Finish(); err != nil {
		return err
	}
	meta.Size, meta.Removed, meta.Remains = counted.n, report.Removed, report.Remains
	return nil
}

// writeFiles copies received files into the attachment store as attachments of an entry, inside tx.
// Nothing here waits on the client.
func writeFiles(ctx context.Context, tx pgx.Tx, caseID, entryID int64, files receivedFiles) error {
	for _, f := range files {
		w, err := cases.NewAttachment(ctx, tx, caseID, entryID)
		if err != nil {
			return err
		}
		r, err := f.data.Reader()
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, r); err != nil {
			return err
		}
		if _, err := w.Finish(f.sealed); err != nil {
			return err
		}
	}
	return nil
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
