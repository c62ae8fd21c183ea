package intake

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"

	"integrity-portal/crypto"
)

// The receipt page asks the reporter to type the receipt's last four digits before it lets them go.
// Its form carries the receipt back sealed (AES-GCM under a key derived from the server's pepper,
// so any app server can open it) with an expiry: the server can check the digits and, when they are
// wrong, show the receipt again, and a copy of the form kept by the browser is useless after
// receiptConfirmTTL. The receipt still appears in POST bodies only, never in a URL or a log.
const receiptConfirmTTL = 30 * time.Minute

var errReceiptToken = errors.New("intake: receipt confirmation expired or not ours")

// receiptToken is what the confirmation form carries.
type receiptToken struct {
	Receipt crypto.Receipt `json:"r"`
	Kind    string         `json:"k"`
	Publish bool           `json:"p,omitempty"`
	Expires int64          `json:"e"`
}

func (in *Intake) receiptAEAD() (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, in.Pepper, nil, "intake: receipt confirmation", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// sealReceipt makes the confirmation form's hidden value for a receipt just issued.
func (in *Intake) sealReceipt(t receiptToken) (string, error) {
	aead, err := in.receiptAEAD()
	if err != nil {
		return "", err
	}
	t.Expires = time.Now().Add(receiptConfirmTTL).Unix()
	plain, err := json.Marshal(t)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, nil)), nil
}

// openReceipt opens a confirmation form's hidden value: errReceiptToken when it is forged, altered,
// from another server's pepper or expired.
func (in *Intake) openReceipt(s string) (receiptToken, error) {
	var t receiptToken
	aead, err := in.receiptAEAD()
	if err != nil {
		return t, err
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < aead.NonceSize()+aead.Overhead() {
		return t, errReceiptToken
	}
	plain, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], nil)
	if err != nil || json.Unmarshal(plain, &t) != nil || time.Now().Unix() > t.Expires {
		return t, errReceiptToken
	}
	if _, err := crypto.ParseReceipt(string(t.Receipt)); err != nil {
		return t, errReceiptToken
	}
	return t, nil
}

// lastFour reads the four digits a reporter typed (full-width digits and spaces are fine); ok is
// false for anything else.
func lastFour(s string) (string, bool) {
	var out []rune
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			out = append(out, r)
		case r >= '０' && r <= '９':
			out = append(out, '0'+(r-'０'))
		case r == ' ' || r == '\u3000':
		default:
			return "", false
		}
		if len(out) > 4 {
			return "", false
		}
	}
	return string(out), len(out) == 4
}
