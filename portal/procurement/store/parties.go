package store

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
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

// FindParties returns up to limit buyers or suppliers whose id is text, whose code is text (an
// agency code or 統一編號 without its scheme, as people write them), or whose name holds text after
// folding (full-width as ASCII, lower case, 台 as 臺); the code matches first, then the exact
// matches, then the names that start with it, then the shorter names. Only holders that still have a
// process (buyers) or an award (suppliers) are returned, each once, under its name that is the text,
// else its shortest matching one. Text that is not valid UTF-8 or holds NUL, which PostgreSQL's text
// cannot, is refused as ErrBadQuery.
//
// It reads procurement_parties (migrations 025 and 034) in two statements, the second only when the
// first did not fill limit: the codes, the exact names and the names that start with text, then the
// other names that hold it.
func FindParties(ctx context.Context, db database.DB, role Role, text string, limit int) ([]Party, error) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" || len(text) > MaxPartyText || limit < 1 || !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
		return nil, fmt.Errorf("%w: party lookup %q", ErrBadQuery, text)
	}
	st, err := partyStatements(role)
	if err != nil {
		return nil, err
	}
	keys := []string{text, st.scheme + "-" + text}
	found, err := findParties(ctx, db, st.first, text, keys, limit, nil)
	if err != nil || len(found) == limit {
		return found, err
	}
	return findParties(ctx, db, st.rest, text, keys, limit, found)
}

// findParties runs one of FindParties' statements and appends what it finds to found, up to limit
// holders in all.
func findParties(ctx context.Context, db database.DB, statement, text string, keys []string, limit int, found []Party) ([]Party, error) {
	// Planned for each text (QueryExecModeExec): the folded text is then a constant, which the
	// prefix index can narrow to a range, and the planner can tell a two-character text that most
	// names hold (walk the names in order, stopping at limit) from a rare one (read the trigram
	// index, then sort the few it finds).
	rows, err := db.Query(ctx, statement, pgx.QueryExecModeExec, text, keys, limit-len(found))
	if err != nil {
		return nil, fmt.Errorf("store: find parties: %w", err)
	}
	var p Party
	_, err = pgx.ForEachRow(rows, []any{&p.ID, &p.Name, &p.Exact}, func() error {
		// The two statements see the database at different moments: a name added in between
		// could list its holder twice.
		if !containsParty(found, p.ID) {
			found = append(found, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: find parties: %w", err)
	}
	return found, nil
}

func containsParty(found []Party, id string) bool {
	for _, f := range found {
		if f.ID == id {
			return true
		}
	}
	return false
}
