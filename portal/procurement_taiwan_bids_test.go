package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/importer"
)

// taiwanBidNotices writes a g0v API document of award notices of one agency (3.80.1), one item each,
// awarded by lowest price: in notice i the winner offered 1,000,000元 and the runner-up
// runnerUp[i], with its 標價金額 as 未得標廠商; a third bidder offered less and was disqualified.
func taiwanBidNotices(runnerUp []int64) []byte {
	var records []any
	for i, lose := range runnerUp {
		job := fmt.Sprintf("B-%d", i+1)
		winner, runner, out := fmt.Sprintf("9100%04d", i), fmt.Sprintf("9200%04d", i), fmt.Sprintf("9300%04d", i)
		d := map[string]string{
			"type": "決標公告", "機關資料:機關代碼": "3.80.1", "機關資料:機關名稱": "某市政府工務局",
			"採購資料:標案案號": job, "採購資料:標案名稱": "道路修繕工程" + job, "採購資料:招標方式": "公開招標",
			"採購資料:決標方式": "最低標", "採購資料:標的分類": "<工程類>513土木工程", "採購資料:是否複數決標": "否",
			"投標廠商:投標廠商家數":     "3",
			"投標廠商:投標廠商1:廠商代碼": winner, "投標廠商:投標廠商1:廠商名稱": "得標營造" + job, "投標廠商:投標廠商1:是否得標": "是",
			"投標廠商:投標廠商2:廠商代碼": runner, "投標廠商:投標廠商2:廠商名稱": "次低營造" + job, "投標廠商:投標廠商2:是否得標": "否",
			"投標廠商:投標廠商3:廠商代碼": out, "投標廠商:投標廠商3:廠商名稱": "不合格營造" + job, "投標廠商:投標廠商3:是否得標": "否",
			"決標品項:決標品項數": "1", "決標品項:第1品項:品項名稱": "道路修繕",
			"決標品項:第1品項:得標廠商1:得標廠商": "得標營造" + job, "決標品項:第1品項:得標廠商1:得標廠商原始投標金額": "1,000,000元",
			"決標品項:第1品項:得標廠商1:決標金額":   "1,000,000元",
			"決標品項:第1品項:未得標廠商1:未得標廠商": "次低營造" + job, "決標品項:第1品項:未得標廠商1:是否合格": "是",
			"決標品項:第1品項:未得標廠商1:標價金額":  groupThousands(lose) + "元",
			"決標品項:第1品項:未得標廠商1:未得標原因": "資格、規格合於招標文件，但價格非最低",
			"決標品項:第1品項:未得標廠商2:未得標廠商": "不合格營造" + job, "決標品項:第1品項:未得標廠商2:是否合格": "否",
			"決標品項:第1品項:未得標廠商2:標價金額": "500,000元", "決標品項:第1品項:未得標廠商2:未得標原因": "資格不合於招標文件",
			"決標資料:決標日期": fmt.Sprintf("114/03/%02d", i+1), "決標資料:總決標金額": "1,000,000元", "決標資料:總決標金額是否公開": "是",
		}
		records = append(records, map[string]any{"date": fmt.Sprintf("202503%02d", i+2), "filename": "BDM-1-" + job,
			"job_number": job, "unit_id": "3.80.1", "brief": map[string]any{"type": "決標公告"}, "detail": d})
	}
	b, _ := json.Marshal(map[string]any{"unit_name": "某市政府工務局", "records": records})
	return b
}

// groupThousands writes n with commas between groups of three, as notices write amounts.
func groupThousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// The losing bids' prices of Taiwan award notices reach cardinal's bid-price indicators: imported
// from the notices, recomputed, the runner-up's price a hair above the winner's raises R024 (price
// close to the winning bid) and one three times the winner's R058 (heavily discounted bid), against
// the other notices' differences. The disqualified bid under the winner's raises R036 (lowest bid
// disqualified) everywhere. The tender page shows the flag beside the bids it comes from.
func TestTaiwanLosingBidsRaiseBidPriceFlags(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	doc := taiwanBidNotices([]int64{1_001_000, 1_200_000, 1_210_000, 1_220_000, 1_230_000, 1_240_000, 1_250_000, 1_260_000, 3_000_000})
	rep, err := importer.File(ctx, pool, bytes.NewReader(doc), "notices.json", importer.Options{OCIDPrefix: "ocds-twpcc"})
	if err != nil || !rep.Stored || rep.Releases != 9 {
		t.Fatalf("import: %v, %+v", err, rep)
	}
	if _, err := flags.Recompute(ctx, pool, flags.TaiwanSettings(), nil); err != nil {
		t.Fatal(err)
	}
	codes := func(ocid string) map[string]float64 {
		fs, err := flags.ForProcess(ctx, pool, ocid)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, f := range fs {
			out[f.Code] = f.Value
		}
		return out
	}
	if got := codes("ocds-twpcc-3.80.1-B-1"); got["R024"] != 0.001 {
		t.Errorf("B-1 (runner-up 0.1%% above): flags %v, want R024 = 0.001", got)
	}
	if got := codes("ocds-twpcc-3.80.1-B-9"); got["R058"] != 2 {
		t.Errorf("B-9 (runner-up 200%% above): flags %v, want R058 = 2", got)
	}
	for _, job := range []string{"B-2", "B-5", "B-8"} {
		if got := codes("ocds-twpcc-3.80.1-" + job); got["R024"] != 0 || got["R058"] != 0 || got["R036"] != 1 {
			t.Errorf("%s: flags %v, want R036 alone", job, got)
		}
	}

	h := newRouter(t, pool)
	a := get(t, h, "zh-TW", "/procurement/tenders/ocds-twpcc-3.80.1-B-1").unmarked()
	if a.status != 200 || !strings.Contains(a.body, `id="flag-R024"`) {
		t.Fatalf("B-1's page (status %d) does not show R024", a.status)
	}
	a.mustHaveRows(t, "B-1's bids", "不合格營造B-1|NT$500,000|不合格|未得標",
		"得標營造B-1|NT$1,000,000 合格標中最低價|合格|得標", "次低營造B-1|NT$1,001,000|合格|未得標")
}

// The tender page of a newer award notice lists the losing bids with their 標價金額 and 是否合格;
// one of two items awarded separately, whose bids cover different items, lists them without prices.
func TestTaiwanTenderPageShowsLosingBids(t *testing.T) {
	h, _ := taiwanNoticesSite(t)
	get(t, h, "zh-TW", "/procurement/tenders/"+taiwanQuoteOCID).unmarked().mustHaveRows(t, "the quotation's bids",
		"大同清潔工程行|NT$990,000|不合格|未得標", "亮晶清潔有限公司|NT$1,198,000 合格標中最低價|合格|得標",
		"淨美環境服務股份有限公司|NT$1,234,567|合格|未得標")
	get(t, h, "en", "/procurement/tenders/"+taiwanItemsOCID).unmarked().mustHaveRows(t, "the two items' bids",
		"福利家具股份有限公司|—|Qualified|Won", "事務機器有限公司|—|Qualified|Won", "全能辦公用品行|—|Qualified|Not awarded")
}
