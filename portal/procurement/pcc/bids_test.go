package pcc

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The losing bids of the project's newer award notices: each 未得標廠商 with its 標價金額 and
// 是否合格 is a bid with its price and status, beside the winner's offered price.
func TestBidsLosingPrices(t *testing.T) {
	ns, _, err := ReadNotices(bytes.NewReader(testFile(t, "project_api_award-notices_procurement-section.json")))
	if err != nil || len(ns) != 3 {
		t.Fatalf("ReadNotices: %d notices, %v", len(ns), err)
	}
	// One item: every price is for it.
	expect(t, "one item", toRelease(t, ns[1]), map[string]any{
		"bids/details/0/tenderers/0/id": "TW-UBN-90000011",
		"bids/details/0/status":         "valid",
		"bids/details/0/value/amount":   json.Number("1198000"), // 得標廠商原始投標金額, not 決標金額
		"bids/details/1/tenderers/0/id": "TW-UBN-90000022",
		"bids/details/1/status":         "valid",
		"bids/details/1/value":          map[string]any{"amount": json.Number("1234567"), "currency": "TWD"},
		"bids/details/2/tenderers/0/id": "TW-UBN-90000033",
		"bids/details/2/status":         "disqualified",
		"bids/details/2/value/amount":   json.Number("990000"),
		"bids/details/3":                nil,
	})
	// Two items awarded separately, one bidder in both: the bids cover different items, so their
	// prices do not compare and none is given; the statuses are.
	expect(t, "two items", toRelease(t, ns[2]), map[string]any{
		"bids/details/0/status": "valid",
		"bids/details/0/value":  nil,
		"bids/details/1/status": "valid",
		"bids/details/1/value":  nil,
		"bids/details/2/status": "valid",
		"bids/details/2/value":  nil,
	})
}

// Where every bid covers the same items, a bid's value is its prices for them added up.
func TestBidsSameItems(t *testing.T) {
	rel := toRelease(t, awardNotice(map[string]string{
		"投標廠商:投標廠商1:廠商代碼":            "12345678",
		"投標廠商:投標廠商1:廠商名稱":            "甲公司",
		"投標廠商:投標廠商1:是否得標":            "是",
		"投標廠商:投標廠商2:廠商代碼":            "87654321",
		"投標廠商:投標廠商2:廠商名稱":            "乙公司",
		"投標廠商:投標廠商2:是否得標":            "否",
		"投標廠商:投標廠商3:廠商代碼":            "11223344",
		"投標廠商:投標廠商3:廠商名稱":            "丙公司",
		"投標廠商:投標廠商3:是否得標":            "否",
		"決標品項:決標品項數":                 "2",
		"決標品項:第1品項:得標廠商1:得標廠商":       "甲公司",
		"決標品項:第1品項:得標廠商1:得標廠商原始投標金額": "1,000元",
		"決標品項:第1品項:未得標廠商1:未得標廠商":     "乙公司",
		"決標品項:第1品項:未得標廠商1:是否合格":      "是",
		"決標品項:第1品項:未得標廠商1:標價金額":      "1,100元",
		"決標品項:第1品項:未得標廠商2:未得標廠商":     "丙公司",
		"決標品項:第1品項:未得標廠商2:是否合格":      "是",
		"決標品項:第1品項:未得標廠商2:標價金額":      "1,050元",
		"決標品項:第2品項:得標廠商1:得標廠商":       "甲公司",
		"決標品項:第2品項:得標廠商1:得標廠商原始投標金額": "2,000元",
		"決標品項:第2品項:未得標廠商1:未得標廠商":     "乙公司",
		"決標品項:第2品項:未得標廠商1:是否合格":      "是",
		"決標品項:第2品項:未得標廠商1:標價金額":      "2,200元",
		"決標品項:第2品項:未得標廠商2:未得標廠商":     "丙公司",
		"決標品項:第2品項:未得標廠商2:是否合格":      "否",
		"決標品項:第2品項:未得標廠商2:標價金額":      "約2,000元",
	}))
	expect(t, "same items", rel, map[string]any{
		"bids/details/0/value/amount": json.Number("3000"),
		"bids/details/1/value/amount": json.Number("3300"),
		"bids/details/1/status":       "valid",
		"bids/details/2/value":        nil, // a price that does not parse
		"bids/details/2/status":       nil, // qualified for one item, not for the other
	})
}
