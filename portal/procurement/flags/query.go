package flags

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// Flag is one raised flag: an indicator's code and value for a subject.
type Flag struct {
	Subject Subject `db:"subject_type"`
	Code    string  `db:"code"`
	Value   float64 `db:"value"`
}

// CodeCount is how many processes one indicator flagged among some set (a buyer's, a supplier's).
type CodeCount struct {
	Code      string `db:"code"`
	Processes int64  `db:"n"`
}

// Holder is what a buyer's or a supplier's page shows: the flags raised for it directly, and per
// indicator the number of its processes that are flagged.
type Holder struct {
	Own       []Flag
	Processes []CodeCount
}

// ForProcess returns the flags raised for a process, by code.
func ForProcess(ctx context.Context, db database.DB, ocid string) ([]Flag, error) {
	return collectFlags(ctx, db, `
SELECT subject_type, code, value FROM procurement_flags
WHERE subject_type = 'ocid' AND subject_id = $1 ORDER BY code`, ocid)
}

// ForBuyer returns the flags of a buyer (機關代碼): those raised for it as buyer or as procuring
// entity, and per indicator the number of its processes flagged.
func ForBuyer(ctx context.Context, db database.DB, buyerID string) (Holder, error) {
	own, err := collectFlags(ctx, db, `
SELECT subject_type, code, value FROM procurement_flags
WHERE subject_type IN ('buyer', 'procuring_entity') AND subject_id = $1 ORDER BY code, subject_type`, buyerID)
	if err != nil {
		return Holder{}, err
	}
	procs, err := collectCounts(ctx, db, `
SELECT code, count(*) AS n FROM procurement_flags
WHERE subject_type = 'ocid' AND buyer_id = $1 GROUP BY code ORDER BY code`, buyerID)
	return Holder{Own: own, Processes: procs}, err
}

// ForSupplier returns the flags of a tenderer or supplier (統一編號, as its id appears in the
// releases): those raised for it, and per indicator the number of flagged processes in which it
// is a supplier of a counted award.
func ForSupplier(ctx context.Context, db database.DB, id string) (Holder, error) {
	own, err := collectFlags(ctx, db, `
SELECT subject_type, code, value FROM procurement_flags
WHERE subject_type = 'tenderer' AND subject_id = $1 ORDER BY code`, id)
	if err != nil {
		return Holder{}, err
	}
	procs, err := collectCounts(ctx, db, `
SELECT f.code, count(*) AS n
FROM procurement_processes p
JOIN procurement_flags f ON f.subject_type = 'ocid' AND f.subject_id = p.ocid
WHERE p.supplier_ids @> ARRAY[$1::text]
GROUP BY f.code ORDER BY f.code`, id)
	return Holder{Own: own, Processes: procs}, err
}

func collectFlags(ctx context.Context, db database.DB, sql string, arg string) ([]Flag, error) {
	rows, err := db.Query(ctx, sql, arg)
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Flag])
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	return out, nil
}

func collectCounts(ctx context.Context, db database.DB, sql string, arg string) ([]CodeCount, error) {
	rows, err := db.Query(ctx, sql, arg)
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[CodeCount])
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	return out, nil
}
