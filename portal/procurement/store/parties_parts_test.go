package store

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/pcc"
)

// storeSuppliers gives each of names (id, name) an award of ocds-t-1, which makes it a holder.
func storeSuppliers(t *testing.T, pool *pgxpool.Pool, names [][2]string) {
	t.Helper()
	batch := &pgx.Batch{}
	for i, n := range names {
		batch.Queue(`INSERT INTO procurement_awards (ocid, award_id, supplier_id, supplier_name, supplier_count)
			VALUES ('ocds-t-1', $1, $2, $3, 1)`, "parts-"+string(rune('a'+i)), n[0], n[1])
	}
	if err := pool.SendBatch(context.Background(), batch).Close(); err != nil {
		t.Fatal(err)
	}
}

// The parts the lookup reads in turn (codes, exact names, names that start with the text, the
// others) list each holder once, in its place, and stop at the limit wherever it falls.
func TestFindPartiesParts(t *testing.T) {
	pool := setupSearch(t)
	ctx := context.Background()
	storeSuppliers(t, pool, [][2]string{
		{"TW-UBN-11110001", "永豐"},         // the text, and so also a name that starts with it
		{"TW-UBN-11110001", "老永豐行"},       // a longer former name of the same holder
		{"TW-UBN-11110002", "永豐營造"},       // starts with it
		{"TW-UBN-11110003", "永豐工程有限公司"},   // starts with it, but its other name is shorter:
		{"TW-UBN-11110003", "大永豐"},        // listed under this one, among the others
		{"TW-UBN-11110004", "臺灣永豐科技"},     // holds it
		{"TW-UBN-55555555", "五金行"},        // found by its code
		{"TW-UBN-11110005", "55555555工坊"}, // a name that starts with that code
	})
	// A former holder: its names are kept, its awards are not.
	if _, err := pool.Exec(ctx, `INSERT INTO procurement_parties (role, id, name) VALUES ('supplier', 'TW-UBN-11110006', '永豐舊行'),
		('supplier', 'TW-UBN-11110006', '永豐')`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text  string
		limit int
		want  []string
	}{
		{"永豐", 21, []string{"TW-UBN-11110001 永豐 (exact)", "TW-UBN-11110002 永豐營造", "TW-UBN-11110003 大永豐", "TW-UBN-11110004 臺灣永豐科技"}},
		{"永豐", 1, []string{"TW-UBN-11110001 永豐 (exact)"}},
		{"永豐", 2, []string{"TW-UBN-11110001 永豐 (exact)", "TW-UBN-11110002 永豐營造"}},
		{"永豐", 3, []string{"TW-UBN-11110001 永豐 (exact)", "TW-UBN-11110002 永豐營造", "TW-UBN-11110003 大永豐"}},
		{"永豐工程", 21, []string{"TW-UBN-11110003 永豐工程有限公司"}},
		{"豐行", 21, []string{"TW-UBN-11110001 老永豐行"}}, // its only name that holds the text
		{"55555555", 21, []string{"TW-UBN-55555555 五金行", "TW-UBN-11110005 55555555工坊"}},
		{"TW-UBN-55555555", 21, []string{"TW-UBN-55555555 五金行"}},
		{"55555555", 1, []string{"TW-UBN-55555555 五金行"}},
		{"舊行", 21, nil},
	} {
		got, err := FindParties(ctx, pool, RoleSupplier, c.text, c.limit)
		if err != nil || !slices.Equal(partyLines(got), c.want) {
			t.Errorf("FindParties(%q, %d) = %q, %v; want %q", c.text, c.limit, partyLines(got), err, c.want)
		}
		if want := rankedParties(t, pool, RoleSupplier, c.text, c.limit); !slices.Equal(c.want, want) {
			t.Errorf("%q, %d: the ranked order is %q", c.text, c.limit, want)
		}
	}
}

// Text PostgreSQL's text cannot hold, or that is no name, is refused before it is looked up; LIKE's
// own characters are looked up as themselves; one character, and a 統一編號 with or without its
// scheme, are looked up.
func TestFindPartiesHostileText(t *testing.T) {
	pool := setupSearch(t)
	ctx := context.Background()
	for _, text := range []string{"a\x00b", "\x00", "\xff\xfe", "臺中\xe8", strings.Repeat("臺", 10_000), "\u3000\t\n "} {
		for _, role := range []Role{RoleBuyer, RoleSupplier} {
			if got, err := FindParties(ctx, pool, role, text, 21); !errors.Is(err, ErrBadQuery) || got != nil {
				t.Errorf("FindParties(%s, %.20q) = %v, %v; want ErrBadQuery", role, text, got, err)
			}
		}
	}
	for _, text := range []string{"%%", "_%", `\%`, `%\`, "__", `\\`, `%_\`, "'", strings.Repeat("%", MaxPartyText)} {
		for _, role := range []Role{RoleBuyer, RoleSupplier} {
			if got, err := FindParties(ctx, pool, role, text, 21); err != nil || got != nil {
				t.Errorf("FindParties(%s, %.20q) = %v, %v; want nothing", role, text, got, err)
			}
		}
	}
	for _, c := range []struct {
		role Role
		text string
		want string
	}{
		{RoleBuyer, "館", "3.76.99 台中市立圖書館"},
		{RoleSupplier, "8", "12345678 廠商12345678"},
		{RoleSupplier, "12345678", "12345678 廠商12345678"},
		{RoleSupplier, pcc.SchemeUBN + "-12345678", ""}, // stored without the scheme: not this id
	} {
		got, err := FindParties(ctx, pool, c.role, c.text, 21)
		if err != nil || (c.want == "") != (len(got) == 0) || len(got) > 0 && got[0].ID+" "+got[0].Name != c.want {
			t.Errorf("FindParties(%s, %q) = %v, %v; want %q first", c.role, c.text, got, err, c.want)
		}
	}
}

// Among many suppliers, each part of the lookup reads a few names past those it returns: for a text
// most names hold (one character, two, which no trigram narrows, or more), the planner must walk
// the names in order and stop, not sort them all and check each holder first.
func TestFindPartiesWalkIsBounded(t *testing.T) {
	pool := setupSearch(t)
	ctx := context.Background()
	owner := testdb.AsOwner(t, pool)
	if _, err := owner.Exec(ctx, `INSERT INTO procurement_awards (ocid, award_id, supplier_id, supplier_name, supplier_count)
		SELECT 'ocds-t-1', 'many-' || i, 'TW-UBN-' || (20000000 + i), '廠商' || i || '有限公司', 1 FROM generate_series(1, 3000) AS i;
		ANALYZE procurement_parties`); err != nil {
		t.Fatal(err)
	}
	st, err := partyStatements(RoleSupplier)
	if err != nil {
		t.Fatal(err)
	}
	// The names that hold a rare text are found through the trigram index, or on so small a table by
	// reading it: only the first part is bounded for those.
	for _, text := range []string{"有限", "有限公司", "限", "商1", "1", "20000001", "查無此名稱"} {
		keys := []string{text, st.scheme + "-" + text}
		statements := []string{st.first, st.rest}
		if text == "20000001" || text == "查無此名稱" {
			statements = statements[:1]
		}
		for part, statement := range statements {
			var plan []map[string]any
			if err := pool.QueryRow(ctx, "EXPLAIN (ANALYZE, FORMAT JSON) "+statement, pgx.QueryExecModeExec, text, keys, 21).Scan(&plan); err != nil {
				t.Fatal(err)
			}
			if read := namesRead(plan[0]["Plan"].(map[string]any)); read > 300 {
				b, _ := json.Marshal(plan)
				t.Errorf("%q, part %d: read %v names of 3,000: %s", text, part+1, read, b)
			}
		}
	}
}

// namesRead is how many rows the scans of procurement_parties in a JSON plan read (those they
// returned and those their filter removed), other than the per-name checks.
func namesRead(node map[string]any) float64 {
	if node["Parent Relationship"] == "SubPlan" {
		return 0
	}
	var n float64
	if node["Relation Name"] == "procurement_parties" {
		num := func(k string) float64 { f, _ := node[k].(float64); return f }
		n = (num("Actual Rows") + num("Rows Removed by Filter") + num("Rows Removed by Index Recheck")) * num("Actual Loops")
	}
	children, _ := node["Plans"].([]any)
	for _, c := range children {
		n += namesRead(c.(map[string]any))
	}
	return n
}
