package pcc

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestFieldSections reads each tender field from every section the PCC puts it in, one notice per
// field and section holding that field alone: tender notices (採購資料, 招標資料, 領投開標, 其他),
// older tender notices (標案內容), older award notices (已公告資料), newer award notices (採購資料)
// and failed-award notices (無法決標公告).
func TestFieldSections(t *testing.T) {
	cases := []struct {
		field, value string
		sections     []string
		path         string // in the release
		want         any
	}{
		{"機關代碼", "A.9.9", []string{"機關資料", "標案內容", "無法決標公告"}, "buyer/id", "TW-GOV-A.9.9"},
		{"機關名稱", "某機關", []string{"機關資料", "標案內容", "無法決標公告"}, "buyer/name", "某機關"},
		{"機關地址", "臺北市某路1號", []string{"機關資料", "標案內容", "無法決標公告"}, "parties/0/address/streetAddress", "臺北市某路1號"},
		{"聯絡人", "林小姐", []string{"機關資料", "標案內容", "無法決標公告"}, "parties/0/contactPoint/name", "林小姐"},
		{"聯絡電話", "(02)1234", []string{"機關資料", "標案內容", "無法決標公告"}, "parties/0/contactPoint/telephone", "(02)1234"},
		{"傳真號碼", "(02)5678", []string{"機關資料", "標案內容", "無法決標公告"}, "parties/0/contactPoint/faxNumber", "(02)5678"},
		{"電子郵件信箱", "a@b.tw", []string{"機關資料", "標案內容", "無法決標公告"}, "parties/0/contactPoint/email", "a@b.tw"},
		{"標案名稱", "某案", []string{"採購資料", "已公告資料", "標案內容", "無法決標公告"}, "tender/title", "某案"},
		{"標的分類", "<財物類>452電腦", []string{"採購資料", "已公告資料", "標案內容", "無法決標公告"}, "tender/mainProcurementCategory", "goods"},
		{"招標方式", "公開取得報價單或企劃書", []string{"招標資料", "採購資料", "已公告資料", "標案內容", "無法決標公告"}, "tender/procurementMethod", "open"},
		{"招標方式", "限制性招標(未經公開評選或公開徵求)", []string{"招標資料", "採購資料", "已公告資料", "標案內容", "無法決標公告"}, "tender/procurementMethodDetails", "限制性招標(未經公開評選或公開徵求)"},
		{"決標方式", "最低標", []string{"招標資料", "採購資料", "已公告資料", "標案內容", "無法決標公告"}, "tender/awardCriteria", "priceOnly"},
		{"決標方式", "準用最有利標", []string{"招標資料", "採購資料", "已公告資料", "標案內容", "無法決標公告"}, "tender/awardCriteriaDetails", "準用最有利標"},
		{"預算金額", "1,234,567元", []string{"採購資料", "已公告資料", "標案內容", "無法決標公告"}, "tender/value/amount", json.Number("1234567")},
		{"公告日", "114/02/10", []string{"招標資料", "標案內容"}, "tender/tenderPeriod/startDate", "2025-02-10T00:00:00+08:00"},
		{"截止投標", "114/02/18 17:00", []string{"領投開標", "標案內容"}, "tender/tenderPeriod/endDate", "2025-02-18T17:00:00+08:00"},
		{"開標時間", "114/02/19 10:00", []string{"領投開標", "採購資料", "已公告資料", "標案內容", "無法決標公告"}, "tender/awardPeriod/startDate", "2025-02-19T10:00:00+08:00"},
		{"是否提供電子投標", "是", []string{"領投開標", "標案內容"}, "tender/submissionMethod", []any{"electronicSubmission"}},
		{"收受投標文件地點", "收發室", []string{"領投開標", "標案內容"}, "tender/submissionMethodDetails", "收發室"},
		{"廠商資格摘要", "清潔服務業", []string{"其他", "標案內容"}, "tender/eligibilityCriteria", "清潔服務業"},
		{"無法決標的理由", "無廠商投標", []string{"無法決標公告", "決標資料", "已公告資料"}, "tender/statusDetails", "無廠商投標"},
	}
	for _, c := range cases {
		for _, sec := range c.sections {
			typ := "公開招標公告"
			switch {
			case c.field == "無法決標的理由" || sec == "無法決標公告":
				typ = "無法決標公告"
			case sec == "已公告資料":
				typ = "決標公告"
			}
			n := Notice{Date: "20250301", JobNumber: "J-1", UnitID: "A.1.2", Detail: map[string]string{
				"type": typ, sec + ":" + c.field: c.value}}
			expect(t, sec+":"+c.field, toRelease(t, n), map[string]any{c.path: c.want})
		}
	}
}

// TestFieldsNewerAwardNotice maps the newer award notice of the project's test file, whose tender
// fields sit in 採購資料, and checks that the method, the award criteria and the opening date are
// read from there, as the older layout's 已公告資料 gives them.
func TestFieldsNewerAwardNotice(t *testing.T) {
	ns, errs, err := ReadNotices(bytes.NewReader(testFile(t, "project_api_award-notices_procurement-section.json")))
	if err != nil || len(errs) > 0 || len(ns) != 3 {
		t.Fatalf("ReadNotices: %d notices, %v, %v", len(ns), errs, err)
	}
	expect(t, "award notice", toRelease(t, ns[1]), map[string]any{
		"tag":                             []any{"award"},
		"tender/title":                    "114年度區民活動中心清潔維護勞務採購",
		"tender/procurementMethod":        "open",
		"tender/procurementMethodDetails": "公開取得報價單或企劃書",
		"tender/awardCriteria":            "priceOnly",
		"tender/awardCriteriaDetails":     "最低標",
		"tender/awardPeriod/startDate":    "2025-02-19T10:00:00+08:00",
		"tender/awardPeriod/endDate":      "2025-02-21T00:00:00+08:00",
		"tender/mainProcurementCategory":  "services",
		"tender/value/amount":             json.Number("1300000"),
		"awards/0/value/amount":           json.Number("1180000"),
	})
	expect(t, "multiple", toRelease(t, ns[2]), map[string]any{
		"tender/procurementMethod":        "open",
		"tender/procurementMethodDetails": "公開招標",
		"tender/awardPeriod/startDate":    "2025-05-06T14:00:00+08:00",
		"awards/0/id":                     "1", // 是否複數決標 是, in 採購資料: one award per item
		"awards/1/id":                     "2",
		"awards/1/suppliers/0/id":         "TW-UBN-90000055",
	})
}
