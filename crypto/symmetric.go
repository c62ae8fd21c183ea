package crypto

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// symmetricStanza is the age stanza type of a file key wrapped under a 256-bit symmetric key. It serves
// keys that come from a receipt's KDF or from a session cookie: secrets the server derives or is handed,
// never a password (a password gets age's own scrypt recipient). Symmetric wrapping with a 256-bit key
// is post-quantum, so it may share a file with hybrid recipients.
const symmetricStanza = "portal-sym"

// SymmetricKey is a 256-bit key that seals and opens age files directly.
type SymmetricKey [32]byte

// NewSymmetricKey makes a random key (e.g. a reporter's or officer's session key).
func NewSymmetricKey() SymmetricKey {
	var k SymmetricKey
	rand.Read(k[:])
	return k
}

// Recipient seals to the key.
func (k SymmetricKey) Recipient() age.Recipient { return symmetricRecipient{k} }

// Identity opens what was sealed to the key.
func (k SymmetricKey) Identity() age.Identity { return symmetricRecipient{k} }

type symmetricRecipient struct{ key SymmetricKey }

func (s symmetricRecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	st, _, err := s.WrapWithLabels(fileKey)
	return st, err
}

func (s symmetricRecipient) WrapWithLabels(fileKey []byte) ([]*age.Stanza, []string, error) {
	aead, err := chacha20poly1305.NewX(s.key[:])
	if err != nil {
		return nil, nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	body := aead.Seal(nil, nonce, fileKey, []byte(symmetricStanza))
	return []*age.Stanza{{Type: symmetricStanza, Args: []string{base64.RawStdEncoding.EncodeToString(nonce)}, Body: body}},
		[]string{"postquantum"}, nil
}

func (s symmetricRecipient) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(s.key[:])
	if err != nil {
		return nil, err
	}
	for _, st := range stanzas {
		if st.Type != symmetricStanza || len(st.Args) != 1 {
			continue
		}
		nonce, err := base64.RawStdEncoding.Strict().DecodeString(st.Args[0])
		if err != nil || len(nonce) != aead.NonceSize() {
			return nil, fmt.Errorf("crypto: malformed %s stanza", symmetricStanza)
		}
		if fileKey, err := aead.Open(nil, nonce, st.Body, []byte(symmetricStanza)); err == nil {
			return fileKey, nil
		}
	}
	return nil, errors.Join(age.ErrIncorrectIdentity, errors.New("crypto: no stanza for this symmetric key"))
}
