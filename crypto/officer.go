package crypto

import (
	"context"
	"fmt"

	"filippo.io/age"
)

// PasswordWorkFactor is the scrypt cost (log2 N) for sealing officer identities: age's own default,
// about a second and 256 MiB, which makes each offline password guess expensive.
const PasswordWorkFactor = 18

// OfficerKey is what the database keeps for an officer: the public recipient and the identity sealed
// under the officer's password.
type OfficerKey struct {
	Recipient string
	Sealed    []byte
}

// NewOfficerKey makes a fresh identity for an officer and seals it under password.
func NewOfficerKey(password string) (OfficerKey, error) {
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		return OfficerKey{}, fmt.Errorf("crypto: officer key: %w", err)
	}
	sealed, err := sealIdentity(id, password)
	if err != nil {
		return OfficerKey{}, err
	}
	return OfficerKey{Recipient: id.Recipient().String(), Sealed: sealed}, nil
}

// OpenOfficerKey opens an officer's sealed identity. A wrong password gives ErrCannotOpen; this is
// also the password check. A seal that asks for more work than PasswordWorkFactor is refused before
// any work: the stored header must not choose how much memory the server spends. The server calls it
// through MemoryBudget.OpenOfficerKey.
func OpenOfficerKey(k OfficerKey, password string) (*age.HybridIdentity, error) {
	sid, err := age.NewScryptIdentity(password)
	if err != nil {
		return nil, ErrCannotOpen
	}
	sid.SetMaxWorkFactor(PasswordWorkFactor)
	b, err := Open(k.Sealed, sid)
	if err != nil {
		return nil, err
	}
	id, err := age.ParseHybridIdentity(string(b))
	if err != nil || id.Recipient().String() != k.Recipient {
		return nil, ErrCannotOpen
	}
	return id, nil
}

// ResealOfficerKey seals an opened identity under a new password (a password change keeps the key).
func ResealOfficerKey(id *age.HybridIdentity, newPassword string) (OfficerKey, error) {
	sealed, err := sealIdentity(id, newPassword)
	if err != nil {
		return OfficerKey{}, err
	}
	return OfficerKey{Recipient: id.Recipient().String(), Sealed: sealed}, nil
}

func sealIdentity(id *age.HybridIdentity, password string) ([]byte, error) {
	r, err := age.NewScryptRecipient(password)
	if err != nil {
		return nil, fmt.Errorf("crypto: password seal: %w", err)
	}
	r.SetWorkFactor(PasswordWorkFactor)
	return Seal([]byte(id.String()), r)
}

// OpenOfficerKey is OpenOfficerKey within the budget: ErrBusy when no room came in time.
func (b *MemoryBudget) OpenOfficerKey(ctx context.Context, k OfficerKey, password string) (id *age.HybridIdentity, err error) {
	if berr := b.Do(ctx, PasswordMemory, func() { id, err = OpenOfficerKey(k, password) }); berr != nil {
		return nil, berr
	}
	return id, err
}

// ResealOfficerKey is ResealOfficerKey within the budget: ErrBusy when no room came in time.
func (b *MemoryBudget) ResealOfficerKey(ctx context.Context, id *age.HybridIdentity, newPassword string) (k OfficerKey, err error) {
	if berr := b.Do(ctx, PasswordMemory, func() { k, err = ResealOfficerKey(id, newPassword) }); berr != nil {
		return OfficerKey{}, berr
	}
	return k, err
}
