package importer

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
	"golang.org/x/text/encoding/traditionalchinese"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/csvimport"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/pcc"
	"integrity-portal/portal/procurement/store"
)

// CSV files through File, as `portal import procurement` and the upload page import them. How
// cells and rows are read is tested in package csvimport; these tests check what is stored.

const (
	twpcc    = "ocds-twpcc" // the prefix cmd/portal uses by default
	zhHeader = "標案案號,機關代碼,機關名稱,標案名稱,招標方式,採購性質,預算金額,公告日期,截止投標,投標廠商家數,決標項次,決標日期,決標金額,得標廠商統一編號,得標廠商"
	enHeader = "case_number,buyer_id,buyer_name,title,procurement_method,category,tender_value,tender_start,tender_end,number_of_tenderers,award_id,award_date,award_value,supplier_id,supplier_name"
	// goodRow is a valid row of a process the sample does not hold, which bad files spoil a cell of.
	goodRow = "NEW-1,3.76.47,臺中市政府建設局,道路維護,公開招標,工程,1000000,113/01/05,113/01/22,3,,113/02/01,900000,12345678,大道營造"
)

// Field indexes of goodRow.
const (
	iCase = iota
	iBuyerID
	iBuyerName
	iTitle
	iMethod
	iCategory
	iTenderValue
	iTenderStart
	iTenderEnd
	iTenderers
	iAwardID
	iAwardDate
	iAwardValue
	iSupplierID
	iSupplierName
)

// with returns goodRow with fields set: index, value, index, value, …
func with(kv ...any) string {
	f := strings.Split(goodRow, ",")
	for i := 0; i < len(kv); i += 2 {
		f[kv[i].(int)] = kv[i+1].(string)
	}
	return strings.Join(f, ",")
}

// sampleCSV is csvimport's sample file: six rows under the Chinese header, of four processes (one
// joint bid, one process with two awards, one tender without an award), five award rows in all.
func sampleCSV(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "csvimport", "testdata", "sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func toBig5(t *testing.T, s string) string {
	t.Helper()
	b, err := traditionalchinese.Big5.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("big5: %v", err)
	}
	return b
}

func importCSV(t *testing.T, pool *pgxpool.Pool, s string, enc csvimport.Encoding) (*Report, error) {
	t.Helper()
	return File(context.Background(), pool, strings.NewReader(s), "test.csv", Options{Encoding: enc, OCIDPrefix: twpcc})
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

// TestCSVImportEndToEnd imports the sample, checks the stored processes, then imports it again in
// other encodings and with English headers (nothing changes), and a correction (one process changes).
func TestCSVImportEndToEnd(t *testing.T) {
	pool := testdb.New(t)
	sample := sampleCSV(t)
	rep, err := importCSV(t, pool, sample, csvimport.Auto)
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Saved; !rep.Stored || rep.Format != "csv" || rep.Encoding != "utf-8" || rep.Releases != 4 ||
		s.Inserted != 4 || s.ProcessesCreated != 4 || rep.RejectedTotal != 0 {
		t.Fatalf("first import: %+v", rep)
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

	// Importing again, in UTF-8 or in Big5, under Chinese or English headers, changes nothing.
	en := enHeader + sample[strings.IndexByte(sample, '\n'):]
	for _, again := range []struct {
		name, file string
		enc        csvimport.Encoding
		read       string // the encoding the report names
	}{
		{"same file", sample, csvimport.Auto, "utf-8"},
		{"with BOM", "\ufeff" + sample, csvimport.Auto, "utf-8"},
		{"Big5", toBig5(t, sample), csvimport.Auto, "big5"},
		{"Big5 declared", toBig5(t, sample), csvimport.Big5, "big5"},
		{"English headers", en, csvimport.UTF8, "utf-8"},
		{"English headers in Big5", toBig5(t, en), csvimport.Auto, "big5"},
	} {
		rep, err := importCSV(t, pool, again.file, again.enc)
		if err != nil {
			t.Fatalf("%s: %v", again.name, err)
		}
		if s := rep.Saved; !rep.Stored || rep.Encoding != again.read ||
			s.Unchanged != 4 || s.Inserted != 0 || s.Updated != 0 || s.ProcessesCreated != 0 || s.ProcessesUpdated != 0 {
			t.Errorf("%s: %+v, want 4 unchanged and nothing else, read as %s", again.name, rep, again.read)
		}
		if c := counts(t, pool); c != [3]int{4, 4, 5} {
			t.Errorf("%s: rows %v, want 4, 4, 5", again.name, c)
		}
	}

	// A corrected file replaces the process's CSV release instead of adding one.
	corrected := strings.Replace(sample, `"11,500,000"`, `"11,400,000"`, 1)
	rep, err = importCSV(t, pool, corrected, csvimport.Auto)
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Saved; s.Updated != 1 || s.Unchanged != 3 || s.ProcessesUpdated != 1 || s.Inserted != 0 {
		t.Errorf("correction: %+v, want 1 replaced, 3 unchanged", s)
	}
	if p := search(t, pool, store.Query{Keyword: "道路維護"}); len(p.Items) != 1 || deref(p.Items[0].AwardValue) != "11400000" {
		t.Errorf("after the correction: %+v", p.Items)
	}
	if c := counts(t, pool); c != [3]int{4, 4, 5} {
		t.Errorf("after the correction: rows %v, want 4, 4, 5", c)
	}
}

// TestCSVRejectedStoresNothing imports bad files: each is refused whole, even where its first rows
// are good or correct a stored process, and a bad row is reported by its line and column.
func TestCSVRejectedStoresNothing(t *testing.T) {
	pool := testdb.New(t)
	sample := sampleCSV(t)
	big5 := toBig5(t, sample)
	goodRows := sample[strings.IndexByte(sample, '\n')+1:] // rows without the header: lines 2 to 7
	bad := []struct {
		name  string
		file  string
		enc   csvimport.Encoding
		where string // the first rejection's place; "" for a file refused as unreadable
		why   string // in the rejection's reason, or in the error of an unreadable file
	}{
		{"Big5 declared UTF-8", big5, csvimport.UTF8, "", "not valid UTF-8"},
		{"truncated", sample + "NEW-1,3.76.47,臺中市政府建設局,新案", csvimport.Auto, "line 8", ""},
		{"truncated in quotes", sample + `NEW-1,3.76.47,"臺中市政府建設局`, csvimport.Auto, "line 8", ""},
		{"wrong type", sample + with(iTenderers, "三家") + "\n", csvimport.Auto, "line 8, 投標廠商家數", ""},
		{"wrong type, English headers", enHeader + "\n" + goodRows + with(iTenderers, "three") + "\n", csvimport.Auto,
			"line 8, number_of_tenderers", ""},
		{"huge number", sample + with(iAwardValue, "99999999999999999999") + "\n", csvimport.Auto, "line 8, 決標金額", ""},
		{"negative", sample + with(iTenderValue, "-5") + "\n", csvimport.Auto, "line 8, 預算金額", ""},
		{"ROC 113/02/30", sample + with(iAwardDate, "113/02/30") + "\n", csvimport.Auto, "line 8, 決標日期", ""},
		{"conflicting duplicate ocid", sample + goodRow + "\n" + with(iTitle, "別的標案") + "\n", csvimport.Auto,
			"line 9, 標案名稱", "line 8"},
		{"unknown column", strings.Replace(sample, "得標廠商\n", "得標廠商,備註\n", 1), csvimport.Auto, "", "備註"},
	}
	for _, c := range bad {
		rep, err := importCSV(t, pool, c.file, c.enc)
		switch {
		case c.where == "":
			if err == nil || errors.Is(err, ErrRejected) || rep != nil || !strings.Contains(err.Error(), c.why) {
				t.Errorf("%s: %+v, %v; want the file refused as unreadable, saying %q", c.name, rep, err, c.why)
			}
		case !errors.Is(err, ErrRejected) || rep == nil || rep.Stored || len(rep.Rejected) == 0 || rep.RejectedTotal == 0:
			t.Errorf("%s: %+v, %v; want rows rejected", c.name, rep, err)
		case !strings.HasPrefix(rep.Rejected[0].Where, c.where) || !strings.Contains(rep.Rejected[0].Reason, c.why):
			t.Errorf("%s: first rejection %+v, want at %q saying %q", c.name, rep.Rejected[0], c.where, c.why)
		}
		if got := counts(t, pool); got != [3]int{} {
			t.Fatalf("%s: rows %v stored from a rejected file", c.name, got)
		}
	}

	// With the sample stored, a file correcting one process but holding a bad row changes nothing.
	if _, err := importCSV(t, pool, sample, csvimport.Auto); err != nil {
		t.Fatal(err)
	}
	fix := zhHeader + "\n" + strings.Replace(goodRows, `"11,500,000"`, `"1"`, 1) + with(iAwardDate, "113/02/30") + "\n"
	if rep, err := importCSV(t, pool, fix, csvimport.Auto); !errors.Is(err, ErrRejected) || rep.Stored {
		t.Fatalf("correction with a bad row: %+v, %v", rep, err)
	}
	if p := search(t, pool, store.Query{Keyword: "道路維護"}); len(p.Items) != 1 || deref(p.Items[0].AwardValue) != "11500000" {
		t.Errorf("a rejected file changed a stored process: %+v", p.Items)
	}
	if c := counts(t, pool); c != [3]int{4, 4, 5} {
		t.Errorf("rows %v after a rejected file, want 4, 4, 5", c)
	}
}

// TestCSVMergesWithNotices imports the CSV rows of a procurement whose notices are stored: they
// share its ocid and party ids, so they are one process with one party per organisation.
func TestCSVMergesWithNotices(t *testing.T) {
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
	rep, err := importCSV(t, pool, file, csvimport.Auto)
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Saved; s.Inserted != 1 || s.ProcessesCreated != 0 || s.ProcessesUpdated != 1 {
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
