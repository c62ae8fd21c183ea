package admin

import (
	"context"
	"errors"
	"sync"

	"integrity-portal/crypto"
)

// dummy is the key opened for unknown usernames, so that they cost as long as a real account and the
// answer's timing does not tell which usernames exist. It is made on first use, within the memory
// budget like every scrypt run.
var dummy struct {
	sync.Mutex
	key *crypto.OfficerKey
}

// openDummyKey does the work of a password check for a name that has no account. It fails with
// crypto.ErrBusy when the work did not run.
func (a *Admin) openDummyKey(ctx context.Context, password string) error {
	dummy.Lock()
	k := dummy.key
	dummy.Unlock()
	if k == nil {
		var made crypto.OfficerKey
		var err error
		if berr := a.Memory.Do(ctx, crypto.PasswordMemory, func() { made, err = crypto.NewOfficerKey("not a password anyone has") }); berr != nil {
			return berr
		}
		if err != nil {
			return err
		}
		dummy.Lock()
		if dummy.key == nil {
			dummy.key = &made
		}
		k = dummy.key
		dummy.Unlock()
	}
	if _, err := a.Memory.OpenOfficerKey(ctx, *k, password); errors.Is(err, crypto.ErrBusy) {
		return err
	}
	return nil
}
