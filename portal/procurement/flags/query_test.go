package flags

import (
	"context"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
)

// queryData: q-1 is a two-day open tender with one bidder (R003, R018) whose buyer B1 and
// procuring entity P1 disqualified half the bids (R038); D1 was disqualified in both of its bids
// (R038 as tenderer); q-2 raises nothing; S1 won q-1 and q-2.
const queryData = `{"ocid":"q-1","date":"2024-01-01T00:00:00Z","buyer":{"id":"B1","name":"機關一"},"tender":{"procurementMethod":"open","procurementMethodDetails":"公開招標","numberOfTenderers":1,"procuringEntity":{"id":"P1"},"tenderPeriod":{"startDate":"2024-01-01T00:00:00+08:00","endDate":"2024-01-03T17:00:00+08:00"}},"bids":{"details":[{"id":"1","status":"valid","tenderers":[{"id":"S1"}]},{"id":"2","status":"disqualified","tenderers":[{"id":"D1"}]}]},"awards":[{"id":"1","status":"active","suppliers":[{"id":"S1","name":"廠商一"}]}]}
{"ocid":"q-2","date":"2024-02-01T00:00:00Z","buyer":{"id":"B1","name":"機關一"},"tender":{"procurementMethod":"open","procurementMethodDetails":"公開招標","numberOfTenderers":3,"tenderPeriod":{"startDate":"2024-02-01T00:00:00+08:00","endDate":"2024-02-21T17:00:00+08:00"}},"awards":[{"id":"1","status":"active","suppliers":[{"id":"S1","name":"廠商一"}]}]}
{"ocid":"q-3","date":"2024-03-01T00:00:00Z","buyer":{"id":"B2","name":"機關二"},"tender":{"procurementMethod":"limited","procurementMethodDetails":"限制性招標(未經公開評選或公開徵求)"},"bids":{"details":[{"id":"1","status":"valid","tenderers":[{"id":"S2"}]},{"id":"2","status":"disqualified","tenderers":[{"id":"D1"}]}]},"awards":[{"id":"1","status":"active","suppliers":[{"id":"S2"}]}]}
`

const querySettings = "currency = TWD\n[R003]\nthreshold = 4\n[R018]\n[R038]\nthreshold = 0.4\n"

func setupQueries(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := testdb.New(t)
	var rels []ocds.Release
	for _, line := range splitLines(queryData) {
		rels = append(rels, decode(t, line))
	}
	save(t, pool, rels)
	mustRecompute(t, pool, parseSettings(t, querySettings))
	return pool
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		if i > 0 {
			out = append(out, s[:i])
		}
		s = s[min(i+1, len(s)):]
	}
	return out
}

func TestQueries(t *testing.T) {
	pool := setupQueries(t)
	ctx := context.Background()
	check := func(name string, got, want any, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
		}
	}

	got, err := ForProcess(ctx, pool, "q-1")
	check("ForProcess(q-1)", got, []Flag{{SubjectProcess, "R003", 1}, {SubjectProcess, "R018", 1}}, err)
	got, err = ForProcess(ctx, pool, "q-2")
	check("ForProcess(q-2)", got, []Flag{}, err)

	h, err := ForBuyer(ctx, pool, "B1")
	check("ForBuyer(B1)", h, Holder{
		Own:       []Flag{{SubjectBuyer, "R038", 0.5}},
		Processes: []CodeCount{{"R003", 1}, {"R018", 1}},
	}, err)
	h, err = ForBuyer(ctx, pool, "P1")
	check("ForBuyer(P1), as procuring entity", h, Holder{
		Own: []Flag{{SubjectProcuringEntity, "R038", 0.5}}, Processes: []CodeCount{},
	}, err)
	h, err = ForSupplier(ctx, pool, "S1")
	check("ForSupplier(S1)", h, Holder{Own: []Flag{}, Processes: []CodeCount{{"R003", 1}, {"R018", 1}}}, err)
	h, err = ForSupplier(ctx, pool, "D1")
	check("ForSupplier(D1)", h, Holder{Own: []Flag{{SubjectTenderer, "R038", 1}}, Processes: []CodeCount{}}, err)

	counts, err := Counts(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]Count{}
	for _, c := range counts {
		byCode[c.Code] = c
	}
	if len(counts) != len(Catalogue) {
		t.Errorf("%d counts, want one per indicator (%d)", len(counts), len(Catalogue))
	}
	for code, want := range map[string]Count{
		"R003": {Code: "R003", Processes: 1},
		"R018": {Code: "R018", Processes: 1},
		"R038": {Code: "R038", Buyers: 2, ProcuringEntities: 1, Tenderers: 1},
		"R040": {Code: "R040", Buyers: 2},
		"R024": {Code: "R024"},
	} {
		if byCode[code] != want {
			t.Errorf("count of %s = %+v, want %+v", code, byCode[code], want)
		}
	}
}

func TestQueriesBeforeAnyRun(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	run, err := LastRun(ctx, pool)
	if err != nil || run != nil {
		t.Errorf("LastRun on an empty database = %+v, %v; want nil, nil", run, err)
	}
	counts, err := Counts(ctx, pool)
	if err != nil || len(counts) != len(Catalogue) || counts[0] != (Count{Code: Catalogue[0].Code}) {
		t.Errorf("Counts before any run = %+v, %v; want zeros", counts, err)
	}
	if got, err := ForProcess(ctx, pool, "x"); err != nil || len(got) != 0 {
		t.Errorf("ForProcess = %v, %v", got, err)
	}
}
