package intake

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/database"
	"integrity-portal/internal/spool"
	"integrity-portal/internal/web"
)

// Held files: when the report form comes back with a problem (a field, the captcha), the files sent
// with it are kept, so that the reporter need not choose them again and a wrong captcha loses
// nothing. Each is stripped of its metadata and encrypted as on a real submission, and stored in
// held_files under a key derived from two secrets: one in the form's hidden field (the file's token,
// which also names its row by a hash) and one in a cookie of the reporter's browser. A token copied
// to another browser opens nothing. Held files expire after heldTTL, and the reporter can remove one.
const (
	heldTTL      = time.Hour
	heldMaxFiles = 20
	heldCookie   = "held"
	// heldChunk is how much ciphertext a held_file_chunks row holds.
	heldChunk = 256 << 10
	// heldInFlight bounds the forms whose files are being held at once.
	heldInFlight = 4
)

// heldFile is one held file.
type heldFile struct {
	Token string // the hidden field's value for it
	Name  string
	Size  int64
	id    int64
	key   crypto.SymmetricKey
	meta  cases.AttachmentMeta
}

// heldTokens is the hidden field's value: the tokens of the files held, separated by spaces.
func heldTokens(list []heldFile) string {
	var b strings.Builder
	for i, h := range list {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(h.Token)
	}
	return b.String()
}

// heldSize is what the held files weigh against the form's total.
func heldSize(list []heldFile) int64 {
	var n int64
	for _, h := range list {
		n += h.Size
	}
	return n
}

// browserSecret is this browser's half of the held files' keys; with create, a new one is set when
// the browser has none.
func (in *Intake) browserSecret(c *gin.Context, create bool) ([]byte, bool) {
	if v, ok := in.Site.Cookie(c, heldCookie); ok {
		if b, err := base64.RawURLEncoding.DecodeString(v); err == nil && len(b) == 32 {
			return b, true
		}
	}
	if !create {
		return nil, false
	}
	b := make([]byte, 32)
	rand.Read(b)
	in.Site.SetCookie(c, heldCookie, base64.RawURLEncoding.EncodeToString(b), 0)
	return b, true
}

// heldKey is a held file's key: the token's secret and the browser's, hashed together.
func heldKey(secret, browser []byte) crypto.SymmetricKey {
	h := sha256.New()
	h.Write([]byte("intake: held file\x00"))
	h.Write(secret)
	h.Write(browser)
	return crypto.SymmetricKey(h.Sum(nil))
}

// parseHeldToken splits a token into its row's hash and its secret.
func parseHeldToken(token string) (hash [32]byte, secret []byte, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 48 {
		return hash, nil, false
	}
	return sha256.Sum256(b[:16]), b[16:], true
}

// loadHeld opens the files named by the hidden field. lost is true when any token named no file this
// browser can open: expired, removed, forged, or another browser's.
func (in *Intake) loadHeld(c *gin.Context, field string) (list []heldFile, lost bool, err error) {
	tokens := strings.Fields(field)
	if len(tokens) == 0 {
		return nil, false, nil
	}
	browser, ok := in.browserSecret(c, false)
	if !ok {
		return nil, true, nil
	}
	seen := map[string]bool{}
	for i, token := range tokens {
		if i >= heldMaxFiles || seen[token] {
			lost = lost || i >= heldMaxFiles
			continue
		}
		seen[token] = true
		h, ok, err := in.openHeld(c.Request.Context(), token, browser)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			lost = true
			continue
		}
		list = append(list, h)
	}
	return list, lost, nil
}

// openHeld finds and opens one held file; ok is false when there is none this browser can open.
func (in *Intake) openHeld(ctx context.Context, token string, browser []byte) (heldFile, bool, error) {
	hash, secret, ok := parseHeldToken(token)
	if !ok {
		return heldFile{}, false, nil
	}
	h := heldFile{Token: token, key: heldKey(secret, browser)}
	var sealed []byte
	err := in.DB.QueryRow(ctx, `SELECT id, sealed_meta FROM held_files WHERE token_hash = $1 AND expires_at > now()`, hash[:]).Scan(&h.id, &sealed)
	if errors.Is(err, pgx.ErrNoRows) {
		return heldFile{}, false, nil
	}
	if err != nil {
		return heldFile{}, false, fmt.Errorf("intake: held file: %w", err)
	}
	plain, err := crypto.Open(sealed, h.key.Identity())
	if err != nil || json.Unmarshal(plain, &h.meta) != nil {
		return heldFile{}, false, nil // another browser's token, or a forged one
	}
	h.Name, h.Size = h.meta.Name, h.meta.Size
	return h, true, nil
}

// holdFiles receives the form's remaining files as a submission would (stripped, encrypted, into
// spools, with no transaction open) and stores each as a held file of this browser.
func (in *Intake) holdFiles(c *gin.Context, form *formReader, budget *fileBudget) ([]heldFile, error) {
	ctx := c.Request.Context()
	browser, _ := in.browserSecret(c, true)
	var out []heldFile
	for {
		part, err := form.nextFile()
		if err != nil || part == nil {
			return out, err
		}
		raw := make([]byte, 48)
		rand.Read(raw)
		h := heldFile{Token: base64.RawURLEncoding.EncodeToString(raw), key: heldKey(raw[16:], browser)}
		f, err := receiveFile(part, h.key.Recipient(), budget)
		if err != nil {
			return out, err
		}
		h.meta, h.Name, h.Size = f.meta, f.meta.Name, f.meta.Size
		err = in.storeHeld(ctx, sha256.Sum256(raw[:16]), f, &h)
		f.data.Close()
		if err != nil {
			return out, err
		}
		out = append(out, h)
	}
}

// storeHeld writes one received file into held_files, in one transaction.
func (in *Intake) storeHeld(ctx context.Context, hash [32]byte, f receivedFile, h *heldFile) error {
	r, err := f.data.Reader()
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, in.writeDB(), func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO held_files (token_hash, sealed_meta, size, expires_at)
			VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING id`,
			hash[:], f.sealed, h.Size, heldTTL.Seconds()).Scan(&h.id); err != nil {
			return fmt.Errorf("intake: hold file: %w", err)
		}
		buf := make([]byte, heldChunk)
		for seq := 0; ; seq++ {
			n, err := io.ReadFull(r, buf)
			if n > 0 {
				if _, err := tx.Exec(ctx, `INSERT INTO held_file_chunks (held_id, seq, data) VALUES ($1, $2, $3)`, h.id, seq, buf[:n]); err != nil {
					return fmt.Errorf("intake: hold file: %w", err)
				}
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
	})
}

// heldFull reports whether the held files of every reporter together have reached their bound, so
// that a flood of forms that are never sent cannot fill the database: then files are not held, and
// the reporter is asked to choose them again.
func (in *Intake) heldFull(ctx context.Context) (bool, error) {
	var used int64
	err := in.DB.QueryRow(ctx, `SELECT coalesce(sum(size), 0) FROM held_files WHERE expires_at > now()`).Scan(&used)
	if err != nil {
		return false, fmt.Errorf("intake: held files: %w", err)
	}
	return used >= 20*in.TotalMax, nil
}

// rekeyHeld turns held files into files of the new case: each is decrypted and encrypted again to
// the case's mailbox recipient, into a spool, before the submission's transaction opens.
func (in *Intake) rekeyHeld(ctx context.Context, list []heldFile, mailbox age.Recipient) (receivedFiles, error) {
	var files receivedFiles
	for _, h := range list {
		f, err := in.rekeyOne(ctx, h, mailbox)
		if err != nil {
			files.Close()
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

func (in *Intake) rekeyOne(ctx context.Context, h heldFile, mailbox age.Recipient) (receivedFile, error) {
	plain, err := age.Decrypt(&heldReader{ctx: ctx, in: in, id: h.id}, h.key.Identity())
	if err != nil {
		return receivedFile{}, fmt.Errorf("intake: held file: %w", err)
	}
	f := receivedFile{meta: h.meta}
	if f.data, err = spool.New(); err != nil {
		return receivedFile{}, err
	}
	enc, err := crypto.EncryptStream(f.data, mailbox)
	if err == nil {
		_, err = io.Copy(enc, plain)
	}
	if err == nil {
		err = enc.Close()
	}
	if err == nil {
		err = f.data.Finish()
	}
	if err == nil {
		meta, _ := json.Marshal(f.meta)
		f.sealed, err = crypto.Seal(meta, mailbox)
	}
	if err != nil {
		f.data.Close()
		return receivedFile{}, fmt.Errorf("intake: held file: %w", err)
	}
	return f, nil
}

// heldReader reads a held file's ciphertext back one chunk at a time.
type heldReader struct {
	ctx context.Context
	in  *Intake
	id  int64
	seq int
	buf []byte
	end bool
}

func (r *heldReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.end {
			return 0, io.EOF
		}
		err := r.in.DB.QueryRow(r.ctx, `SELECT data FROM held_file_chunks WHERE held_id = $1 AND seq = $2`, r.id, r.seq).Scan(&r.buf)
		if errors.Is(err, pgx.ErrNoRows) {
			r.end = true
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("intake: held file: %w", err)
		}
		r.seq++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// dropHeld deletes held files (sent with a case, or removed by the reporter).
func dropHeld(ctx context.Context, db database.DB, list []heldFile) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	for i, h := range list {
		ids[i] = h.id
	}
	if _, err := db.Exec(ctx, `DELETE FROM held_files WHERE id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("intake: drop held files: %w", err)
	}
	return nil
}

// removeIndex reads the action of a file's remove button: "remove:<n>".
func removeIndex(action string, n int) (int, bool) {
	s, ok := strings.CutPrefix(action, "remove:")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	return i, err == nil && i >= 0 && i < n
}

// keepFiles holds the files sent with a report form that is coming back, and reads what is left of
// the body. The files are read only with a slot of their own and room in the bound; otherwise, or when a
// file is refused, the page asks for them again (a refused file says why, as on a submission).
func (in *Intake) keepFiles(c *gin.Context, form *formReader, p *reportPage) {
	defer drain(c.Request)
	if form.next == nil {
		return // no file was sent
	}
	// Its own slots, not the submissions': a form that comes back may not have answered the captcha,
	// and clients that stall here must not keep a reporter with the right answer from sending.
	select {
	case in.holdSlots <- struct{}{}:
		defer func() { <-in.holdSlots }()
	default:
		p.FilesLost = true
		return
	}
	full, err := in.heldFull(c.Request.Context())
	if err != nil || full {
		if err != nil {
			in.Logger.Error("held files", "err", err)
		}
		p.FilesLost = true
		return
	}
	budget := &fileBudget{perFile: in.FileMax, total: in.TotalMax, used: heldSize(p.Held)}
	kept, err := in.holdFiles(c, form, budget)
	p.Held = append(p.Held, kept...)
	var fe *fileError
	switch {
	case errors.As(err, &fe):
		p.Errors["files"], p.FileError, p.FilesLost = fe.Key, fe.Name, true
	case err != nil:
		in.Logger.Error("holding files", "err", web.SafeError(err))
		p.FilesLost = true
	}
}
