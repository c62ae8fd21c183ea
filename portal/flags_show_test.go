package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/config"
	"integrity-portal/internal/testdb"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/store"
)

// flagsEngine serves this package's routes on a fresh database.
func flagsEngine(t *testing.T) (*gin.Engine, *pgxpool.Pool) {
	t.Helper()
	pool := testdb.New(t)
	cfg, err := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.NewSite(web.Options{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Pages: map[string]fs.FS{"portal": Templates()}, CSRFKey: bytes.Repeat([]byte("k"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	r := site.Engine()
	Routes(r, site, pool, nil)
	if err := site.Check(); err != nil {
		t.Fatal(err)
	}
	return r, pool
}

// flagData: twelve 2024 awards of buyer 3.76.47, eight to S1 (100 each) and four to S2 (50 each),
// so R040 is 80% of value and 66.7% of awards and R051 is 80² + 20² = 6,800; the first process
// also had two days to bid and one bidder (R003, R018).
func flagData(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	var rels []ocds.Release
	for i := range 12 {
		supplier, value := "S1", "100"
		if i >= 8 {
			supplier, value = "S2", "50"
		}
		start := fmt.Sprintf("2024-%02d-01T09:00:00+08:00", i+1)
		end := fmt.Sprintf("2024-%02d-21T17:00:00+08:00", i+1)
		bidders := 3
		if i == 0 {
			end, bidders = "2024-01-03T17:00:00+08:00", 1
		}
		rels = append(rels, ocds.Release{
			"ocid": fmt.Sprintf("ocds-f-%d", i), "id": "1", "date": start, "tag": []any{"award"},
			"buyer": map[string]any{"id": "3.76.47", "name": "臺中市政府建設局"},
			"tender": map[string]any{"id": "t", "title": "道路維護工程", "procurementMethod": "open",
				"procurementMethodDetails": "公開招標", "numberOfTenderers": json.Number(fmt.Sprint(bidders)),
				"tenderPeriod": map[string]any{"startDate": start, "endDate": end}},
			"awards": []any{map[string]any{"id": "1", "status": "active", "date": end,
				"value":     map[string]any{"amount": json.Number(value), "currency": "TWD"},
				"suppliers": []any{map[string]any{"id": supplier, "name": "廠商" + supplier}}}},
		})
	}
	ctx := context.Background()
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := store.Save(ctx, tx, rels, "test")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := flags.Recompute(ctx, pool, flags.TaiwanSettings(), nil); err != nil {
		t.Fatal(err)
	}
}

func getPage(t *testing.T, r *gin.Engine, path, lang string) string {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Accept-Language", lang)
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if w.Code != 200 {
		t.Fatalf("GET %s (%s) = %d", path, lang, w.Code)
	}
	return w.Body.String()
}

func TestFlagsPageExplainsEveryIndicatorWithCounts(t *testing.T) {
	r, pool := flagsEngine(t)
	flagData(t, pool)

	zh := getPage(t, r, "/procurement/flags", "zh-TW")
	en := getPage(t, r, "/procurement/flags", "en")
	for _, c := range []struct {
		lang, body string
		want       []string
	}{
		{"zh", zh, []string{
			`lang="zh-Hant-TW"`, "採購風險指標（紅旗）", "紅旗不是指控", `href="/report"`,
			"最近一次計算完成於 民國", "共讀取 12 件採購案",
			"看到了什麼，為什麼值得注意", "它不能證明什麼",
			"標記了 1 件採購案（共讀取 12 件）", `href="/procurement/tenders?flag=R003"`, `href="/procurement/tenders?flag=R018"`,
			`<span lang="zh-Hant-TW">公開招標</span>：少於 4 天即標記`,
			`<span lang="zh-Hant-TW">限制性招標(未經公開評選或公開徵求)</span>：不檢查`,
			"以金額計算的指標只採計幣別為 TWD 的金額",
			`href="/procurement/buyers/3.76.47"`, "臺中市政府建設局", "民國113年（2024）", "廠商S1",
			"80%", "66.7%", "6,800", "決標至少 10 件的機關年度中，集中度最高的 10 筆",
			"依《招標期限標準》，公開招標的等標期依採購金額分級：未達公告金額 7 天，公告金額以上未達查核金額 14 天",
			"但縮短後不得少於 5 天。所以少於 4 個整天（不到 5 天）即標記。",
			"公開取得電子報價單：尚未找到可靠的法定最短期限", "其他招標方式：少於 4 天即標記",
			"公開招標、選擇性招標", `<table class="data stack" role="table">`, `data-label="採購案："`,
		}},
		{"en", en, []string{
			`lang="en"`, "Red flags in procurement", "A red flag is not an accusation", "Last computed on",
			"What it does not prove", "1 of 12 processes flagged", "List the flagged processes",
			`<span lang="zh-Hant-TW">公開招標</span>: flagged below 4 days`, "Single bid received", "6,800", "Share of value",
			`<span lang="zh-Hant">廠商S1</span>`,
			// R003's thresholds in Taiwan's terms, from taiwan.ini, and the methods by their names.
			"tender period standards (招標期限標準), an open tender", "14 days from it up to the audit threshold (查核金額)",
			"but never below 5 days. So fewer than 4 whole days (under 5 days) is flagged.",
			"Invitations to bid after qualification: the agency sets a reasonable period",
			"Any other 招標方式: flagged below 4 days", "the floor of any notice with a tender period, 5 days",
			"Only these procurement methods are checked: Open, Selective.",
		}},
	} {
		for _, s := range c.want {
			if !strings.Contains(c.body, s) && !strings.Contains(zhMark.ReplaceAllString(c.body, "$1"), s) {
				t.Errorf("%s page lacks %q", c.lang, s)
			}
		}
		for _, ind := range flags.Catalogue {
			if !strings.Contains(c.body, `id="`+ind.Code+`"`) {
				t.Errorf("%s page does not explain %s", c.lang, ind.Code)
			}
		}
		for _, bad := range []string{"[flag", "<script", `href="/procurement/tenders?flag=R024"`} {
			if strings.Contains(c.body, bad) {
				t.Errorf("%s page holds %q (a missing message key, a script, or a link to an empty list)", c.lang, bad)
			}
		}
	}
}

func TestFlagsPageBeforeAnyComputation(t *testing.T) {
	r, _ := flagsEngine(t)
	body := getPage(t, r, "/procurement/flags", "zh-TW")
	if !strings.Contains(body, "指標尚未計算") {
		t.Error("the page does not say the indicators have not been computed")
	}
	if !strings.Contains(body, "尚無足夠的決標資料可計算集中度") {
		t.Error("the page does not say there is no concentration to show")
	}
	if strings.Contains(body, "/procurement/tenders?flag=") || strings.Contains(body, "[flag") {
		t.Error("the page links to flagged lists, or misses a message, before any computation")
	}
	// The settings described are the defaults the first run will use.
	if !strings.Contains(body, `<span lang="zh-Hant-TW">公開招標</span>：少於 4 天即標記`) {
		t.Error("the page does not describe the default settings")
	}
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := number(n).String(); got != want {
			t.Errorf("number(%d) = %q, want %q", n, got, want)
		}
	}
}
