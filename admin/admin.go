package admin

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/web"
)

//go:embed templates
var templates embed.FS

// Templates are this package's pages, for web.Options.Pages under the prefix "admin".
func Templates() fs.FS {
	sub, _ := fs.Sub(templates, "templates")
	return sub
}

// Deadlines are the days a case may wait, from its receipt, before each notice is overdue: the one
// definition in internal/cases, which the reporter's mailbox counts by too.
type Deadlines = cases.Deadlines

// Options configure the admin side.
type Options struct {
	Site      *web.Site
	DB        *pgxpool.Pool
	Logger    *slog.Logger
	Deadlines Deadlines
	// Issuer names the portal in officers' authenticator apps.
	Issuer string
	// Pepper and ReceiptParams are the receipt KDF's, for cases entered by officers (offline channels).
	Pepper        []byte
	ReceiptParams crypto.ReceiptParams
	// Jobs enqueues background jobs (the procurement and application imports) in the caller's transaction.
	Jobs JobInserter
	// UploadMax bounds a data file (procurement or applications) uploaded by a data officer;
	// UploadTimeout its upload.
	UploadMax     int64
	UploadTimeout time.Duration
	// Memory bounds password checks and re-seals (256 MiB each), shared with the intake's receipt
	// KDF; nil: a budget of its own with the defaults (tests).
	Memory *crypto.MemoryBudget
}

// JobInserter is the part of River's client the admin side uses.
type JobInserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Admin holds the admin side's dependencies; its methods are the handlers.
type Admin struct {
	Options
	pages       pageSet
	gets        map[string]Policy // the GET routes' policies, for the menu and the landings
	countsCache countsCache
}

// New makes the admin side.
func New(o Options) *Admin {
	if o.Issuer == "" {
		o.Issuer = "Integrity Portal"
	}
	if o.Memory == nil {
		o.Memory = crypto.NewMemoryBudget(crypto.DefaultMemoryBudget, crypto.DefaultMemoryWait)
	}
	return &Admin{Options: o}
}
