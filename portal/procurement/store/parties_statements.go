package store

import (
	"fmt"

	"integrity-portal/portal/procurement/pcc"
)

// partyKey folds the text $1 as migration 025 folds names into name_key; partyPattern is the LIKE
// pattern of names that hold it and partyPrefix of names that start with it, with LIKE's own
// characters escaped after folding (so that 100％, folded to 100%, finds itself). They depend on $1
// alone, so each is a constant when planned: the trigram index can answer the one and the prefix
// index (migration 034) the other.
const (
	partyKey     = `lower(replace(normalize($1::text, NFKC), '台', '臺'))`
	partyEscaped = `replace(replace(replace(` + partyKey + `, '\', '\\'), '%', '\%'), '_', '\_')`
	partyPattern = `('%' || ` + partyEscaped + ` || '%')`
	partyPrefix  = `(` + partyEscaped + ` || '%')`
)

// partyQueries are FindParties' statements for one role: $1 is the text, $2 the ids it may be (as
// typed, and with the role's scheme), $3 how many holders are still wanted. Each returns id, name
// and whether the name is the text, in the lookup's order.
type partyQueries struct {
	scheme string
	// first reads the holders whose id is one of $2 (under their name that is the text, else their
	// shortest), then the names that are the text, then the names that start with it; rest reads
	// the other names that hold the text.
	first, rest string
}

var partyStatementsOf = map[Role]partyQueries{
	RoleBuyer:    newPartyQueries(RoleBuyer, pcc.SchemeAgency, `procurement_processes p WHERE p.buyer_id = m.id`),
	RoleSupplier: newPartyQueries(RoleSupplier, pcc.SchemeUBN, `procurement_awards a WHERE a.supplier_id = m.id`),
}

func partyStatements(role Role) (partyQueries, error) {
	st, ok := partyStatementsOf[role]
	if !ok {
		return st, fmt.Errorf("%w: party role %q", ErrBadQuery, role)
	}
	return st, nil
}

// newPartyQueries writes the statements of role, whose holders are those with a row in holders.
//
// Each part reads its names in the lookup's order and stops at $3 holders, so that no step sorts the
// thousands of names a two-character text matches: the exact names and those that start with the
// text from the prefix index, the other names from the length index in its order (or from the
// trigram index, then sorted, when the planner expects few to hold the text). Whether a name is its
// holder's first (best) and whether the holder still has a process or an award (holder) are checked
// as each name comes out of that order, by the primary key and the holders' index: OFFSET 0 keeps
// the checks out of the reading, where they would be made on every match before the sort. They are
// scalar subqueries, which the planner cannot turn into a join that reads every award, written as IS
// NOT NULL and IS NOT TRUE because the planner guesses that most rows pass those (but that 0.5% pass
// IS NULL, and would then plan to read every match, sorted, for the few holders it expects).
func newPartyQueries(role Role, scheme, holders string) partyQueries {
	r := `'` + string(role) + `'`
	// A holder is listed under its first name in the order exact, then shorter, then name; a name
	// that has a better one of the same holder among the matches is skipped.
	checks := `(SELECT true FROM ` + holders + ` LIMIT 1) IS NOT NULL
        AND (SELECT true FROM procurement_parties o
            WHERE o.role = ` + r + ` AND o.id = m.id AND o.name_key LIKE ` + partyPattern + ` ESCAPE '\'
                AND (o.name_key <> ` + partyKey + `, length(o.name), o.name) < (m.name_key <> ` + partyKey + `, length(m.name), m.name)
            LIMIT 1) IS NOT TRUE`
	// walk reads the names that pass where, other than the holders of the ids typed, in the order
	// shorter, then name, then id, and keeps the first $3 that pass the checks, in that order: the
	// scan of the subquery only filters its rows (an ORDER BY there would make the planner read
	// every match to sort them, as if the limit were not there).
	walk := func(columns, where string) string {
		return `SELECT ` + columns + ` FROM (
        SELECT id, name, name_key FROM procurement_parties
        WHERE role = ` + r + ` AND ` + where + ` AND id <> ALL ($2::text[])
        ORDER BY length(name), name, id
        OFFSET 0
    ) m
    WHERE ` + checks + `
    LIMIT $3`
	}
	first := `SELECT id, name, exact FROM ((
    SELECT true AS code, id, name, name_key = ` + partyKey + ` AS exact, starts_with(name_key, ` + partyKey + `) AS prefix,
        length(name) AS length
    FROM (
        SELECT DISTINCT ON (id) id, name, name_key FROM procurement_parties
        WHERE role = ` + r + ` AND id = ANY ($2::text[])
        ORDER BY id, name_key = ` + partyKey + ` DESC, length(name), name
    ) m
    WHERE (SELECT true FROM ` + holders + ` LIMIT 1) IS NOT NULL
) UNION ALL (
    ` + walk(`false, id, name, true, true, length(name)`, `name_key = `+partyKey) + `
) UNION ALL (
    ` + walk(`false, id, name, false, true, length(name)`, `name_key LIKE `+partyPrefix+` ESCAPE '\' AND name_key <> `+partyKey) + `
)) f
ORDER BY code DESC, exact DESC, prefix DESC, length, name, id
LIMIT $3`
	rest := walk(`id, name, false`, `name_key LIKE `+partyPattern+` ESCAPE '\' AND NOT starts_with(name_key, `+partyKey+`)`)
	return partyQueries{scheme: scheme, first: first, rest: rest}
}
