package portal

import (
	"regexp"
	"testing"
)

func TestBuyerPage(t *testing.T) {
	h, _ := procurementSite(t)

	// The planted buyer: 325 million over 25 awards; A has 241 (74.2%), B 84 (25.8%), so the HHI is
	// (241² + 84²) / 325² × 10,000 = 6,167. Eight processes (i%3 == 0) had a single bidder.
	a := get(t, h, "zh-TW", "/procurement/buyers/"+plantedBuyer).unmarked()
	if a.status != 200 {
		t.Fatalf("status %d", a.status)
	}
	a.mustContain(t, "planted buyer", "<h1>臺中市政府建設局</h1>", "<dd>3.76.47</dd>", "<dd>25</dd>",
		"32.0%（只有一家投標 8 件 ÷ 載明投標家數 25 件）", "一家投標比率＝",
		// spend per year: 2022 (3, 6, …, 24) 108 million, 2023 117, 2024 100; per method: open 250, limited 75
		`<svg class="barchart"`, `role="img"`, `aria-labelledby="chart-year-title chart-year-desc"`,
		`<title id="chart-year-title">每年決標金額</title>`, "長條圖；同樣的數字列在下方的表格中。",
		`href="/procurement/tenders?buyer=TW-GOV-3.76.47&amp;year=2022"`,
		`href="/procurement/tenders?buyer=TW-GOV-3.76.47&amp;method=limited"`,
		"<strong>HHI 6,167</strong>（n = 25 件決標，2 家廠商）", "HHI（赫芬達爾—赫希曼指數）",
		`<a href="/procurement/suppliers/TW-UBN-11111111">大安營造股份有限公司</a>`,
		"合計決標金額 NT$325,000,000")
	a.mustHaveRows(t, "planted buyer",
		"民國111年（2022）|8|NT$108,000,000", "民國112年（2023）|9|NT$117,000,000", "民國113年（2024）|8|NT$100,000,000",
		"公開招標|20|NT$250,000,000", "限制性招標|5|NT$75,000,000",
		"大安營造股份有限公司|NT$241,000,000 74.2%|19 76.0%", "中興土木包工業|NT$84,000,000 25.8%|6 24.0%")
	// Each chart is followed by its table.
	for _, id := range []string{"chart-year", "chart-method"} {
		if !regexp.MustCompile(`(?s)aria-labelledby="` + id + `-title ` + id + `-desc".*?</svg></figure>\s*<div class="table-scroll"[^>]*>\s*<table`).MatchString(a.body) {
			t.Errorf("%s is not followed by its table", id)
		}
	}

	en := get(t, h, "en", "/procurement/buyers/"+plantedBuyer)
	en.mustContain(t, "planted buyer in English", "Awarded value per year", "Awarded value per procurement method",
		"32.0% (8 with one tenderer ÷ 25 that give the number)",
		"<strong>HHI 6,167</strong>", "n = 25 awards, 2 suppliers", "Herfindahl–Hirschman")
	en.mustHaveRows(t, "planted buyer in English", "2023|9|NT$117,000,000", "Limited|5|NT$75,000,000")

	// A buyer whose one tender gives no number of tenderers: no single-bid rate, and why; one supplier
	// with everything is an HHI of 10,000, with its n of 1.
	o := get(t, h, "zh-TW", "/procurement/buyers/"+otherBuyer)
	o.mustContain(t, "other buyer", "交通部航港局", "<dd>A.15</dd>", "—（無法計算：沒有標案載明投標廠商家數）",
		"<strong>HHI 10,000</strong>（n = 1 件決標，1 家廠商）")
	o.mustHaveRows(t, "other buyer", "港都標誌有限公司|NT$480,000 100.0%|1 100.0%")

	// The Taiwan notice's buyer: a joint award split between two suppliers, half each.
	tp := get(t, h, "zh-TW", "/procurement/buyers/"+pccBuyer)
	tp.mustContain(t, "Taipei buyer", "臺北市政府都市發展局", "<strong>HHI 5,000</strong>（n = 1 件決標，2 家廠商）",
		"0.0%（只有一家投標 0 件 ÷ 載明投標家數 1 件）")
	tp.mustHaveRows(t, "Taipei buyer", "中工公寓大廈管理維護有限公司|NT$12,710,000 50.0%|1 100.0%",
		"中工保全股份有限公司|NT$12,710,000 50.0%|1 100.0%")
}
