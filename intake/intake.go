package intake

import (
	"context"
	"log/slog"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/crypto"
	"integrity-portal/internal/web"
)

// Options configure the intake.
type Options struct {
	Site   *web.Site
	DB     *pgxpool.Pool
	Logger *slog.Logger
	// Pepper salts the receipt KDF (PORTAL_RECEIPT_PEPPER).
	Pepper []byte
	// ReceiptParams are the receipt KDF's costs; zero means crypto.DefaultReceiptParams. Tests lower them.
	ReceiptParams crypto.ReceiptParams
	FileMax       int64
	TotalMax      int64
	UploadTimeout time.Duration
	// afterAttachments, when set (by tests in this package), runs inside the submission transaction
	// once the files are stored: a test cancels the context there to prove nothing is left behind.
	afterAttachments func(ctx context.Context)
}

// Intake holds the intake's dependencies; its methods are the handlers.
type Intake struct {
	Options
	kdf      chan struct{} // bounds concurrent receipt KDF runs: each takes 32 MiB
	limiter  *attemptLimiter
	pages    pageSet
	agencies agencyCache
}

// New makes the intake.
func New(o Options) *Intake {
	if o.ReceiptParams == (crypto.ReceiptParams{}) {
		o.ReceiptParams = crypto.DefaultReceiptParams
	}
	return &Intake{Options: o, kdf: make(chan struct{}, 4), limiter: newAttemptLimiter()}
}

// deriveReceipt runs the receipt KDF, at most a few at a time.
func (in *Intake) deriveReceipt(ctx context.Context, r crypto.Receipt) (crypto.ReceiptKeys, error) {
	select {
	case in.kdf <- struct{}{}:
	case <-ctx.Done():
		return crypto.ReceiptKeys{}, ctx.Err()
	}
	defer func() { <-in.kdf }()
	keys := crypto.DeriveReceiptKeys(r, in.Pepper, in.ReceiptParams)
	// The KDF's 32 MiB are garbage now. Collecting them at once (a few milliseconds: the live heap
	// is small) keeps an upload that follows from stacking its buffers on top of them.
	runtime.GC()
	return keys, nil
}
