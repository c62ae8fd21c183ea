package crypto

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// ErrCannotOpen means the ciphertext is not for any of the given identities, is damaged, or the
// password is wrong. Callers must not tell these apart to a user.
var ErrCannotOpen = errors.New("crypto: cannot open: wrong key or damaged data")

// Seal encrypts plaintext to every recipient.
func Seal(plaintext []byte, recipients ...age.Recipient) ([]byte, error) {
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, recipients...)
	if err != nil {
		return nil, fmt.Errorf("crypto: seal: %w", err)
	}
	if _, err := w.Write(plaintext); err != nil {
		return nil, fmt.Errorf("crypto: seal: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("crypto: seal: %w", err)
	}
	return buf.Bytes(), nil
}

// Open decrypts a sealed blob with any of the identities. Every failure is ErrCannotOpen.
func Open(ciphertext []byte, identities ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(ciphertext), identities...)
	if err != nil {
		return nil, ErrCannotOpen
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, ErrCannotOpen
	}
	return b, nil
}
