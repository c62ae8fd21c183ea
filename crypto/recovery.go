package crypto

import (
	"fmt"
	"os"
	"time"

	"filippo.io/age"
)

// NewRecoveryKey makes the office's recovery identity, a hybrid post-quantum age key.
func NewRecoveryKey() (*age.HybridIdentity, error) {
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		return nil, fmt.Errorf("crypto: recovery key: %w", err)
	}
	return id, nil
}

// ParseRecipient reads a stored hybrid recipient (age1pq1…).
func ParseRecipient(s string) (*age.HybridRecipient, error) {
	r, err := age.ParseHybridRecipient(s)
	if err != nil {
		return nil, fmt.Errorf("crypto: not a hybrid age recipient: %w", err)
	}
	return r, nil
}

// IdentityFile is the text of an age identity file, readable by the stock age tool (age -d -i FILE).
func IdentityFile(id *age.HybridIdentity, purpose string) []byte {
	return fmt.Appendf(nil, "# %s\n# created: %s\n# public key: %s\n%s\n",
		purpose, time.Now().UTC().Format(time.RFC3339), id.Recipient(), id)
}

// WriteIdentityFile writes an identity file with mode 0600, refusing to overwrite an existing file:
// overwriting a recovery key would lose every case sealed to it.
func WriteIdentityFile(path string, id *age.HybridIdentity, purpose string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("crypto: write identity: %w", err)
	}
	if _, err := f.Write(IdentityFile(id, purpose)); err != nil {
		f.Close()
		return fmt.Errorf("crypto: write identity: %w", err)
	}
	return f.Close()
}
