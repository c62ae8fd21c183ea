package portal

import "testing"

func TestSupplierPage(t *testing.T) {
	h, _ := procurementSite(t)

	// Supplier A won 19 of the planted processes (those not a multiple of 4), worth 241 million, and bid
	// in 23: its 19 and the four of B's with two bidders (4, 8, 16, 20).
	a := get(t, h, "zh-TW", "/procurement/suppliers/"+supplierA).unmarked()
	if a.status != 200 {
		t.Fatalf("status %d", a.status)
	}
	a.mustContain(t, "supplier A", "<h1>大安營造股份有限公司</h1>", "<dd>11111111</dd>", "<dd>19</dd>",
		"<dd>NT$241,000,000</dd>", "82.6%（得標 19 件 ÷ 投標 23 件）", "得標率＝",
		`<a href="/procurement/buyers/TW-GOV-3.76.47">臺中市政府建設局</a>`,
		`href="/procurement/tenders?buyer=TW-GOV-3.76.47&amp;supplier=TW-UBN-11111111"`,
		`href="/procurement/tenders?supplier=TW-UBN-11111111&amp;year=2023"`,
		`<a href="/procurement/tenders/ocds-test-tc-23">臺中市第23期道路維護工程</a>`,
		`href="/procurement/tenders?supplier=TW-UBN-11111111"`)
	// By year: 2022 holds 3, 6, 9, 15, 18, 21 (72 million), 2023 1, 7, 10, 13, 19, 22, 25 (97 million).
	a.mustHaveRows(t, "supplier A", "臺中市政府建設局|19|NT$241,000,000", "民國111年（2022）|6|NT$72,000,000",
		"民國112年（2023）|7|NT$97,000,000", "民國113年（2024）|6|NT$72,000,000")

	en := get(t, h, "en", "/procurement/suppliers/"+supplierB).unmarked()
	en.mustContain(t, "supplier B in English", "<h1>中興土木包工業</h1>", "Win rate", "31.6% (won 6 ÷ bid in 19)",
		"NT$84,000,000", "By buyer", "By year", "Recent awards")

	// A joint award of the Taiwan notice: each partner's part is half, and the award says it was joint.
	joint := get(t, h, "zh-TW", "/procurement/suppliers/TW-UBN-70576576")
	joint.mustContain(t, "joint supplier", "中工公寓大廈管理維護有限公司", "<dd>70576576</dd>", "<dd>NT$12,710,000</dd>",
		"共同得標（2 家廠商）", "NT$25,420,000", "100.0%（得標 1 件 ÷ 投標 1 件）")

	// A bidder that never won: its page exists, with a win rate of zero.
	loser := get(t, h, "zh-TW", "/procurement/suppliers/TW-UBN-28704347")
	if loser.status != 200 {
		t.Fatalf("bidder only: status %d", loser.status)
	}
	loser.mustContain(t, "bidder only", "福瑞斯國際公寓大廈管理維護股份有限公司", "0.0%（得標 0 件 ÷ 投標 1 件）", "沒有得標紀錄")

	// A winner whose tender published no bidders: no win rate, and why.
	c := get(t, h, "zh-TW", "/procurement/suppliers/"+supplierC)
	c.mustContain(t, "no bidder list", "港都標誌有限公司", "—（無法計算：這家廠商參與的標案都沒有公布投標廠商名單）", "NT$480,000")
	get(t, h, "en", "/procurement/suppliers/"+supplierC).mustContain(t, "no bidder list in English",
		"cannot be computed: no tender this supplier took part in published its list of bidders")

	// A supplier without a business ID (the fictional example's) shows none.
	get(t, h, "en", "/procurement/suppliers/GB-COH-11111111").unmarked().mustContain(t, "foreign supplier",
		"AnyCorp Cycle Provision", "<dt>Business ID (統一編號)</dt><dd>Not given in the data</dd>",
		"<dt>Identifier</dt><dd>GB-COH-11111111</dd>", "GBP 11,000,000", "100.0% (won 1 ÷ bid in 1)")
}
