package cases

import (
	"context"
	"fmt"
	"time"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/database"
)

// Entry kinds and authors of a case's thread.
const (
	EntryReport     = "report"
	EntrySuggestion = "suggestion"
	EntryMessage    = "message"
	EntryStatus     = "status"
	EntryIdentity   = "identity"

	AuthorReporter = "reporter"
	AuthorOfficer  = "officer"
	AuthorSystem   = "system"
)

// AddSealedEntry appends an entry sealed earlier (e.g. a reporter message held until approval).
func AddSealedEntry(ctx context.Context, db database.DB, caseID int64, kind, author, key string, officerID *int64, sealed []byte) (int64, error) {
	var id int64
	err := db.QueryRow(ctx, `INSERT INTO case_entries (case_id, kind, author, officer_id, key_name, sealed) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		caseID, kind, author, officerID, key, sealed).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("cases: add entry: %w", err)
	}
	_, err = db.Exec(ctx, `UPDATE cases SET updated_at = date_trunc('hour', now()) WHERE id = $1`, caseID)
	return id, err
}

// SealFor seals plaintext to the case's recipient for key.
func SealFor(ctx context.Context, db database.DB, caseID int64, key string, plaintext []byte) ([]byte, error) {
	var recipient string
	col := "mailbox_recipient"
	if key == "internal" {
		col = "internal_recipient"
	}
	if err := db.QueryRow(ctx, "SELECT "+col+" FROM cases WHERE id = $1", caseID).Scan(&recipient); err != nil {
		return nil, fmt.Errorf("cases: recipient: %w", err)
	}
	r, err := crypto.ParseRecipient(recipient)
	if err != nil {
		return nil, err
	}
	return crypto.Seal(plaintext, r)
}

// AddEntry seals plaintext to the case's recipient for key and appends it to the thread.
func AddEntry(ctx context.Context, db database.DB, caseID int64, kind, author, key string, plaintext []byte) (int64, error) {
	sealed, err := SealFor(ctx, db, caseID, key, plaintext)
	if err != nil {
		return 0, err
	}
	return AddSealedEntry(ctx, db, caseID, kind, author, key, nil, sealed)
}

// Entry is one opened item of a case's thread.
type Entry struct {
	ID        int64
	Kind      string
	Author    string
	Officer   *string // the officer who wrote it, for officers' eyes only; never shown to the reporter
	CreatedAt time.Time
	Plaintext []byte
}

// Entries opens the thread entries sealed to key with id, oldest first.
func Entries(ctx context.Context, db database.DB, caseID int64, key string, id age.Identity) ([]Entry, error) {
	rows, _ := db.Query(ctx, `SELECT e.id, e.kind, e.author, o.display_name, e.created_at, e.sealed
		FROM case_entries e LEFT JOIN officers o ON o.id = e.officer_id WHERE e.case_id = $1 AND e.key_name = $2 ORDER BY e.id`, caseID, key)
	type row struct {
		ID        int64
		Kind      string
		Author    string
		Officer   *string
		CreatedAt time.Time
		Sealed    []byte
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[row])
	if err != nil {
		return nil, fmt.Errorf("cases: entries: %w", err)
	}
	out := make([]Entry, 0, len(list))
	for _, r := range list {
		plain, err := crypto.Open(r.Sealed, id)
		if err != nil {
			return nil, fmt.Errorf("cases: entry %d: %w", r.ID, err)
		}
		out = append(out, Entry{ID: r.ID, Kind: r.Kind, Author: r.Author, Officer: r.Officer, CreatedAt: r.CreatedAt, Plaintext: plain})
	}
	return out, nil
}

// Summary is a case's plaintext metadata.
type Summary struct {
	ID               int64
	Kind             string
	Category         string
	Status           string
	WhistleblowerAct bool
	ReceivedAt       time.Time
	UpdatedAt        time.Time
}

// Get returns a case's metadata.
func Get(ctx context.Context, db database.DB, caseID int64) (Summary, error) {
	rows, _ := db.Query(ctx, `SELECT id, kind, category, status, whistleblower_act, received_at, updated_at FROM cases WHERE id = $1`, caseID)
	s, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Summary])
	if err != nil {
		return Summary{}, fmt.Errorf("cases: get: %w", err)
	}
	return s, nil
}

// ReporterStatus is the short status a reporter sees for an internal status: received (已收件),
// in_progress (處理中), referred (已移送) or closed (已結案).
func ReporterStatus(status string) string {
	switch status {
	case "received", "triage":
		return "received"
	case "referred":
		return "referred"
	case "closed", "shredded":
		return "closed"
	}
	return "in_progress"
}
