package intake

import (
	"context"
	"time"

	"integrity-portal/intake/captcha"
)

// Housekeep deletes expired captcha challenges, held files and mailbox sessions every interval until ctx ends.
// Several servers may run it at once: each delete is idempotent.
func (in *Intake) Housekeep(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := in.purge(ctx); err != nil && ctx.Err() == nil {
			in.Logger.Warn("intake housekeeping", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (in *Intake) purge(ctx context.Context) error {
	if _, err := captcha.Purge(ctx, in.DB); err != nil {
		return err
	}
	if _, err := in.DB.Exec(ctx, `DELETE FROM held_files WHERE expires_at < now()`); err != nil {
		return err
	}
	_, err := in.DB.Exec(ctx, `DELETE FROM reporter_sessions WHERE idle_until < now() OR valid_until < now()`)
	return err
}
