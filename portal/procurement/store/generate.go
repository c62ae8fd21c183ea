package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/portal/procurement/ocds"
)

// The generator's vocabulary: agencies of the city, and the words of tender titles. Words the
// benchmark searches for are placed at controlled rates (see genRelease).
var (
	genAgencies = []string{
		"臺中市政府建設局", "臺中市政府水利局", "臺中市政府交通局", "臺中市政府教育局", "臺中市政府環境保護局",
		"臺中市政府都市發展局", "臺中市政府文化局", "臺中市政府社會局", "臺中市政府經濟發展局", "臺中市政府警察局",
		"臺中市政府消防局", "臺中市政府衛生局", "臺中市政府農業局", "臺中市政府觀光旅遊局", "臺中市政府地政局",
		"臺中市政府秘書處", "臺中市政府財政局", "臺中市政府民政局", "臺中市政府運動局", "臺中市政府新聞局",
		"臺中市西屯區公所", "臺中市北屯區公所", "臺中市南屯區公所", "臺中市豐原區公所", "臺中市大里區公所",
		"臺中市太平區公所", "臺中市清水區公所", "臺中市沙鹿區公所", "臺中市大甲區公所", "臺中市霧峰區公所",
		"臺中市立臺中第一高級中等學校", "臺中市立忠明高級中等學校", "臺中市北屯區四張犁國民小學",
		"臺中市西區忠信國民小學", "臺中市立圖書館", "臺中市立仁愛之家", "臺中市政府環境保護局清潔隊",
	}
	genPlaces = []string{"", "", "", "西屯區", "北屯區", "南屯區", "豐原區", "大里區", "太平區", "烏日區",
		"中區", "東區", "南區", "西區", "北區", "霧峰區", "大雅區", "潭子區", "后里區", "神岡區"}
	genObjects = []string{"道路", "人行道", "排水溝", "公園", "校舍", "辦公廳舍", "資訊系統", "監視器",
		"電腦設備", "公務車輛", "停車場", "圖書", "消防設備", "空調設備", "公廁", "活動中心", "運動場",
		"自來水管線", "污水下水道", "綠地", "行道樹", "號誌", "標線", "網路", "影印機", "清潔用品"}
	genActions = []string{"維護工程", "改善工程", "新建工程", "採購", "租賃", "委託服務", "委託設計監造",
		"委託專業服務", "設備採購", "整修工程", "修繕工程", "清潔維護", "開口契約", "保養維護", "委託規劃"}
	genMethods    = []string{"open", "open", "open", "selective", "limited", "limited", "direct"}
	genCategories = []string{"works", "goods", "services"}
)

// Benchmark keywords and the share of titles the generator gives them.
const (
	kwCommon    = "路燈"   // 5%
	kwSelective = "纜車"   // 0.1%
	kwFour      = "橋梁補強" // 0.5%
)

// GeneratedKeyword is a keyword in 5% of generated titles, for benchmarks of other packages.
const GeneratedKeyword = kwCommon

// GenerateRelease returns the i'th synthetic compiled release of the sequence r draws, for other
// packages' benchmarks (see genRelease). It is never the portal's data.
func GenerateRelease(r *rand.Rand, i int) ocds.Release { return genRelease(r, i) }

// genRelease returns the i'th synthetic compiled release.
func genRelease(r *rand.Rand, i int) ocds.Release {
	year := 2019 + r.IntN(7)
	at := time.Date(year, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, time.UTC)
	agency := r.IntN(len(genAgencies))
	var title strings.Builder
	if r.IntN(10) < 7 {
		fmt.Fprintf(&title, "%d年度", year-1911)
	}
	title.WriteString(genPlaces[r.IntN(len(genPlaces))])
	switch p := r.Float64(); {
	case p < 0.05:
		title.WriteString(kwCommon + genActions[r.IntN(len(genActions))])
	case p < 0.051:
		title.WriteString("大坑" + kwSelective + "可行性評估委託專業服務")
	case p < 0.056:
		title.WriteString("轄內" + kwFour + "工程")
	default:
		title.WriteString(genObjects[r.IntN(len(genObjects))] + genActions[r.IntN(len(genActions))])
	}
	if r.IntN(5) == 0 {
		fmt.Fprintf(&title, "(第%d期)", 1+r.IntN(4))
	}
	ocid := fmt.Sprintf("ocds-gen-%07d", i)
	value := json.Number(strconv.Itoa((1 + r.IntN(2000)) * 10000))
	rel := ocds.Release{
		"ocid": ocid,
		"id":   ocid + "-" + at.Format(time.RFC3339),
		"date": at.Format(time.RFC3339),
		"tag":  []any{"compiled"},
		"buyer": map[string]any{
			"id":   fmt.Sprintf("3.76.%d", 10+agency),
			"name": genAgencies[agency],
		},
		"tender": map[string]any{
			"id":                      ocid,
			"title":                   title.String(),
			"procurementMethod":       genMethods[r.IntN(len(genMethods))],
			"mainProcurementCategory": genCategories[r.IntN(len(genCategories))],
			"value":                   map[string]any{"amount": value, "currency": "TWD"},
			"tenderPeriod":            map[string]any{"startDate": at.Format(time.RFC3339)},
			"numberOfTenderers":       json.Number(strconv.Itoa(1 + r.IntN(6))),
			"status":                  "complete",
		},
	}
	if r.IntN(10) < 8 {
		rel["awards"] = []any{map[string]any{
			"id":        ocid + "-award-1",
			"status":    "active",
			"date":      at.AddDate(0, 1, 0).Format(time.RFC3339),
			"value":     map[string]any{"amount": value, "currency": "TWD"},
			"suppliers": []any{map[string]any{"id": generatedSupplier(r.IntN(generatedSuppliers)), "name": "得標廠商"}},
		}}
	}
	return rel
}

// GenerateOptions chooses what Generate writes beyond the processes that search reads.
type GenerateOptions struct {
	// Bidding adds a list of bidders (tender/tenderers, as many as numberOfTenderers, the winner
	// among them) to each compiled release and writes the award rows (procurement_awards), which the
	// supplier and buyer pages read. The processes' searched columns are the same with or without it:
	// the bidders come from a random stream of their own.
	Bidding bool
}

// generatedSuppliers is the number of distinct suppliers in generated awards and bids.
const generatedSuppliers = 3000

func generatedSupplier(k int) string { return fmt.Sprintf("%08d", k*7919%100000000) }

// Generate inserts n synthetic processes for benchmarks, with CopyFrom (bypassing Save and
// procurement_releases, which the pages do not read, but deriving every column as Save does), then
// ANALYZEs. The same seed gives the same data.
func Generate(ctx context.Context, pool *pgxpool.Pool, n int, seed uint64, opt GenerateOptions) error {
	r := rand.New(rand.NewPCG(seed, seed+1))
	bids := rand.New(rand.NewPCG(seed+2, seed+3))
	cols := []string{"ocid", "compiled", "release_count", "release_date", "process_date", "buyer_id",
		"buyer_name", "title", "procurement_method", "main_category", "tender_value",
		"tender_currency", "tender_start", "number_of_tenderers", "tender_status", "award_date",
		"award_value", "award_currency", "supplier_ids", "search_text", "search_terms"}
	var awards [][]any
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		rel := genRelease(r, i)
		if opt.Bidding {
			addBidders(bids, rel)
		}
		p, err := derive(rel, 1, false)
		if err != nil {
			return nil, err
		}
		i++
		if opt.Bidding {
			for _, a := range p.awards {
				awards = append(awards, []any{p.ocid, a.awardID, p.buyerID, a.status, a.date, numeric(a.value),
					a.currency, a.supplierID, a.supplierName, a.supplierCount})
			}
		}
		return []any{p.ocid, p.compiled, p.releaseCount, p.releaseDate, p.processDate, p.buyerID,
			p.buyerName, p.title, p.method, p.category, numeric(p.tenderValue), p.tenderCurrency,
			p.tenderStart, p.numberOfTenderers, p.tenderStatus, p.awardDate, numeric(p.awardValue),
			p.awardCurrency, p.supplierIDs, p.searchText, tsvector(p.searchTerms)}, nil
	})
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"procurement_processes"}, cols, src); err != nil {
		return fmt.Errorf("generate: processes: %w", err)
	}
	if len(awards) > 0 {
		if _, err := pool.CopyFrom(ctx, pgx.Identifier{"procurement_awards"},
			[]string{"ocid", "award_id", "buyer_id", "status", "date", "value", "currency", "supplier_id",
				"supplier_name", "supplier_count"}, pgx.CopyFromRows(awards)); err != nil {
			return fmt.Errorf("generate: awards: %w", err)
		}
	}
	_, err := pool.Exec(ctx, "ANALYZE procurement_processes, procurement_awards")
	return err
}

// addBidders lists numberOfTenderers bidders in rel's tender: the winner, if there is one, and others
// drawn from the same suppliers.
func addBidders(r *rand.Rand, rel ocds.Release) {
	tender := rel["tender"].(map[string]any)
	n, _ := strconv.Atoi(string(tender["numberOfTenderers"].(json.Number)))
	seen := map[string]bool{}
	var list []any
	if awards, ok := rel["awards"].([]any); ok {
		s := awards[0].(map[string]any)["suppliers"].([]any)[0].(map[string]any)
		seen[s["id"].(string)] = true
		list = append(list, map[string]any{"id": s["id"], "name": s["name"]})
	}
	for len(list) < n {
		id := generatedSupplier(r.IntN(generatedSuppliers))
		if seen[id] {
			continue
		}
		seen[id] = true
		list = append(list, map[string]any{"id": id, "name": "投標廠商" + id})
	}
	tender["tenderers"] = list
}
