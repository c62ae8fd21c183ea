package store_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/portal/procurement/benchdb"
	"integrity-portal/portal/procurement/store"
)

// BenchmarkSearchPartyNames measures store.FindParties, the tender search's lookup of a buyer or a
// supplier by part of its name or by its code, over BENCH_PROCESSES (default 100,000) generated
// processes stored as an import stores them:
//
//	go test ./portal/procurement/store/ -run '^$' -bench SearchPartyNames -count 3
//
// Each lookup is one of a few hundred texts drawn from the stored names: two and three characters
// from inside a name, a whole name, a code without its scheme, and a name nobody has. "baseline"
// reads one process by its key, the cheapest statement there is, so that the lookups can be told
// as a ratio of it on a busy machine. Each reports its mean (ns/op) and its 95th percentile
// (p95-ms); issue #14 asks for at most 20 ms.
func BenchmarkSearchPartyNames(b *testing.B) {
	n := benchdb.Size(b)
	ctx := context.Background()
	start := time.Now()
	pool, _ := benchdb.Processes(b, n)
	var buyers, suppliers int
	if err := pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE role = 'buyer'), count(*) FILTER (WHERE role = 'supplier')
		FROM procurement_parties`).Scan(&buyers, &suppliers); err != nil {
		b.Fatal(err)
	}
	b.Logf("stored %d processes in %v: %d buyer and %d supplier names", n, time.Since(start).Round(time.Second), buyers, suppliers)

	texts := func(role store.Role) []string {
		rows, _ := pool.Query(ctx, `SELECT id, name FROM procurement_parties WHERE role = $1 ORDER BY id, name`, string(role))
		parties, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[store.Party])
		if err != nil || len(parties) == 0 {
			b.Fatalf("no %s names: %v", role, err)
		}
		r := rand.New(rand.NewPCG(7, 8))
		var out []string
		for range 300 {
			p := parties[r.IntN(len(parties))]
			name := []rune(p.Name)
			switch k := r.IntN(5); {
			case k < 2 && len(name) >= 3: // two or three characters from inside the name
				w := 2 + k
				i := r.IntN(len(name) - w + 1)
				out = append(out, string(name[i:i+w]))
			case k == 2:
				out = append(out, p.Name)
			case k == 3:
				out = append(out, p.ID[strings.LastIndex(p.ID, "-")+1:]) // TW-GOV-3.76.47 as 3.76.47
			default:
				out = append(out, "查無此名稱")
			}
		}
		return out
	}
	lookups := map[store.Role][]string{store.RoleBuyer: texts(store.RoleBuyer), store.RoleSupplier: texts(store.RoleSupplier)}
	var ocid string
	if err := pool.QueryRow(ctx, `SELECT ocid FROM procurement_processes LIMIT 1`).Scan(&ocid); err != nil {
		b.Fatal(err)
	}

	run := func(b *testing.B, op func(i int) error) {
		times := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := range b.N {
			t0 := time.Now()
			if err := op(i); err != nil {
				b.Fatal(err)
			}
			times = append(times, time.Since(t0))
		}
		b.StopTimer()
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	}
	b.Run("baseline", func(b *testing.B) {
		run(b, func(int) error {
			var title string
			return pool.QueryRow(ctx, `SELECT title FROM procurement_processes WHERE ocid = $1`, ocid).Scan(&title)
		})
	})
	for _, role := range []store.Role{store.RoleBuyer, store.RoleSupplier} {
		b.Run(string(role), func(b *testing.B) {
			l := lookups[role]
			run(b, func(i int) error {
				_, err := store.FindParties(ctx, pool, role, l[i%len(l)], 21)
				return err
			})
		})
	}
}
