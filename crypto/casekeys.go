package crypto

import (
	"fmt"
	"io"

	"filippo.io/age"
)

// CaseKeys are the two identities each case gets. Mailbox protects what the reporter and the officers
// exchange (the report, attachments, messages); Internal protects what only officers may read (notes,
// the reporter's identity, referral files). Content is sealed to their public recipients, which the
// database keeps; the identities themselves are only ever stored sealed, once per grantee.
type CaseKeys struct {
	Mailbox  *age.HybridIdentity
	Internal *age.HybridIdentity
}

// NewCaseKeys makes fresh hybrid post-quantum identities for a case.
func NewCaseKeys() (CaseKeys, error) {
	m, err := age.GenerateHybridIdentity()
	if err != nil {
		return CaseKeys{}, fmt.Errorf("crypto: case key: %w", err)
	}
	i, err := age.GenerateHybridIdentity()
	if err != nil {
		return CaseKeys{}, fmt.Errorf("crypto: case key: %w", err)
	}
	return CaseKeys{Mailbox: m, Internal: i}, nil
}

// Grant seals a case identity for one grantee: an officer's or the recovery key's recipient, the
// receipt's or a session's symmetric key. Revoking is deleting the stored grant.
func Grant(id *age.HybridIdentity, to age.Recipient) ([]byte, error) {
	return Seal([]byte(id.String()), to)
}

// OpenGrant opens a grant with the grantee's own identity.
func OpenGrant(sealed []byte, with age.Identity) (*age.HybridIdentity, error) {
	b, err := Open(sealed, with)
	if err != nil {
		return nil, err
	}
	id, err := age.ParseHybridIdentity(string(b))
	if err != nil {
		return nil, ErrCannotOpen
	}
	return id, nil
}

// EncryptStream returns a writer that encrypts everything written to it to the recipients, in age's
// 64 KiB chunks: memory stays constant whatever the size. Close it to finish the file.
func EncryptStream(w io.Writer, recipients ...age.Recipient) (io.WriteCloser, error) {
	wc, err := age.Encrypt(w, recipients...)
	if err != nil {
		return nil, fmt.Errorf("crypto: encrypt: %w", err)
	}
	return wc, nil
}

// DecryptStream returns a reader of the plaintext of r. Each chunk is authenticated before it is
// returned; a damaged or truncated file gives an error on Read, never unauthenticated bytes.
func DecryptStream(r io.Reader, identities ...age.Identity) (io.Reader, error) {
	pr, err := age.Decrypt(r, identities...)
	if err != nil {
		return nil, ErrCannotOpen
	}
	return pr, nil
}
