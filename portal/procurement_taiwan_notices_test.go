package portal

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/importer"
)

// The project's file of newer Taiwan award notices (testdata/README.md): their tender fields sit in
// 採購資料. Case A is a 公開取得報價單或企劃書 with its tender notice, case B a 公開招標 award notice
// alone, of two items awarded separately.
const (
	taiwanNoticesFile = "project_api_award-notices_procurement-section.json"
	taiwanBuyer       = "TW-GOV-3.79.99"
	taiwanQuoteOCID   = "ocds-twpcc-3.79.99-1140203A"
	taiwanItemsOCID   = "ocds-twpcc-3.79.99-1140405B"
)

// importTaiwanNotices imports the file as `portal import procurement` does, and checks that
// importing it again changes nothing.
func importTaiwanNotices(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	for round := range 2 {
		f, err := os.Open(filepath.Join(testdata.Dir(t, "pcc"), taiwanNoticesFile))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := importer.File(context.Background(), pool, f, taiwanNoticesFile, importer.Options{OCIDPrefix: "ocds-twpcc"})
		f.Close()
		if err != nil || !rep.Stored || rep.Releases != 3 {
			t.Fatalf("import %d: %v, %+v", round, err, rep)
		}
		if s := rep.Saved; round == 1 && (s.Unchanged != 3 || s.Inserted+s.Updated+s.ProcessesCreated+s.ProcessesUpdated != 0) {
			t.Errorf("importing again changed something: %+v", s)
		}
	}
}

func taiwanNoticesSite(t *testing.T) (http.Handler, *pgxpool.Pool) {
	t.Helper()
	pool := testdb.New(t)
	importTaiwanNotices(t, pool)
	return newRouter(t, pool), pool
}

// An award notice that gives its method, award criteria and bid opening in 採購資料 has them on the
// tender page and in the API, as one that gives them in 已公告資料.
func TestTaiwanAwardNoticeMethodFromProcurementSection(t *testing.T) {
	h, _ := taiwanNoticesSite(t)
	a := get(t, h, "zh-TW", "/procurement/tenders/"+taiwanItemsOCID).unmarked()
	if a.status != 200 {
		t.Fatalf("status %d", a.status)
	}
	a.mustContain(t, "the award notice's method", "<dt>招標方式</dt><dd>公開招標</dd>")
	if api := apiTenderOf(t, h, taiwanItemsOCID); api.ProcurementMethod == nil || *api.ProcurementMethod != "open" ||
		api.MethodDetails == nil || *api.MethodDetails != "公開招標" {
		t.Errorf("API method %v, details %v; want open, 公開招標", api.ProcurementMethod, api.MethodDetails)
	}
}
