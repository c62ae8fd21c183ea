package admin

import (
	"context"

	"filippo.io/age"

	"integrity-portal/crypto"
)

// openOfficerKey is the memory-hard password check (age scrypt, 256 MiB) within the memory budget:
// every path of the sign-in and the password change make exactly one, so that their cost does not
// tell them apart. A variable so that tests can count the checks.
var openOfficerKey = (*crypto.MemoryBudget).OpenOfficerKey

// checkPassword opens an officer's sealed identity with password: the one home of the memory-hard
// work of a password check. A wrong password gives crypto.ErrCannotOpen, a full memory budget
// crypto.ErrBusy (the check did not run).
func (a *Admin) checkPassword(ctx context.Context, k crypto.OfficerKey, password string) (*age.HybridIdentity, error) {
	return openOfficerKey(a.Memory, ctx, k, password)
}
