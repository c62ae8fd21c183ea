package pcc

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"integrity-portal/portal/procurement/ocds"
)

const prefix = "ocds-xxxxxx"

// at returns the value at a path of object keys (string) and array indexes (int), or nil.
func at(v any, path ...any) any {
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				if r, ok := v.(ocds.Release); ok {
					m = r
				} else {
					return nil
				}
			}
			v = m[p]
		case int:
			a, ok := v.([]any)
			if !ok || p >= len(a) {
				return nil
			}
			v = a[p]
		}
	}
	return v
}

// expect checks values at paths of a release: "/"-separated object keys and array indexes.
func expect(t *testing.T, name string, rel ocds.Release, want map[string]any) {
	t.Helper()
	for path, w := range want {
		var keys []any
		for _, k := range strings.Split(path, "/") {
			if i, err := strconv.Atoi(k); err == nil {
				keys = append(keys, i)
			} else {
				keys = append(keys, k)
			}
		}
		if got := at(rel, keys...); !reflect.DeepEqual(got, w) {
			t.Errorf("%s: %s = %#v, want %#v", name, path, got, w)
		}
	}
}

// toRelease maps a notice, failing the test on error, and checks that the release is generic JSON
// as package ocds decodes it: it survives a JSON round trip unchanged.
func toRelease(t *testing.T, n Notice) ocds.Release {
	t.Helper()
	rel, err := ToRelease(n, prefix)
	if err != nil {
		t.Fatalf("ToRelease: %v", err)
	}
	b, err := json.Marshal(rel)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var back map[string]any
	if err := dec.Decode(&back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(map[string]any(rel), back) {
		t.Errorf("release is not plain JSON values:\n%s", b)
	}
	return rel
}

func TestToReleaseTender(t *testing.T) {
	rel := toRelease(t, sample(t)[0])
	expect(t, "tender", rel, map[string]any{
		"ocid":                            "ocds-xxxxxx-3.79.56-1080107MH",
		"id":                              "tender-20190116-TIQ-3-52430794",
		"date":                            "2019-01-16T00:00:00+08:00",
		"tag":                             []any{"tender"},
		"buyer/id":                        "TW-GOV-3.79.56",
		"buyer/name":                      "臺北市政府都市發展局",
		"parties/0/id":                    "TW-GOV-3.79.56",
		"parties/0/identifier/scheme":     SchemeAgency,
		"parties/0/identifier/id":         "3.79.56",
		"parties/0/roles":                 []any{"buyer", "procuringEntity"},
		"parties/0/contactPoint/email":    "udd-wangchanling@mail.taipei.gov.tw",
		"parties/0/address/streetAddress": "110臺北市信義區市府路1號9樓",
		"tender/id":                       "1080107MH",
		"tender/title":                    "108年度臺北市健康公共住宅暨洲美、新興、大湖朕寶公共住宅戶委託管理維護案",
		"tender/status":                   "active",
		"tender/procurementMethod":        "limited",
		"tender/procurementMethodDetails": "限制性招標(經公開評選或公開徵求)",
		"tender/mainProcurementCategory":  "services",
		"tender/awardCriteria":            "ratedCriteria",
		"tender/awardCriteriaDetails":     "準用最有利標",
		"tender/value/amount":             json.Number("25775360"),
		"tender/value/currency":           "TWD",
		"tender/tenderPeriod/startDate":   "2019-01-16T00:00:00+08:00",
		"tender/tenderPeriod/endDate":     "2019-02-20T12:00:00+08:00",
		"tender/awardPeriod/startDate":    "2019-02-21T10:00:00+08:00",
		"tender/procuringEntity/id":       "TW-GOV-3.79.56",
		"tender/submissionMethod":         nil, // 是否提供電子投標: 否
		"tender/tenderers":                nil,
		"awards":                          nil,
		"parties/1":                       nil,
	})
}

func TestToReleaseAward(t *testing.T) {
	rel := toRelease(t, sample(t)[1])
	expect(t, "award", rel, map[string]any{
		"ocid":                              "ocds-xxxxxx-3.79.56-1080107MH",
		"id":                                "award-20190325-BDM-1-52730204",
		"date":                              "2019-03-25T00:00:00+08:00",
		"tag":                               []any{"award"},
		"buyer/id":                          "TW-GOV-3.79.56",
		"buyer/name":                        "臺北市政府都市發展局",
		"tender/id":                         "1080107MH",
		"tender/status":                     "complete",
		"tender/procurementMethod":          "limited",
		"tender/mainProcurementCategory":    "services",
		"tender/value/amount":               json.Number("25775360"),
		"tender/awardPeriod/endDate":        "2019-03-21T00:00:00+08:00",
		"tender/numberOfTenderers":          json.Number("3"),
		"tender/tenderers/0/id":             "TW-UBN-70576576",
		"tender/tenderers/1/id":             "TW-UBN-89486759",
		"tender/tenderers/2/id":             "TW-UBN-28704347",
		"tender/tenderers/3/id":             "TW-UBN-80566669",
		"tender/tenderers/3/name":           "泰翔公寓大廈管理維護股份有限公司",
		"tender/tenderers/4":                nil,
		"awards/0/id":                       "1",
		"awards/0/status":                   "active",
		"awards/0/date":                     "2019-03-21T00:00:00+08:00",
		"awards/0/value/amount":             json.Number("25420000"),
		"awards/0/value/currency":           "TWD",
		"awards/0/suppliers/0/id":           "TW-UBN-70576576",
		"awards/0/suppliers/0/name":         "中工公寓大廈管理維護有限公司",
		"awards/0/suppliers/1/id":           "TW-UBN-89486759",
		"awards/0/suppliers/1/name":         "中工保全股份有限公司",
		"awards/0/suppliers/2":              nil,
		"awards/0/contractPeriod/startDate": "2019-03-21T00:00:00+08:00",
		"awards/0/contractPeriod/endDate":   "2019-12-31T23:59:59+08:00",
		"awards/0/items/0/id":               "1",
		"awards/1":                          nil,
		"parties/0/id":                      "TW-GOV-3.79.56",
		"parties/1/id":                      "TW-UBN-70576576",
		"parties/1/identifier/scheme":       SchemeUBN,
		"parties/1/identifier/id":           "70576576",
		"parties/1/roles":                   []any{"tenderer", "supplier"},
		"parties/2/identifier/id":           "89486759",
		"parties/2/roles":                   []any{"tenderer", "supplier"},
		"parties/3/identifier/id":           "28704347",
		"parties/3/roles":                   []any{"tenderer"},
		"parties/4/identifier/id":           "80566669",
		"parties/4/roles":                   []any{"tenderer"},
		"parties/5":                         nil,
	})
}

func TestMergeSample(t *testing.T) {
	ns := sample(t)
	tender, award := toRelease(t, ns[0]), toRelease(t, ns[1])
	compiled, err := ocds.Merge(nil, []ocds.Release{tender, award})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "compiled", compiled, map[string]any{
		"ocid":                          "ocds-xxxxxx-3.79.56-1080107MH",
		"tag":                           []any{"compiled"},
		"date":                          "2019-03-25T00:00:00+08:00",
		"buyer/id":                      "TW-GOV-3.79.56",
		"tender/status":                 "complete",
		"tender/tenderPeriod/startDate": "2019-01-16T00:00:00+08:00",
		"tender/tenderPeriod/endDate":   "2019-02-20T12:00:00+08:00",
		"tender/awardPeriod/startDate":  "2019-02-21T10:00:00+08:00",
		"tender/awardPeriod/endDate":    "2019-03-21T00:00:00+08:00",
		"tender/eligibilityCriteria":    at(tender, "tender", "eligibilityCriteria"),
		"tender/value/amount":           json.Number("25775360"),
		"tender/numberOfTenderers":      json.Number("3"),
		"tender/tenderers":              at(award, "tender", "tenderers"),
		"awards":                        at(award, "awards"),
		"parties/0/contactPoint/email":  "udd-wangchanling@mail.taipei.gov.tw", // from the tender notice
		"parties/0/roles":               []any{"buyer", "procuringEntity"},
		"parties/4/id":                  "TW-UBN-80566669",
		"parties/5":                     nil,
	})
	reversed, err := ocds.Merge(nil, []ocds.Release{award, tender})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(compiled, reversed) {
		t.Error("merging in the other order gives another compiled release")
	}
}

// failedNotice is a copy of the sample award notice turned into a failed-award notice (無法決標).
func failedNotice(t *testing.T) Notice {
	n := sample(t)[1]
	n.Detail = maps.Clone(n.Detail)
	n.Detail["type"] = "無法決標公告"
	n.Brief.Type = "無法決標公告"
	n.Date = "20190401"
	n.Filename = "BDM-1-00000000"
	n.Detail["無法決標公告:無法決標的理由"] = "因投標廠商家數未滿三家"
	return n
}

func TestToReleaseFailedAward(t *testing.T) {
	n := failedNotice(t)
	rel := toRelease(t, n)
	expect(t, "failed", rel, map[string]any{
		"ocid":                       "ocds-xxxxxx-3.79.56-1080107MH",
		"id":                         "tenderUpdate-20190401-BDM-1-00000000",
		"tag":                        []any{"tenderUpdate"},
		"tender/status":              "unsuccessful",
		"tender/statusDetails":       "因投標廠商家數未滿三家",
		"tender/title":               "108年度臺北市健康公共住宅暨洲美、新興、大湖朕寶公共住宅戶委託管理維護案",
		"buyer/id":                   "TW-GOV-3.79.56",
		"awards":                     nil,
		"tender/tenderers":           nil,
		"tender/awardPeriod/endDate": nil,
	})
	compiled, err := ocds.Merge(nil, []ocds.Release{toRelease(t, sample(t)[0]), rel})
	if err != nil {
		t.Fatal(err)
	}
	if got := at(compiled, "tender", "status"); got != "unsuccessful" {
		t.Errorf("compiled tender/status = %v, want unsuccessful", got)
	}

	// A failed-award notice with its fields under 無法決標公告, as the field map lists them.
	bare := Notice{Date: "20190401", JobNumber: "1080107MH", UnitID: "3.79.56", Detail: map[string]string{
		"type":           "無法決標公告",
		"無法決標公告:機關代碼":    "3.79.56",
		"無法決標公告:機關名稱":    "臺北市政府都市發展局",
		"無法決標公告:標案名稱":    "某標案",
		"無法決標公告:標的分類":    "<財物類>452電腦",
		"無法決標公告:無法決標的理由": "無廠商投標",
	}}
	expect(t, "bare failed", toRelease(t, bare), map[string]any{
		"tag":                            []any{"tenderUpdate"},
		"tender/status":                  "unsuccessful",
		"tender/statusDetails":           "無廠商投標",
		"tender/title":                   "某標案",
		"tender/mainProcurementCategory": "goods",
		"buyer/name":                     "臺北市政府都市發展局",
		"id":                             "tenderUpdate-20190401",
	})
}

// awardNotice builds an award notice from detail fields.
func awardNotice(fields map[string]string) Notice {
	d := map[string]string{
		"type":        "決標公告",
		"機關資料:機關代碼":   "A.1.2",
		"機關資料:機關名稱":   "某市政府",
		"已公告資料:標案案號":  "J-1",
		"已公告資料:標案名稱":  "某工程",
		"已公告資料:招標方式":  "公開招標",
		"已公告資料:標的分類":  "<工程類>513土木工程",
		"決標資料:決標日期":   "108/05/02",
		"投標廠商:投標廠商家數": "2",
	}
	maps.Copy(d, fields)
	return Notice{Date: "20190503", JobNumber: "J-1", UnitID: "A.1.2", Detail: d}
}

func TestToReleaseJointBid(t *testing.T) {
	rel := toRelease(t, awardNotice(map[string]string{
		"已公告資料:是否共同投標":             "是",
		"投標廠商:投標廠商1:廠商代碼":          "12345678",
		"投標廠商:投標廠商1:廠商名稱":          "甲營造有限公司",
		"投標廠商:投標廠商1:是否得標":          "是",
		"投標廠商:投標廠商1:履約起迄日期":        "108/05/10－109/05/09",
		"投標廠商:投標廠商1(共同投標廠商)1:廠商代碼": "87654321",
		"投標廠商:投標廠商1(共同投標廠商)1:廠商名稱": "乙工程股份有限公司",
		"投標廠商:投標廠商1(共同投標廠商)1:是否得標": "是",
		"投標廠商:投標廠商2:廠商代碼":          "11223344",
		"投標廠商:投標廠商2:廠商名稱":          "丙營造",
		"投標廠商:投標廠商2:是否得標":          "否",
		"決標品項:第1品項:品項名稱":           "某工程",
		"決標品項:第1品項:得標廠商1:得標廠商":     "甲營造有限公司",
		"決標品項:第1品項:得標廠商1:決標金額":     "6,000,000元",
		"決標品項:第1品項:得標廠商2:得標廠商":     "乙工程股份有限公司",
		"決標品項:第1品項:得標廠商2:決標金額":     "4,000,000元",
	}))
	expect(t, "joint bid", rel, map[string]any{
		"ocid":                            "ocds-xxxxxx-A.1.2-J-1",
		"tender/procurementMethod":        "open",
		"tender/procurementMethodDetails": "公開招標",
		"tender/mainProcurementCategory":  "works",
		"tender/numberOfTenderers":        json.Number("2"),
		"tender/tenderers/2/id":           "TW-UBN-11223344",
		"awards/0/suppliers": []any{
			map[string]any{"id": "TW-UBN-12345678", "name": "甲營造有限公司"},
			map[string]any{"id": "TW-UBN-87654321", "name": "乙工程股份有限公司"},
		},
		"awards/0/value/amount":             json.Number("10000000"), // no 總決標金額: the sum
		"awards/0/date":                     "2019-05-02T00:00:00+08:00",
		"awards/0/contractPeriod/startDate": "2019-05-10T00:00:00+08:00",
		"awards/1":                          nil,
		"parties/2/roles":                   []any{"tenderer", "supplier"},
		"parties/3/roles":                   []any{"tenderer"},
	})
}

func TestToReleaseMultipleAwards(t *testing.T) {
	rel := toRelease(t, awardNotice(map[string]string{
		"已公告資料:是否複數決標":          "是",
		"投標廠商:投標廠商1:廠商代碼":       "12345678",
		"投標廠商:投標廠商1:廠商名稱":       "甲公司",
		"投標廠商:投標廠商2:廠商代碼":       "87654321",
		"投標廠商:投標廠商2:廠商名稱":       "乙公司",
		"決標品項:第1品項:品項名稱":        "桌子",
		"決標品項:第1品項:得標廠商1:得標廠商":  "甲公司",
		"決標品項:第1品項:得標廠商1:決標金額":  "1,000元",
		"決標品項:第2品項:品項名稱":        "椅子",
		"決標品項:第2品項:得標廠商1:得標廠商":  "乙公司",
		"決標品項:第2品項:得標廠商1:決標金額":  "2,000元",
		"決標品項:第10品項:品項名稱":       "燈",
		"決標品項:第10品項:得標廠商1:得標廠商": "丁公司", // not among the bidders
		"決標品項:第10品項:得標廠商1:決標金額": "3,000元",
		"決標資料:總決標金額":            "6,000元",
	}))
	expect(t, "multiple", rel, map[string]any{
		"awards/0/id":                  "1",
		"awards/0/suppliers/0/id":      "TW-UBN-12345678",
		"awards/0/value/amount":        json.Number("1000"),
		"awards/0/items/0/description": "桌子",
		"awards/1/id":                  "2",
		"awards/1/suppliers/0/id":      "TW-UBN-87654321",
		"awards/1/value/amount":        json.Number("2000"),
		"awards/2/id":                  "10",
		"awards/2/suppliers/0/id":      "name-丁公司",
		"awards/2/value/amount":        json.Number("3000"),
		"awards/3":                     nil,
		"parties/3/id":                 "name-丁公司",
		"parties/3/identifier":         nil,
		"parties/3/roles":              []any{"supplier"},
	})
}

func TestToReleaseFields(t *testing.T) {
	// A tender notice without 招標方式: the method comes from the type.
	n := Notice{Date: "20190503", JobNumber: "J-2", UnitID: "A.1.2", UnitName: "某機關", Brief: Brief{Title: "某案", Category: "財物類452"}, Detail: map[string]string{
		"type":          "公開取得報價單或企劃書公告",
		"採購資料:預算金額":     "278,000元",
		"採購資料:預算金額是否公開": "否",
		"領投開標:是否提供電子投標": "是",
		"招標資料:決標方式":     "最低標",
		"招標資料:公告日":      "not a date",
	}}
	expect(t, "quotation", toRelease(t, n), map[string]any{
		"buyer/id":                        "TW-GOV-A.1.2",
		"buyer/name":                      "某機關",
		"tender/title":                    "某案",
		"tender/procurementMethod":        "open",
		"tender/procurementMethodDetails": "公開取得報價單或企劃書",
		"tender/mainProcurementCategory":  "goods",
		"tender/awardCriteria":            "priceOnly",
		"tender/value":                    nil, // not public
		"tender/submissionMethod":         []any{"electronicSubmission"},
		"tender/tenderPeriod":             nil,
	})
	n.Detail["採購資料:預算金額是否公開"] = "是"
	n.Detail["採購資料:預算金額"] = "約278,000元"
	expect(t, "bad money", toRelease(t, n), map[string]any{"tender/value": nil})
	n.Detail["採購資料:預算金額"] = "新臺幣 278,000 元"
	expect(t, "money", toRelease(t, n), map[string]any{"tender/value/amount": json.Number("278000")})
	n.Detail["type"] = "公開招標更正公告"
	expect(t, "amendment", toRelease(t, n), map[string]any{"tag": []any{"tenderAmendment"}, "tender/procurementMethodDetails": "公開招標"})
}

func TestProcurementMethod(t *testing.T) {
	for in, want := range map[string]string{
		"公開招標":               "open",
		"公開取得報價單或企劃書":        "open",
		"公開取得電子報價單":          "open",
		"選擇性招標(建立合格廠商名單)":    "selective",
		"選擇性招標(個案)":          "selective",
		"限制性招標(經公開評選或公開徵求)":  "limited",
		"限制性招標(未經公開評選或公開徵求)": "limited",
		"經公開評選或公開徵求之限制性招標":   "limited",
		"":   "",
		"其他": "",
	} {
		if got := ProcurementMethod(in); got != want {
			t.Errorf("ProcurementMethod(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"工程類": "works", "<工程類>513土木工程": "works", "財物類452": "goods", "勞務類82-不動產服務": "services",
		"<勞務類>82不動產服務": "services", "": "", "其他": "",
	} {
		if got := MainCategory(in); got != want {
			t.Errorf("MainCategory(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNoticeKind(t *testing.T) {
	for typ, want := range map[string]string{
		"公開招標公告":              "tender",
		"公開取得報價單或企劃書公告":       "tender",
		"選擇性招標(建立合格廠商名單)公告":   "tender",
		"限制性招標(經公開評選或公開徵求)公告": "tender",
		"公開招標更正公告":            "tenderAmendment",
		"決標公告":                "award",
		"決標更正公告":              "awardUpdate",
		"無法決標公告":              "tenderUpdate",
	} {
		k, err := noticeKind(typ)
		if err != nil || kindTags[k] != want {
			t.Errorf("noticeKind(%q) = %v, %v; want %s", typ, k, err, want)
		}
	}
	for _, typ := range []string{"", "招標文件公開閱覽公告資料公告", "公開徵求廠商提供參考資料公告", "財物變賣公告", "定期彙送"} {
		if k, err := noticeKind(typ); err == nil {
			t.Errorf("noticeKind(%q) = %v, want an error", typ, k)
		}
	}
}

func TestToReleaseErrors(t *testing.T) {
	good := sample(t)[0]
	cases := map[string]func(n *Notice) string{
		"no prefix":    func(n *Notice) string { return " " },
		"no unit":      func(n *Notice) string { n.UnitID = ""; return prefix },
		"no job":       func(n *Notice) string { n.JobNumber = " "; return prefix },
		"bad date":     func(n *Notice) string { n.Date = "20190230"; return prefix },
		"ROC date":     func(n *Notice) string { n.Date = "1080116"; return prefix },
		"no type":      func(n *Notice) string { n.Detail = map[string]string{}; n.Brief.Type = ""; return prefix },
		"unknown type": func(n *Notice) string { n.Detail = map[string]string{"type": "財物變賣公告"}; return prefix },
	}
	for name, edit := range cases {
		n := good
		p := edit(&n)
		if rel, err := ToRelease(n, p); err == nil {
			t.Errorf("%s: ToRelease = %v, want an error", name, rel)
		}
	}
}

func TestToReleasePure(t *testing.T) {
	n := sample(t)[1]
	before := maps.Clone(n.Detail)
	a, err1 := ToRelease(n, prefix)
	b, err2 := ToRelease(n, prefix)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !maps.Equal(before, n.Detail) {
		t.Error("ToRelease modified the notice")
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("ToRelease is not deterministic")
	}
}
