package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/portal/procurement/pcc"
)

// Role is what a party is to a process, for FindParties.
type Role string

const (
	RoleBuyer    Role = "buyer"
	RoleSupplier Role = "supplier"
)

// Party is a buyer or a supplier found by FindParties: its id and the name that matched.
type Party struct {
	ID    string `db:"id"`
	Name  string `db:"name"`
	Exact bool   `db:"exact"` // the name is the text, after folding
}

// MaxPartyText bounds the text FindParties looks up, in bytes: longer than any name.
const MaxPartyText = 400

// partyKey folds the text $2 as migration 025 folds names into name_key; partyPattern is the LIKE
// pattern of names that hold it, with LIKE's own characters escaped after folding (so that 100％,
// folded to 100%, finds itself). Both depend on $2 alone, so the trigram index can answer the LIKE.
const (
	partyKey     = `lower(replace(normalize($2::text, NFKC), '台', '臺'))`
	partyPattern = `('%' || replace(replace(replace(` + partyKey + `, '\', '\\'), '%', '\%'), '_', '\_') || '%')`
)

// FindParties returns up to limit buyers or suppliers whose id is text, whose code is text (an
// agency code or 統一編號 without its scheme, as people write them), or whose name holds text after
// folding (full-width as ASCII, lower case, 台 as 臺); the exact matches first, then the names that
// start with it, then the shorter names. Only holders that still have a process (buyers) or an award
// (suppliers) are returned, each once. text must be valid UTF-8 without NUL, as PostgreSQL's text is.
//
// It reads procurement_parties (migration 025), through its trigram index when text has three
// characters or more.
func FindParties(ctx context.Context, db database.DB, role Role, text string, limit int) ([]Party, error) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" || len(text) > MaxPartyText || limit < 1 {
		return nil, fmt.Errorf("%w: party lookup %q", ErrBadQuery, text)
	}
	var exists, scheme string
	switch role {
	case RoleBuyer:
		exists, scheme = `EXISTS (SELECT 1 FROM procurement_processes p WHERE p.buyer_id = m.id)`, pcc.SchemeAgency
	case RoleSupplier:
		exists, scheme = `EXISTS (SELECT 1 FROM procurement_awards a WHERE a.supplier_id = m.id)`, pcc.SchemeUBN
	default:
		return nil, fmt.Errorf("%w: party role %q", ErrBadQuery, role)
	}
	keys := []string{text, scheme + "-" + text}
	// Ranking a bounded number of matches keeps a small heap of them instead of sorting thousands; a
	// former holder (no process or award left) is rare, and when too many were among them, or none
	// matched, every match is ranked.
	bound := 4*limit + 10
	found, matches, err := findParties(ctx, db, exists, role, text, keys, limit, &bound)
	if err == nil && len(found) < limit && (len(found) == 0 || matches > bound) {
		found, _, err = findParties(ctx, db, exists, role, text, keys, limit, nil)
	}
	return found, err
}

// findParties runs FindParties' statement, ranking at most bound matches (all when nil); it also
// returns how many names matched.
func findParties(ctx context.Context, db database.DB, exists string, role Role, text string, keys []string,
	limit int, bound *int) ([]Party, int, error) {
	// Planned for each text (QueryExecModeExec): a generic plan cannot tell a two-character text,
	// which no trigram narrows (the index would be read whole), from a longer one. The matches are
	// ranked before the holders are checked, and only until limit holders are found: a short text
	// matches thousands of names, and checking each of them cost more than all the rest.
	rows, err := db.Query(ctx, `
WITH m AS (
    SELECT DISTINCT ON (id) id, name, name_key
    FROM procurement_parties
    WHERE role = $1 AND (name_key LIKE `+partyPattern+` ESCAPE '\' OR id = ANY ($3::text[]))
    ORDER BY id, name_key = `+partyKey+` DESC, length(name), name
), ranked AS (
    SELECT id, name, name_key = `+partyKey+` AS exact, id = ANY ($3::text[]) AS code,
        starts_with(name_key, `+partyKey+`) AS prefix, length(name) AS length, count(*) OVER () AS matches
    FROM m
    ORDER BY code DESC, exact DESC, prefix DESC, length, name, id
    LIMIT $5 -- also keeps the check below out of the ranking, which the outer ORDER BY then reuses
)
SELECT id, name, exact, matches FROM ranked m
WHERE `+exists+`
ORDER BY code DESC, exact DESC, prefix DESC, length, name, id
LIMIT $4`, pgx.QueryExecModeExec, string(role), text, keys, limit, bound)
	if err != nil {
		return nil, 0, fmt.Errorf("store: find parties: %w", err)
	}
	var found []Party
	var p Party
	var matches int
	_, err = pgx.ForEachRow(rows, []any{&p.ID, &p.Name, &p.Exact, &matches}, func() error {
		found = append(found, p)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: find parties: %w", err)
	}
	return found, matches, nil
}
