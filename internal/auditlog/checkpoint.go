package auditlog

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// Checkpoint is the log's row count and head hash at a moment. It holds no content.
type Checkpoint struct {
	At   time.Time `json:"at"`   // when it was made, to the second, UTC
	Rows int64     `json:"rows"` // how many rows the log had
	Head HexHash   `json:"head"` // the hash of the last of them
}

// HexHash is a row's hash, written in hexadecimal.
type HexHash []byte

// MarshalText writes the hash in lower-case hexadecimal.
func (h HexHash) MarshalText() ([]byte, error) { return []byte(hex.EncodeToString(h)), nil }

// UnmarshalText reads a hash written in hexadecimal; it must be HashSize bytes.
func (h *HexHash) UnmarshalText(b []byte) error {
	d, err := hex.DecodeString(string(b))
	if err != nil || len(d) != HashSize {
		return fmt.Errorf("head %q is not %d bytes in hexadecimal", b, HashSize)
	}
	*h = d
	return nil
}

// Beginner opens transactions: a pool.
type Beginner interface {
	Begin(context.Context) (pgx.Tx, error)
}

// Make adds a checkpoint covering every row so far, unless the log is empty or the latest checkpoint
// already covers every row; made says whether it added one, and c is the checkpoint that covers the
// log (the zero Checkpoint for an empty log).
func Make(ctx context.Context, db Beginner) (c Checkpoint, made bool, err error) {
	err = pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		// Under the appenders' lock, so the count and the head are of the same rows.
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", Lock); err != nil {
			return err
		}
		var head []byte
		err := tx.QueryRow(ctx, `SELECT count(*), (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) FROM audit_log`).Scan(&c.Rows, &head)
		if err != nil || c.Rows == 0 {
			return err
		}
		c.Head = head
		var last Checkpoint
		err = tx.QueryRow(ctx, `SELECT at, rows, head FROM audit_checkpoints ORDER BY id DESC LIMIT 1`).Scan(&last.At, &last.Rows, (*[]byte)(&last.Head))
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if err == nil && last.Rows == c.Rows && bytes.Equal(last.Head, c.Head) {
			c = last
			return nil
		}
		made = true
		return tx.QueryRow(ctx, `INSERT INTO audit_checkpoints (at, rows, head) VALUES (date_trunc('second', now()), $1, $2) RETURNING at`,
			c.Rows, []byte(c.Head)).Scan(&c.At)
	})
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("audit checkpoint: %w", err)
	}
	c.At = c.At.UTC()
	return c, made, nil
}

// List returns every checkpoint, the oldest first.
func List(ctx context.Context, db database.DB) ([]Checkpoint, error) {
	rows, _ := db.Query(ctx, `SELECT at, rows, head FROM audit_checkpoints ORDER BY id`)
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Checkpoint, error) {
		var c Checkpoint
		err := r.Scan(&c.At, &c.Rows, (*[]byte)(&c.Head))
		c.At = c.At.UTC()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("audit checkpoints: %w", err)
	}
	return list, nil
}
