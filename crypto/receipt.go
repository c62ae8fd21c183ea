package crypto

import (
	"context"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"math/big"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ReceiptDigits is the length of a receipt: 20 decimal digits, log2(10^20) ≈ 66.4 bits of entropy.
const ReceiptDigits = 20

// Receipt is a reporter's receipt code in canonical form: 20 ASCII digits. It is shown once and never
// stored; whoever holds it can open the case's mailbox.
type Receipt string

// ErrBadReceipt means the text is not 20 digits, even after normalisation.
var ErrBadReceipt = errors.New("crypto: a receipt is 20 digits")

// NewReceipt draws a uniformly random receipt from crypto/rand.
func NewReceipt() Receipt {
	n, err := rand.Int(rand.Reader, new(big.Int).Exp(big.NewInt(10), big.NewInt(ReceiptDigits), nil))
	if err != nil {
		panic("crypto/rand failed: " + err.Error()) // the system's randomness is gone; nothing is safe
	}
	s := n.String()
	return Receipt(strings.Repeat("0", ReceiptDigits-len(s)) + s)
}

// Grouped writes the receipt in 5 groups of 4, the way it is shown and read aloud.
func (r Receipt) Grouped() string {
	var b strings.Builder
	for i := 0; i < len(r); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(r[i:min(i+4, len(r))]))
	}
	return b.String()
}

// ParseReceipt normalises what a reporter typed: full-width digits become ASCII, spaces, hyphens and
// dots go, and the letters most often typed for digits (O for 0, I or l for 1) are read as digits.
// Anything else, or a count other than 20, is ErrBadReceipt.
func ParseReceipt(s string) (Receipt, error) {
	var b strings.Builder
	for _, r := range s {
		d, skip, ok := receiptRune(r)
		switch {
		case !ok:
			return "", ErrBadReceipt
		case skip:
			continue
		}
		b.WriteByte(d)
		if b.Len() > ReceiptDigits {
			return "", ErrBadReceipt
		}
	}
	if b.Len() != ReceiptDigits {
		return "", ErrBadReceipt
	}
	return Receipt(b.String()), nil
}

// ReceiptTyping says what is wrong with a receipt ParseReceipt refused, for telling the reporter:
// how many digits it holds as ParseReceipt reads them, and whether it holds anything that is neither
// a digit nor a separator. It says nothing about any case.
func ReceiptTyping(s string) (digits int, other bool) {
	for _, r := range s {
		_, skip, ok := receiptRune(r)
		switch {
		case !ok:
			other = true
		case !skip:
			digits++
		}
	}
	return digits, other
}

// receiptRune reads one typed character: the digit it stands for, or skip for a separator, or !ok.
func receiptRune(r rune) (digit byte, skip, ok bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r), false, true
	case r >= '０' && r <= '９':
		return byte('0' + (r - '０')), false, true
	case r == 'O' || r == 'o' || r == 'Ｏ' || r == 'ｏ':
		return '0', false, true
	case r == 'I' || r == 'l' || r == 'i' || r == '|' || r == 'Ｉ' || r == 'ｌ':
		return '1', false, true
	case r == ' ' || r == '\u3000' || r == '-' || r == '－' || r == '.' || r == '\t' || r == '\r' || r == '\n':
		return 0, true, true
	}
	return 0, false, false
}

// ReceiptParams are the Argon2id costs of the receipt KDF. They are global, not per case: the case is
// found from the receipt alone, so every receipt must be derived the same way.
type ReceiptParams struct {
	Time      uint32
	MemoryKiB uint32
	Threads   uint8
}

// DefaultReceiptParams: Argon2id, 32 MiB, 4 passes, 1 lane. About 90 ms on one core of the 2-core
// machine this was measured on. One lane keeps a submission on one core, so concurrent submissions use
// both; how many run at once is the memory budget's to decide (MemoryBudget).
var DefaultReceiptParams = ReceiptParams{Time: 4, MemoryKiB: 32 * 1024, Threads: 1}

// ReceiptKeys are what one run of the receipt KDF yields: the lookup value that finds the case, and the
// key that seals the case's mailbox identity for the reporter. One KDF serves both.
type ReceiptKeys struct {
	Lookup []byte       // stored, indexed: finds the case
	Seal   SymmetricKey // never stored: opens the mailbox identity sealed to it
}

// DeriveReceiptKeys runs Argon2id on the receipt, salted with the server's pepper, and expands the
// result into independent keys with HKDF. Guessing a receipt from a stolen database and the pepper
// costs one Argon2id run per guess, over 10^20 candidates.
func DeriveReceiptKeys(r Receipt, pepper []byte, p ReceiptParams) ReceiptKeys {
	salt := sha256.Sum256(append([]byte("integrity-portal receipt v1\x00"), pepper...))
	master := argon2.IDKey([]byte(r), salt[:], p.Time, p.MemoryKiB, p.Threads, 32)
	lookup, err := hkdf.Expand(sha256.New, master, "receipt lookup v1", 32)
	if err != nil {
		panic(err) // fixed, valid lengths: cannot fail
	}
	seal, err := hkdf.Expand(sha256.New, master, "receipt mailbox seal v1", 32)
	if err != nil {
		panic(err)
	}
	return ReceiptKeys{Lookup: lookup, Seal: SymmetricKey(seal)}
}

// DeriveReceiptKeys is DeriveReceiptKeys within the budget: ErrBusy when no room came in time.
func (b *MemoryBudget) DeriveReceiptKeys(ctx context.Context, r Receipt, pepper []byte, p ReceiptParams) (keys ReceiptKeys, err error) {
	err = b.Do(ctx, p.Memory(), func() { keys = DeriveReceiptKeys(r, pepper, p) })
	return keys, err
}

// LookupMatches compares a stored lookup value with a derived one in constant time.
func LookupMatches(stored, derived []byte) bool {
	return subtle.ConstantTimeCompare(stored, derived) == 1
}
