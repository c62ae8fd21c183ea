package auditlog

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"integrity-portal/internal/database"
)

// Problem is something that shows the log was changed: a row that breaks the chain, or a checkpoint
// the log no longer extends.
type Problem struct {
	Row    int64 // the row's position in the log, from 1; 0 when it is about the log as a whole
	ID     int64 // the row's id, 0 when there is no such row
	Reason string
}

func (p Problem) String() string {
	if p.Row == 0 {
		return p.Reason
	}
	return fmt.Sprintf("row %d (id %d): %s", p.Row, p.ID, p.Reason)
}

// Report is what Verify found.
type Report struct {
	Rows     int64
	Head     []byte // the last row's hash; HashSize zero bytes for an empty log
	Problems []Problem
}

// Intact reports whether nothing was found.
func (r Report) Intact() bool { return len(r.Problems) == 0 }

// Verify walks the whole log and reports every row whose hash does not match its content or whose
// link to the previous row is broken (a row changed, inserted or removed), and every checkpoint the
// log no longer extends: it has fewer rows than the checkpoint counted (rows removed from the end, or
// the table emptied), or the row the checkpoint ends at has another hash (the log rewritten, its
// hashes recomputed). Rows after the last checkpoint can only be checked by the chain.
func Verify(ctx context.Context, db database.DB, checkpoints []Checkpoint) (Report, error) {
	at := map[int64][]Checkpoint{}
	for _, c := range checkpoints {
		at[c.Rows] = append(at[c.Rows], c)
	}
	r, err := db.Query(ctx, `SELECT id, at, officer_id, action, case_id, detail, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return Report{}, fmt.Errorf("audit verify: %w", err)
	}
	defer r.Close()
	rep := Report{Head: make([]byte, HashSize)}
	var (
		id                int64
		when              time.Time
		officerID, caseID *int64
		action, detail    string
		prev, hash        []byte
	)
	for r.Next() {
		if err := r.Scan(&id, &when, &officerID, &action, &caseID, &detail, &prev, &hash); err != nil {
			return Report{}, fmt.Errorf("audit verify: %w", err)
		}
		rep.Rows++
		if !bytes.Equal(prev, rep.Head) {
			rep.Problems = append(rep.Problems, Problem{rep.Rows, id, "does not link to the row before it: a row was removed, inserted or changed"})
		}
		if !bytes.Equal(Hash(prev, when, officerID, action, caseID, detail), hash) {
			rep.Problems = append(rep.Problems, Problem{rep.Rows, id, "its content does not match its hash: the row was changed"})
		}
		for _, c := range at[rep.Rows] {
			if !bytes.Equal(c.Head, hash) {
				rep.Problems = append(rep.Problems, Problem{rep.Rows, id, fmt.Sprintf(
					"the checkpoint of %s ends here with hash %s, but the row's hash is %s: the log up to here was rewritten",
					stamp(c.At), hex.EncodeToString(c.Head), hex.EncodeToString(hash))})
			}
		}
		rep.Head = append(rep.Head[:0], hash...)
	}
	if err := r.Err(); err != nil {
		return Report{}, fmt.Errorf("audit verify: %w", err)
	}
	var short []Checkpoint
	for _, c := range checkpoints {
		if c.Rows > rep.Rows {
			short = append(short, c)
		}
	}
	sort.Slice(short, func(i, j int) bool { return short[i].Rows < short[j].Rows })
	for _, c := range short {
		rep.Problems = append(rep.Problems, Problem{Reason: fmt.Sprintf(
			"the log has %d rows, fewer than the %d of the checkpoint of %s: rows were removed from its end", rep.Rows, c.Rows, stamp(c.At))})
	}
	return rep, nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
