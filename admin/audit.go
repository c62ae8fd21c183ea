package admin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// auditLock serializes appends, so each row chains to the one committed before it.
const auditLock = 0x61756469740000 // "audit"

// AuditEntry is one row of the audit log.
type AuditEntry struct {
	ID        int64
	At        time.Time
	OfficerID *int64
	Action    string
	CaseID    *int64
	Detail    string
	PrevHash  []byte
	Hash      []byte
}

// auditHash is SHA-256 over the previous hash and the row's canonical content. Times are taken to the
// microsecond, which is what PostgreSQL keeps.
func auditHash(prev []byte, at time.Time, officerID *int64, action string, caseID *int64, detail string) []byte {
	canon, _ := json.Marshal([]any{at.UTC().Format("2006-01-02T15:04:05.000000Z"), officerID, action, caseID, detail})
	h := sha256.New()
	h.Write(prev)
	h.Write(canon)
	return h.Sum(nil)
}

// Audit appends an event inside tx. detail is marshalled to JSON; it must never hold case content.
func Audit(ctx context.Context, tx pgx.Tx, officerID *int64, action string, caseID *int64, detail any) error {
	d := "{}"
	if detail != nil {
		b, err := json.Marshal(detail)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		d = string(b)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", auditLock); err != nil {
		return fmt.Errorf("audit: lock: %w", err)
	}
	prev := make([]byte, 32)
	err := tx.QueryRow(ctx, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").Scan(&prev)
	if err != nil && err != pgx.ErrNoRows {
		return fmt.Errorf("audit: last hash: %w", err)
	}
	at := time.Now().UTC().Truncate(time.Microsecond)
	hash := auditHash(prev, at, officerID, action, caseID, d)
	_, err = tx.Exec(ctx, `INSERT INTO audit_log (at, officer_id, action, case_id, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, at, officerID, action, caseID, d, prev, hash)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditNow appends an event in its own transaction.
func AuditNow(ctx context.Context, db interface {
	Begin(context.Context) (pgx.Tx, error)
}, officerID *int64, action string, caseID *int64, detail any) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := Audit(ctx, tx, officerID, action, caseID, detail); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// AuditProblem is a row that breaks the chain.
type AuditProblem struct {
	ID     int64
	Reason string
}

// VerifyAudit walks the whole log and reports every row whose hash does not match its content, or
// whose link to the previous row is broken (a row changed, inserted or removed). It returns the count
// of rows and the head hash, which an operator can record elsewhere to detect a cut-off tail.
func VerifyAudit(ctx context.Context, db database.DB) (rows int, head []byte, problems []AuditProblem, err error) {
	r, err := db.Query(ctx, `SELECT id, at, officer_id, action, case_id, detail, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("audit verify: %w", err)
	}
	defer r.Close()
	prev := make([]byte, 32)
	for r.Next() {
		var e AuditEntry
		if err := r.Scan(&e.ID, &e.At, &e.OfficerID, &e.Action, &e.CaseID, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return rows, nil, nil, fmt.Errorf("audit verify: %w", err)
		}
		rows++
		if !bytes.Equal(e.PrevHash, prev) {
			problems = append(problems, AuditProblem{e.ID, "does not link to the row before it: a row was removed, inserted or changed"})
		}
		if !bytes.Equal(auditHash(e.PrevHash, e.At, e.OfficerID, e.Action, e.CaseID, e.Detail), e.Hash) {
			problems = append(problems, AuditProblem{e.ID, "its content does not match its hash: the row was changed"})
		}
		prev = e.Hash
	}
	return rows, prev, problems, r.Err()
}
