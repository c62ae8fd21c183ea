package portal

import (
	"context"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/generate/load"
	"integrity-portal/portal/procurement/store"
)

// TestTenderSearchAndDownloadStopAtTheCap: with more matches than the store counts, the list says
// "10,000+", serves pages up to the 500th and no further, and the download stops at 10,000 rows.
func TestTenderSearchAndDownloadStopAtTheCap(t *testing.T) {
	pool := testdb.New(t)
	g := generate.New(generate.Options{Seed: 3})
	if _, err := load.Processes(context.Background(), testdb.AsOwner(t, pool), g, store.CountCap+300); err != nil {
		t.Fatal(err)
	}
	h := newRouter(t, pool)

	a := get(t, h, "zh-TW", "/procurement/tenders")
	a.mustContain(t, "the whole list", "共 10,000+ 筆</span></h2>", "只計算到前 10,000 筆", `href="/procurement/tenders.csv"`, `aria-label="第 500 頁"`)
	get(t, h, "en", "/procurement/tenders").mustContain(t, "the whole list in English", "(10,000+ tenders)</span></h2>", "Counted up to the first 10,000:")

	last := get(t, h, "zh-TW", "/procurement/tenders?page=500")
	if last.status != 200 || len(resultTitles(last.body)) != tenderPageSize || strings.Contains(last.body, `rel="next"`) {
		t.Errorf("page 500: status %d, %d results", last.status, len(resultTitles(last.body)))
	}
	if beyond := get(t, h, "zh-TW", "/procurement/tenders?page=501"); beyond.status != 400 {
		t.Errorf("page 501: status %d", beyond.status)
	}

	recs := readCSV(t, get(t, h, "zh-TW", "/procurement/tenders.csv"))
	if len(recs) != store.CountCap+1 {
		t.Errorf("the download has %d rows, want the header and %d", len(recs), store.CountCap)
	}
}
