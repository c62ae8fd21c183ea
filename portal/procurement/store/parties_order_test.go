package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/pcc"
)

// rankedParties is the lookup as one statement that ranks every matching name, as FindParties did
// before it read its parts in order: the order FindParties must keep.
func rankedParties(t *testing.T, pool *pgxpool.Pool, role Role, text string, limit int) []string {
	t.Helper()
	text = strings.Join(strings.Fields(text), " ")
	exists, scheme := `EXISTS (SELECT 1 FROM procurement_processes p WHERE p.buyer_id = m.id)`, pcc.SchemeAgency
	if role == RoleSupplier {
		exists, scheme = `EXISTS (SELECT 1 FROM procurement_awards a WHERE a.supplier_id = m.id)`, pcc.SchemeUBN
	}
	key := `lower(replace(normalize($2::text, NFKC), '台', '臺'))`
	pattern := `('%' || replace(replace(replace(` + key + `, '\', '\\'), '%', '\%'), '_', '\_') || '%')`
	rows, _ := pool.Query(context.Background(), `
WITH m AS (
    SELECT DISTINCT ON (id) id, name, name_key
    FROM procurement_parties
    WHERE role = $1 AND (name_key LIKE `+pattern+` ESCAPE '\' OR id = ANY ($3::text[]))
    ORDER BY id, name_key = `+key+` DESC, length(name), name
), ranked AS (
    SELECT id, name, name_key = `+key+` AS exact, id = ANY ($3::text[]) AS code,
        starts_with(name_key, `+key+`) AS prefix, length(name) AS length
    FROM m
)
SELECT id || ' ' || name || CASE WHEN exact THEN ' (exact)' ELSE '' END FROM ranked m
WHERE `+exists+`
ORDER BY code DESC, exact DESC, prefix DESC, length, name, id
LIMIT $4`, string(role), text, []string{text, scheme + "-" + text}, limit)
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("ranked %s %q: %v", role, text, err)
	}
	return out
}

func partyLines(found []Party) []string {
	var out []string
	for _, p := range found {
		line := p.ID + " " + p.Name
		if p.Exact {
			line += " (exact)"
		}
		out = append(out, line)
	}
	return out
}

// storeParties stores buyers and suppliers whose names are made of a few common pieces, so that a
// text is the name of some, starts others and is inside others again: each holder with up to three
// names (former ones are kept), a code with its scheme or without, and some without a process or an
// award left. It returns texts to look up: names, their starts and parts, and codes.
func storeParties(t *testing.T, pool *pgxpool.Pool, holders int) []string {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(14, 2))
	pieces := []string{"臺中", "台中", "中市", "大安", "永豐", "建設", "工程", "有限", "公司", "股份", "營造",
		"科技", "行", "１００％", "100%", "_", "Ａ", "a", "b", "局"}
	name := func() string {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	var texts []string
	batch := &pgx.Batch{}
	for i := range holders {
		buyer := fmt.Sprintf("%s-3.76.%d", pcc.SchemeAgency, i)
		supplier := fmt.Sprintf("%s-%08d", pcc.SchemeUBN, 10_000_000+i)
		if i%7 == 0 {
			supplier = fmt.Sprintf("%08d", 10_000_000+i) // stored without its scheme
		}
		ocid := fmt.Sprintf("ocds-order-%d", i)
		first := name()
		batch.Queue(`INSERT INTO procurement_processes (ocid, compiled, release_count, release_date, process_date, buyer_id, buyer_name)
			VALUES ($1, '{}', 1, now(), now(), $2, $3)`, ocid, buyer, first)
		batch.Queue(`INSERT INTO procurement_awards (ocid, award_id, supplier_id, supplier_name, supplier_count)
			VALUES ($1, '1', $2, $3, 1)`, ocid, supplier, first)
		for range r.IntN(3) { // former names
			batch.Queue(`INSERT INTO procurement_parties (role, id, name) VALUES ('buyer', $1, $3), ('supplier', $2, $3)
				ON CONFLICT DO NOTHING`, buyer, supplier, name())
		}
		if i%9 == 4 { // a former holder: no process or award left, only its names
			batch.Queue(`DELETE FROM procurement_processes WHERE ocid = $1`, ocid)
		}
		runes := []rune(first)
		texts = append(texts, first, string(runes[:1+r.IntN(len(runes))]), buyer, strings.TrimPrefix(buyer, pcc.SchemeAgency+"-"),
			strings.TrimPrefix(supplier, pcc.SchemeUBN+"-"))
		if len(runes) >= 3 {
			j := r.IntN(len(runes) - 2)
			texts = append(texts, string(runes[j:j+2]), string(runes[j:j+3]))
		}
	}
	if err := pool.SendBatch(ctx, batch).Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := testdb.AsOwner(t, pool).Exec(ctx, `ANALYZE procurement_parties`); err != nil {
		t.Fatal(err)
	}
	texts = append(texts, pieces...)
	slices.Sort(texts)
	return slices.Compact(texts)
}

// The lookup lists what ranking every matching name lists, in the same order and under the same
// names, whatever the text and the limit: a name that is the text and starts it, a holder whose
// names fall in several parts, former names and former holders, and a limit reached in any part.
func TestFindPartiesKeepsTheRankedOrder(t *testing.T) {
	pool := setupSearch(t)
	ctx := context.Background()
	texts := storeParties(t, pool, 60)
	compared := 0
	for _, role := range []Role{RoleBuyer, RoleSupplier} {
		for i, text := range texts {
			for _, limit := range []int{1, 2, 5, 21} {
				if i%4 != 0 && limit != 21 {
					continue
				}
				got, err := FindParties(ctx, pool, role, text, limit)
				if err != nil {
					t.Fatalf("FindParties(%s, %q, %d): %v", role, text, limit, err)
				}
				want := rankedParties(t, pool, role, text, limit)
				if !slices.Equal(partyLines(got), want) {
					t.Errorf("FindParties(%s, %q, %d) =\n%q, want\n%q", role, text, limit, partyLines(got), want)
				}
				if len(want) > 0 {
					compared++
				}
			}
		}
	}
	t.Logf("%d texts, %d compared", len(texts), compared)
	if compared < 400 {
		t.Errorf("only %d lookups found anything", compared)
	}
}
