package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"integrity-portal/admin"
	"integrity-portal/crypto"
	"integrity-portal/internal/officekeys"
)

// firstStart makes what an empty database lacks: the recovery key (development only; production must
// run `portal keys init` so the identity goes straight to offline storage) and a bootstrap administrator.
func (e *env) firstStart(ctx context.Context, w io.Writer) error {
	if _, err := officekeys.RecoveryRecipient(ctx, e.pool); errors.Is(err, officekeys.ErrNone) {
		if e.cfg.Production() {
			return errors.New("no recovery key: run `portal keys init -out FILE` and keep FILE offline, then start again")
		}
		path := filepath.Join(e.cfg.VarDir, "recovery-key.txt")
		if err := initRecoveryKey(ctx, e, path); err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%s\n!! DEVELOPMENT RECOVERY KEY written to %s (mode 0600).\n", banner, path)
		fmt.Fprintf(w, "!! It can decrypt every case. In production it belongs OFFLINE, never on the server:\n")
		fmt.Fprintf(w, "!! use `portal keys init -out FILE` on a fresh database and move FILE to offline storage.\n%s\n\n", banner)
	} else if err != nil {
		return err
	}

	n, err := admin.CountOfficers(ctx, e.pool)
	if err != nil || n > 0 {
		return err
	}
	password := admin.NewPassword()
	if _, err := admin.AddOfficer(ctx, e.pool, admin.NewOfficer{
		Username: "admin", DisplayName: "System administrator", Roles: []string{"sysadmin"}, Password: password,
	}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s\nBootstrap administrator created. This password is shown ONCE:\n\n    username: admin\n    password: %s\n\n%s\n\n", banner, password, banner)
	debug.FreeOSMemory() // sealing the key took scrypt's 256 MiB; give it back before serving
	return nil
}

const banner = "================================================================================"

// initRecoveryKey makes the recovery identity, writes it to path (0600, never overwriting) and stores
// only its public recipient. If writing the file fails, nothing is stored.
func initRecoveryKey(ctx context.Context, e *env, path string) error {
	id, err := crypto.NewRecoveryKey()
	if err != nil {
		return err
	}
	if path == "-" {
		if _, err := os.Stdout.Write(crypto.IdentityFile(id, "integrity portal: office recovery key (keep offline)")); err != nil {
			return err
		}
	} else {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := crypto.WriteIdentityFile(path, id, "integrity portal: office recovery key (keep offline)"); err != nil {
			return err
		}
	}
	if err := officekeys.SetRecoveryRecipient(ctx, e.pool, id.Recipient().String()); err != nil {
		if path != "-" {
			os.Remove(path) // a key the database does not know would mislead whoever finds it
		}
		return err
	}
	return nil
}
