//go:build unix

package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockPath is the flock file that serializes Start/Stop for one requested
// data dir across processes: ./var/pg -> ./var/.pg.lock. It is keyed on the
// requested path (not a relocated one) so all callers agree on it.
func lockPath(dataDir string) string {
	return filepath.Join(filepath.Dir(dataDir), "."+filepath.Base(dataDir)+".lock")
}

// lock takes the exclusive flock, polling so ctx can cancel the wait. The
// kernel drops the lock if this process dies, and Go opens files
// close-on-exec, so the server we spawn never inherits it.
func lock(ctx context.Context, path string) (unlock func(), err error) {
	// Read-only is enough for flock and works on a lock file another user made.
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: open lock file: %w", err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("pgcluster: lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("pgcluster: waiting for another process holding %s: %w", path, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
