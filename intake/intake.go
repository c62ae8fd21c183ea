package intake

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/web"
)

// Options configure the intake.
type Options struct {
	Site *web.Site
	DB   *pgxpool.Pool
	// WriteDB, when set, is the pool the submissions' transactions use, apart from the pages' pool
	// (PORTAL_DB_INTAKE_CONNS), so that neither can starve the other.
	WriteDB *pgxpool.Pool
	Logger  *slog.Logger
	// Pepper salts the receipt KDF (PORTAL_RECEIPT_PEPPER).
	Pepper []byte
	// ReceiptParams are the receipt KDF's costs; zero means crypto.DefaultReceiptParams. Tests lower them.
	ReceiptParams crypto.ReceiptParams
	FileMax       int64
	TotalMax      int64
	UploadTimeout time.Duration
	// Memory bounds the receipt KDF runs (32 MiB each), shared with the officers' password checks;
	// nil: a budget of its own with the defaults (tests).
	Memory *crypto.MemoryBudget
	// Deadlines are the officers' deadlines, shown to the reporter in the mailbox; zero means
	// cases.DefaultDeadlines.
	Deadlines cases.Deadlines
	// afterAttachments, when set (by tests in this package), runs inside the submission transaction
	// once the files are stored: a test cancels the context there to prove nothing is left behind.
	afterAttachments func(ctx context.Context)
}

// Intake holds the intake's dependencies; its methods are the handlers.
type Intake struct {
	Options
	limiter *attemptLimiter
	// holdSlots bound the forms whose files are being held at once (held_files.go).
	holdSlots chan struct{}
	pages     pageSet
	agencies  agencyCache
}

// New makes the intake.
func New(o Options) *Intake {
	if o.ReceiptParams == (crypto.ReceiptParams{}) {
		o.ReceiptParams = crypto.DefaultReceiptParams
	}
	if o.Memory == nil {
		o.Memory = crypto.NewMemoryBudget(crypto.DefaultMemoryBudget, crypto.DefaultMemoryWait)
	}
	if o.Deadlines == (cases.Deadlines{}) {
		o.Deadlines = cases.DefaultDeadlines
	}
	return &Intake{Options: o, limiter: newAttemptLimiter(), holdSlots: make(chan struct{}, heldInFlight)}
}

// deriveReceipt runs the receipt KDF within the memory budget (which also collects its 32 MiB
// before anything else allocates): crypto.ErrBusy when no room came in time.
func (in *Intake) deriveReceipt(ctx context.Context, r crypto.Receipt) (crypto.ReceiptKeys, error) {
	return in.Memory.DeriveReceiptKeys(ctx, r, in.Pepper, in.ReceiptParams)
}

// writeDB is the pool for the intake's write transactions.
func (in *Intake) writeDB() *pgxpool.Pool {
	if in.WriteDB != nil {
		return in.WriteDB
	}
	return in.DB
}
