package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/ocds"
)

// synth describes a synthetic process for search tests.
type synth struct {
	n                  int // ocid ocds-t-<n>
	title              string
	buyerID, buyer     string
	method, category   string
	date               string
	tenderValue, award string // "" for none
	supplier           string
}

func (s synth) release() ocds.Release {
	ocid := fmt.Sprintf("ocds-t-%d", s.n)
	tender := map[string]any{
		"id": ocid, "title": s.title, "procurementMethod": s.method, "mainProcurementCategory": s.category,
		"tenderPeriod": map[string]any{"startDate": s.date},
	}
	if s.tenderValue != "" {
		tender["value"] = map[string]any{"amount": json.Number(s.tenderValue), "currency": "TWD"}
	}
	r := ocds.Release{
		"ocid": ocid, "id": ocid + "-1", "date": s.date, "tag": []any{"tender"},
		"buyer":  map[string]any{"id": s.buyerID, "name": s.buyer},
		"tender": tender,
	}
	if s.award != "" {
		r["awards"] = []any{map[string]any{
			"id": "1", "status": "active", "date": s.date,
			"value":     map[string]any{"amount": json.Number(s.award), "currency": "TWD"},
			"suppliers": []any{map[string]any{"id": s.supplier, "name": "廠商" + s.supplier}},
		}}
	}
	return r
}

var synthetic = []synth{
	{1, "113年度道路維護工程", "3.76.47", "臺中市政府建設局", "open", "works", "2024-03-01T00:00:00Z", "", "5000000", "12345678"},
	{2, "人行道改善工程", "3.79.56", "臺北市政府工務局", "open", "works", "2024-05-01T00:00:00Z", "8000000", "", ""},
	// 臺中 and 中市 both, but not 臺中市.
	{3, "臺中港區中市場整修", "A.15", "交通部航港局", "limited", "works", "2023-07-01T00:00:00Z", "", "1200000", "87654321"},
	{4, "LED路燈採購", "3.76.47", "臺中市政府建設局", "open", "goods", "2023-02-01T00:00:00Z", "", "3000000", "12345678"},
	// 2023-01-01 04:00 in Taiwan; 台 for 臺.
	{5, "OLED顯示器租賃", "3.76.99", "台中市立圖書館", "selective", "services", "2022-12-31T20:00:00Z", "", "", ""},
	{6, "資訊設備維護委託服務", "3.79.10", "臺北市政府資訊局", "limited", "services", "2024-01-15T00:00:00Z", "450000", "", ""},
}

// setupSearch saves the synthetic processes (number 6 as demo data).
func setupSearch(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := testdb.New(t)
	var rels []ocds.Release
	for _, s := range synthetic[:5] {
		rels = append(rels, s.release())
	}
	save(t, pool, rels, "import:1")
	save(t, pool, []ocds.Release{synthetic[5].release()}, DemoSource)
	return pool
}

// ocids returns the synthetic numbers of a page's items, in order.
func numbers(p Page) []int {
	out := []int{}
	for _, it := range p.Items {
		var n int
		fmt.Sscanf(it.OCID, "ocds-t-%d", &n)
		out = append(out, n)
	}
	return out
}

func TestSearchKeyword(t *testing.T) {
	pool := setupSearch(t)
	ctx := context.Background()
	sorted := func(ns []int) []int { slices.Sort(ns); return ns }
	tests := []struct {
		keyword string
		want    []int
	}{
		{"臺中", []int{1, 3, 4, 5}}, // in titles and buyer names; 台中 too
		{"台中", []int{1, 3, 4, 5}},
		{"臺北", []int{2, 6}},     // not in 臺中市政府…
		{"臺中市", []int{1, 4, 5}}, // not 3: 臺中港區中市場 has 臺中 and 中市 apart
		{"台中市", []int{1, 4, 5}},
		{"政府", []int{1, 2, 4, 6}},
		{"市場", []int{3}},
		{"道路維護工程", []int{1}},
		{"工程採購", []int{}},    // 工程 and 採購 are titles apart
		{"程", []int{1, 2}},   // one character at the end of a run
		{"維", []int{1, 6}},   // one character inside a run
		{"led", []int{4, 5}}, // a substring, also of OLED
		{"ＬＥＤ", []int{4, 5}}, // full-width
		{"led路燈", []int{4}},
		{"oled顯示器", []int{5}},
		{"113年度", []int{1}},
		{"13年", []int{1}}, // the start of a word is not needed
		{"  臺北  ", []int{2, 6}},
		{"局\n臺中", []int{}}, // never across title and buyer name
		{"%", []int{}},
		{"'&|!", []int{}},
	}
	for _, tt := range tests {
		page, err := Search(ctx, pool, Query{Keyword: tt.keyword})
		if err != nil {
			t.Errorf("%q: %v", tt.keyword, err)
			continue
		}
		if got := sorted(numbers(page)); !slices.Equal(got, tt.want) || page.Total != len(tt.want) {
			t.Errorf("%q: got %v (total %d), want %v", tt.keyword, got, page.Total, tt.want)
		}
	}

	// Process 3 is a candidate of the index for 臺中市, which only the substring check rejects: the
	// test above shows that check works.
	var candidate bool
	err := pool.QueryRow(ctx, `SELECT search_terms @@ $1::tsquery FROM procurement_processes WHERE ocid = 'ocds-t-3'`,
		tsquery(queryTerms("臺中市"))).Scan(&candidate)
	if err != nil || !candidate {
		t.Errorf("ocds-t-3 is not an index candidate for 臺中市 (%v): the false-hit test proves nothing", err)
	}
}

func f(v float64) *float64 { return &v }

func TestSearchFilters(t *testing.T) {
	pool := setupSearch(t)
	ctx := context.Background()
	tests := []struct {
		name string
		q    Query
		want []int // in order
	}{
		{"all, latest first", Query{}, []int{2, 1, 6, 3, 4, 5}},
		{"earliest first", Query{Sort: SortDateAsc}, []int{5, 4, 3, 6, 1, 2}},
		{"largest first, unknown last", Query{Sort: SortValueDesc}, []int{2, 1, 4, 3, 6, 5}},
		{"smallest first, unknown last", Query{Sort: SortValueAsc}, []int{6, 3, 4, 1, 2, 5}},
		{"buyer", Query{BuyerID: "3.76.47"}, []int{1, 4}},
		{"supplier", Query{SupplierID: "12345678"}, []int{1, 4}},
		{"method", Query{Method: "limited"}, []int{6, 3}},
		{"category", Query{Category: "works"}, []int{2, 1, 3}},
		{"year in Taiwan time", Query{Year: 2023}, []int{3, 4, 5}},
		{"empty year", Query{Year: 2022}, []int{}},
		{"min value", Query{MinValue: f(1_200_000)}, []int{2, 1, 3, 4}},
		{"max value", Query{MaxValue: f(1_000_000)}, []int{6}},
		{"value range", Query{MinValue: f(1_000_000), MaxValue: f(5_000_000)}, []int{1, 3, 4}},
		{"no demo", Query{NoDemo: true}, []int{2, 1, 3, 4, 5}},
		{"keyword and filters", Query{Keyword: "臺中", Year: 2023, Sort: SortValueDesc}, []int{4, 3, 5}},
		{"keyword and buyer", Query{Keyword: "工程", BuyerID: "3.76.47"}, []int{1}},
	}
	for _, tt := range tests {
		page, err := Search(ctx, pool, tt.q)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := numbers(page); !slices.Equal(got, tt.want) || page.Total != len(tt.want) || page.TotalCapped {
			t.Errorf("%s: got %v (total %d), want %v", tt.name, got, page.Total, tt.want)
		}
	}

	page, _ := Search(ctx, pool, Query{Keyword: "資訊"})
	if len(page.Items) != 1 || !page.Items[0].IsDemo || page.Items[0].Title != "資訊設備維護委託服務" ||
		*page.Items[0].TenderValue != "450000" || page.Items[0].BuyerName != "臺北市政府資訊局" {
		t.Errorf("item: %+v", page.Items)
	}
}

func TestSearchPaging(t *testing.T) {
	pool := setupSearch(t)
	ctx := context.Background()
	var all []int
	for p := 1; ; p++ {
		page, err := Search(ctx, pool, Query{Page: p, PageSize: 4})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 6 || page.TotalCapped {
			t.Errorf("page %d: total %d", p, page.Total)
		}
		all = append(all, numbers(page)...)
		if !page.HasNext {
			break
		}
	}
	if !slices.Equal(all, []int{2, 1, 6, 3, 4, 5}) {
		t.Errorf("pages: %v", all)
	}
	page, err := Search(ctx, pool, Query{Page: 9, PageSize: 4})
	if err != nil || len(page.Items) != 0 || page.Total != 6 || page.HasNext {
		t.Errorf("page past the end: %+v %v", page, err)
	}

	for name, q := range map[string]Query{
		"beyond the cap": {Page: CountCap/DefaultPageSize + 1},
		"sort":           {Sort: "price"},
		"long keyword":   {Keyword: strings.Repeat("臺", MaxKeyword+1)},
		"year":           {Year: 113},
		"value":          {MinValue: f(nan())},
	} {
		if _, err := Search(ctx, pool, q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("%s: %v, want ErrBadQuery", name, err)
		}
	}
}

func nan() float64 { var z float64; return z / z }

// TestSearchCountCap generates more matches than CountCap.
func TestSearchCountCap(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	generateProcesses(t, pool, CountCap+500, 1)
	page, err := Search(ctx, pool, Query{Keyword: "臺中"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != CountCap || !page.TotalCapped || !page.HasNext || len(page.Items) != DefaultPageSize {
		t.Errorf("first page: total %d capped %v next %v, %d items", page.Total, page.TotalCapped, page.HasNext, len(page.Items))
	}
	last := CountCap / DefaultPageSize
	page, err = Search(ctx, pool, Query{Keyword: "臺中", Page: last})
	if err != nil || page.HasNext || !page.TotalCapped || len(page.Items) != DefaultPageSize {
		t.Errorf("last page: %d items, total %d capped %v next %v, %v", len(page.Items), page.Total, page.TotalCapped, page.HasNext, err)
	}
	if !slices.IsSortedFunc(page.Items, func(a, b Item) int { return b.Date.Compare(a.Date) }) {
		t.Error("last page not latest first")
	}
	page, err = Search(ctx, pool, Query{Keyword: generate.KeywordSelective})
	if err != nil || page.TotalCapped || page.Total == 0 || page.Total > 100 {
		t.Errorf("selective keyword: total %d capped %v, %v", page.Total, page.TotalCapped, err)
	}
}

// TestSearchMatchesSubstring compares Search with strings.Contains on random titles and keywords.
func TestSearchMatchesSubstring(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	alphabet := []rune("臺中市政府道路工程台北ab1Ｌ -")
	r := rand.New(rand.NewPCG(3, 4))
	word := func(n int) string {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(rs)
	}
	var rels []ocds.Release
	texts := map[string]string{}
	for i := range 300 {
		s := synth{n: i, title: word(2 + r.IntN(10)), buyerID: "b", buyer: word(r.IntN(4)), method: "open",
			category: "works", date: fmt.Sprintf("2024-01-01T%02d:%02d:00Z", i/60, i%60)}
		rels = append(rels, s.release())
		texts[fmt.Sprintf("ocds-t-%d", i)] = normalize(s.title) + "\n" + normalize(s.buyer)
	}
	save(t, pool, rels, "import:1")

	for k := range 300 {
		kw := word(1 + r.IntN(4))
		if k%2 == 0 { // a substring of some text
			rs := []rune(rels[r.IntN(len(rels))]["tender"].(map[string]any)["title"].(string))
			i := r.IntN(len(rs))
			kw = string(rs[i:min(len(rs), i+1+r.IntN(4))])
		}
		var want []string
		if nk := normalize(kw); nk != "" {
			for ocid, text := range texts {
				if strings.Contains(text, nk) {
					want = append(want, ocid)
				}
			}
		} else {
			for ocid := range texts {
				want = append(want, ocid)
			}
		}
		var got []string
		for p := 1; ; p++ {
			page, err := Search(ctx, pool, Query{Keyword: kw, Page: p, PageSize: MaxPageSize})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != len(want) {
				t.Errorf("%q: total %d, want %d", kw, page.Total, len(want))
			}
			for _, it := range page.Items {
				got = append(got, it.OCID)
			}
			if !page.HasNext {
				break
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: got %d results, want %d\n got %v\nwant %v", kw, len(got), len(want), got, want)
		}
	}
}
