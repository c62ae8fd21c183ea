package csvimport

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/pcc"
	"integrity-portal/portal/procurement/store"
)

const twpcc = "ocds-twpcc" // the prefix cmd/portal uses by default

func importString(t *testing.T, pool *pgxpool.Pool, s string, enc Encoding) (*Result, error) {
	t.Helper()
	return Import(context.Background(), pool, strings.NewReader(s), "test.csv", Options{Encoding: enc, OCIDPrefix: twpcc})
}

// counts returns the rows of the three procurement tables.
func counts(t *testing.T, pool *pgxpool.Pool) [3]int {
	t.Helper()
	var c [3]int
	err := pool.QueryRow(context.Background(), `SELECT
	    (SELECT count(*) FROM procurement_releases), (SELECT count(*) FROM procurement_processes),
	    (SELECT count(*) FROM procurement_awards)`).Scan(&c[0], &c[1], &c[2])
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func search(t *testing.T, pool *pgxpool.Pool, q store.Query) store.Page {
	t.Helper()
	p, err := store.Search(context.Background(), pool, q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return p
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestImportEndToEnd(t *testing.T) {
	pool := testdb.New(t)
	sample := sampleCSV(t)
	res, err := importString(t, pool, sample, Auto)
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Saved; s.Inserted != 4 || s.ProcessesCreated != 4 || res.Problems != 0 {
		t.Fatalf("first import: %+v, %d problems", s, res.Problems)
	}
	if c := counts(t, pool); c != [3]int{4, 4, 5} {
		t.Fatalf("releases, processes, award rows = %v; want 4, 4, 5 (1 + 2 joint suppliers + 2 awards)", c)
	}

	// Search finds the imported processes, with their columns.
	if p := search(t, pool, store.Query{Keyword: "臺中"}); p.Total != 4 {
		t.Errorf("keyword 臺中: %d processes, want 4", p.Total)
	}
	p := search(t, pool, store.Query{Keyword: "道路維護"})
	if len(p.Items) != 1 {
		t.Fatalf("keyword 道路維護: %d processes", len(p.Items))
	}
	road := p.Items[0]
	wantDate := time.Date(2024, 2, 1, 0, 0, 0, 0, pcc.Taipei)
	if road.OCID != "ocds-twpcc-3.76.47-1130105A" || deref(road.BuyerID) != "TW-GOV-3.76.47" || road.BuyerName != "臺中市政府建設局" ||
		deref(road.TenderValue) != "12000000" || deref(road.AwardValue) != "11500000" || deref(road.AwardCurrency) != "TWD" ||
		deref(road.Method) != "open" || deref(road.MethodDetails) != "公開招標" || deref(road.Category) != "works" ||
		deref(road.NumberOfTenderers) != int32(3) || road.AwardDate == nil || !road.AwardDate.Equal(wantDate) ||
		!slices.Equal(road.SupplierIDs, []string{"TW-UBN-12345678"}) {
		t.Errorf("道路維護: %+v", road)
	}
	p = search(t, pool, store.Query{SupplierID: "TW-UBN-04595257"})
	if len(p.Items) != 1 || p.Items[0].Title != "智慧城市資料平臺建置" ||
		!slices.Equal(p.Items[0].SupplierIDs, []string{"TW-UBN-04595257", "TW-UBN-87654321"}) || deref(p.Items[0].AwardValue) != "8800000" {
		t.Errorf("joint bid by supplier: %+v", p.Items)
	}
	p = search(t, pool, store.Query{Keyword: "圖書", Method: "selective", Category: "goods"})
	if len(p.Items) != 1 || deref(p.Items[0].AwardValue) != "2850000" || len(p.Items[0].SupplierIDs) != 2 {
		t.Errorf("two awards (1,200,000 + 1,650,000): %+v", p.Items)
	}
	p = search(t, pool, store.Query{Keyword: "回收車"})
	if len(p.Items) != 1 || p.Items[0].AwardValue != nil || deref(p.Items[0].TenderValue) != "980000" || p.Items[0].Status != nil {
		t.Errorf("tender without award: %+v", p.Items)
	}

	// Importing again, in UTF-8 or in Big5, changes nothing.
	for _, again := range []struct {
		name, file string
	}{{"same file", sample}, {"with BOM", "\ufeff" + sample}, {"Big5", toBig5(t, sample)}} {
		res, err := importString(t, pool, again.file, Auto)
		if err != nil {
			t.Fatalf("%s: %v", again.name, err)
		}
		if s := res.Saved; s.Unchanged != 4 || s.Inserted != 0 || s.Updated != 0 || s.ProcessesCreated != 0 || s.ProcessesUpdated != 0 {
			t.Errorf("%s: %+v, want 4 unchanged and nothing else", again.name, s)
		}
		if c := counts(t, pool); c != [3]int{4, 4, 5} {
			t.Errorf("%s: rows %v, want 4, 4, 5", again.name, c)
		}
	}

	// A corrected file replaces the process's CSV release instead of adding one.
	corrected := strings.Replace(sample, `"11,500,000"`, `"11,400,000"`, 1)
	res, err = importString(t, pool, corrected, Auto)
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Saved; s.Updated != 1 || s.Unchanged != 3 || s.ProcessesUpdated != 1 || s.Inserted != 0 {
		t.Errorf("correction: %+v, want 1 replaced, 3 unchanged", s)
	}
	if p := search(t, pool, store.Query{Keyword: "道路維護"}); len(p.Items) != 1 || deref(p.Items[0].AwardValue) != "11400000" {
		t.Errorf("after the correction: %+v", p.Items)
	}
	if c := counts(t, pool); c != [3]int{4, 4, 5} {
		t.Errorf("after the correction: rows %v, want 4, 4, 5", c)
	}
}

// TestImportRejectedStoresNothing imports bad files: each is refused whole, even where its first
// rows are good or correct a stored process.
func TestImportRejectedStoresNothing(t *testing.T) {
	pool := testdb.New(t)
	sample := sampleCSV(t)
	big5 := toBig5(t, sample)
	goodRows := strings.Join(strings.Split(sample, "\n")[1:], "\n") // rows without the header
	bad := []struct {
		name     string
		file     string
		enc      Encoding
		rejected bool // rows rejected (ErrRejected), rather than the file unreadable
	}{
		{"Big5 declared UTF-8", big5, UTF8, false},
		{"truncated", sample + "NEW-1,3.76.47,臺中市政府建設局,新案", Auto, true},
		{"truncated in quotes", sample + `NEW-1,3.76.47,"臺中市政府建設局`, Auto, true},
		{"wrong type", sample + with(iCase, "NEW-1", iTenderers, "三家") + "\n", Auto, true},
		{"huge number", sample + with(iCase, "NEW-1", iAwardValue, "99999999999999999999") + "\n", Auto, true},
		{"negative", sample + with(iCase, "NEW-1", iTenderValue, "-5") + "\n", Auto, true},
		{"ROC 113/02/30", sample + with(iCase, "NEW-1", iAwardDate, "113/02/30") + "\n", Auto, true},
		{"conflicting duplicate ocid", sample + with(iCase, "NEW-1") + "\n" + with(iCase, "NEW-1", iTitle, "別的標案") + "\n", Auto, true},
		{"unknown column", strings.Replace(sample, "得標廠商\n", "得標廠商,備註\n", 1), Auto, false},
	}
	for _, c := range bad {
		res, err := importString(t, pool, c.file, c.enc)
		if err == nil || errors.Is(err, ErrRejected) != c.rejected {
			t.Errorf("%s: error %v", c.name, err)
		}
		if c.rejected && (res == nil || len(res.Rejections) == 0 || res.Rejections[0].Line == 0) {
			t.Errorf("%s: no rejection listed with its line: %+v", c.name, res)
		}
		if got := counts(t, pool); got != [3]int{} {
			t.Fatalf("%s: rows %v stored from a rejected file", c.name, got)
		}
	}

	// With the sample stored, a file correcting one process but holding a bad row changes nothing.
	if _, err := importString(t, pool, sample, Auto); err != nil {
		t.Fatal(err)
	}
	fix := zhHeader + "\n" + strings.Replace(goodRows, `"11,500,000"`, `"1"`, 1) + with(iCase, "NEW-1", iAwardDate, "113/02/30") + "\n"
	if _, err := importString(t, pool, fix, Auto); !errors.Is(err, ErrRejected) {
		t.Fatalf("correction with a bad row: %v", err)
	}
	if p := search(t, pool, store.Query{Keyword: "道路維護"}); len(p.Items) != 1 || deref(p.Items[0].AwardValue) != "11500000" {
		t.Errorf("a rejected file changed a stored process: %+v", p.Items)
	}
	if c := counts(t, pool); c != [3]int{4, 4, 5} {
		t.Errorf("rows %v after a rejected file, want 4, 4, 5", c)
	}
}

// TestImportMergesWithNotices imports the CSV rows of a procurement whose notices are stored: they
// share its ocid and party ids, so they are one process with one party per organisation.
func TestImportMergesWithNotices(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	f, err := os.Open(filepath.Join(testdata.Dir(t, "pcc"), "pcc-api_tender_3.79.56_1080107MH.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	notices, _, err := pcc.ReadNotices(f)
	if err != nil {
		t.Fatal(err)
	}
	var rels []ocds.Release
	for _, n := range notices {
		r, err := pcc.ToRelease(n, twpcc)
		if err != nil {
			t.Fatal(err)
		}
		rels = append(rels, r)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := store.Save(ctx, tx, rels, "notices.json")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	const title = "108年度臺北市健康公共住宅暨洲美、新興、大湖朕寶公共住宅戶委託管理維護案"
	row := "1080107MH,3.79.56,臺北市政府都市發展局," + title + ",限制性招標(經公開評選或公開徵求),勞務,\"25,775,360\",108/01/16,,3,,108/03/21,\"25,420,000\","
	file := zhHeader + "\n" + row + "70576576,中工公寓大廈管理維護有限公司\n" + row + "89486759,中工保全股份有限公司\n"
	res, err := importString(t, pool, file, Auto)
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Saved; s.Inserted != 1 || s.ProcessesCreated != 0 || s.ProcessesUpdated != 1 {
		t.Errorf("saved %+v, want one release added to the existing process", s)
	}
	var count int
	var parties []string
	err = pool.QueryRow(ctx, `
SELECT release_count, ARRAY(SELECT p->>'id' FROM jsonb_array_elements(compiled->'parties') p ORDER BY 1)
FROM procurement_processes WHERE ocid = $1`, "ocds-twpcc-3.79.56-1080107MH").Scan(&count, &parties)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"TW-GOV-3.79.56", "TW-UBN-28704347", "TW-UBN-70576576", "TW-UBN-80566669", "TW-UBN-89486759"}
	if count != 3 || !slices.Equal(parties, want) {
		t.Errorf("%d releases, parties %v; want 3 and %v", count, parties, want)
	}
	if c := counts(t, pool); c[1] != 1 {
		t.Errorf("%d processes, want 1", c[1])
	}
}
