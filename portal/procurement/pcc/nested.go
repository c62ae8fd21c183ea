package pcc

import (
	"fmt"
	"strconv"
	"strings"

	"integrity-portal/internal/problem"
)

// g0v's 2012 parser wrote one document per notice in a nested layout: top-level sections (機關資料,
// 已公告資料 or 採購資料, 投標廠商, 決標品項, 決標資料, 最有利標, …), each a map of field name to the
// PCC's own text, where lists stand for the numbered entries of today's flat "section:field" keys:
//
//	投標廠商: {投標廠商家數: "2", 投標廠商: [{廠商代碼: …, 廠商名稱: …, 是否得標: 是}, …]}
//	  → 投標廠商:投標廠商家數, 投標廠商:投標廠商1:廠商代碼, 投標廠商:投標廠商2:…
//	決標品項: {決標品項數: "1", 決標品項: [{品項名稱: …, 得標廠商: [{得標廠商: …, 決標金額: …}],
//	           未得標廠商: [{未得標廠商: …, 標價金額: …}]}]}
//	  → 決標品項:第1品項:品項名稱, 決標品項:第1品項:得標廠商1:得標廠商, …:未得標廠商1:標價金額
//	a bidder's 共同投標廠商: [{…}] → 投標廠商:投標廠商1(共同投標廠商)1:…
//
// A list of 決標品項 numbers its entries 第N品項, any other list its key followed by N (from 1), as the
// PCC's pages do; each numbered entry also gets its key with an empty value, as the API gives it. A
// section given as a list directly (投標廠商: [{…}]) is that section's list. Top-level text is the
// record's: date (YYYYMMDD or an ROC date), filename, job_number, unit_id, unit_name; any other
// (type, url) is a detail field as in the API.

// nestedSections are the top-level sections of the nested layout, by which it is recognised.
var nestedSections = []string{secAgency, secAnnounced, secProc, secTendering, secBidding, secOther, secContent,
	secBidders, secItems, secAward, secFailed, "最有利標"}

// IsNestedSection reports whether key is a section of the nested layout (a notice's top-level key).
func IsNestedSection(key string) bool {
	for _, s := range nestedSections {
		if key == s {
			return true
		}
	}
	return false
}

// recordKeys are the top-level text values that are the record's, not a detail field.
var recordKeys = map[string]bool{"date": true, "filename": true, "job_number": true, "unit_id": true, "unit_name": true}

// FromNested makes a notice of one document of the nested layout, decoded as map[string]any, []any,
// string and nil (every scalar as its text), or says why it cannot be a notice (in English, and as a
// problem for the reader's language).
func FromNested(doc any) (Notice, string, problem.P) {
	m, ok := doc.(map[string]any)
	if !ok {
		return Notice{}, fmt.Sprintf("a notice is a map of sections, not %s", nestedKind(doc)), problem.Of("nested.not_map")
	}
	n := Notice{Detail: map[string]string{}}
	sections, date := 0, ""
	for k, v := range m {
		switch v := v.(type) {
		case nil:
		case string:
			switch k {
			case "date":
				date = clean(v)
			case "filename":
				n.Filename = v
			case "job_number":
				n.JobNumber = clean(v)
			case "unit_id":
				n.UnitID = clean(v)
			case "unit_name":
				n.UnitName = clean(v)
			default:
				n.Detail[k] = v
			}
		case map[string]any:
			sections++
			for field, fv := range v {
				putNested(n.Detail, k, field, fv)
			}
		case []any:
			sections++
			putList(n.Detail, k, k, v)
		}
	}
	if sections == 0 {
		return Notice{}, "the document has no section (機關資料, 已公告資料, 採購資料, 決標資料, …)", problem.Of("nested.no_section")
	}
	n.UnitID = firstOf(n.UnitID, n.get(fUnitID))
	n.UnitName = firstOf(n.UnitName, n.get(fUnitName))
	n.JobNumber = firstOf(n.JobNumber, n.get(fJobNumber))
	n.Brief = Brief{Type: nestedType(n), Title: n.get(fTitle), Category: n.get(fCategory)}
	switch {
	case n.UnitID == "":
		return Notice{}, "the notice has no 機關資料:機關代碼", problem.Of("nested.no_unit_id")
	case n.JobNumber == "":
		return Notice{}, "the notice has no 標案案號 (in 採購資料 or 已公告資料)", problem.Of("nested.no_job_number")
	}
	if date == "" {
		for _, key := range nestedDates {
			if date = clean(n.Detail[key]); date != "" {
				break
			}
		}
	}
	t, err := ParseROCDate(date)
	if err != nil {
		return Notice{}, fmt.Sprintf("the notice has no date of its own that is a date (決標資料:決標公告日期, 招標資料:公告日, or date): %.40q", date),
			problem.P{Code: "nested.no_date", Value: problem.Clip(date)}
	}
	n.Date = t.Format("20060102")
	return n, "", problem.P{}
}

// nestedDates are where a notice's own date is, in the order tried, when the document gives no date.
var nestedDates = []string{"決標資料:決標公告日期", "無法決標公告:無法決標公告日期", "招標資料:公告日", "採購資料:公告日"}

// nestedType is the notice type of a document that does not give it (type): an award notice when it
// has an award's sections, a failed award with 無法決標公告, else a tender notice of its method.
func nestedType(n Notice) string {
	if t := clean(n.Detail["type"]); t != "" {
		return t
	}
	has := func(section string) bool {
		for k := range n.Detail {
			if strings.HasPrefix(k, section+":") {
				return true
			}
		}
		return false
	}
	switch {
	case has(secFailed):
		return "無法決標公告"
	case has(secAward) || has(secItems) || has(secBidders):
		for _, sec := range []string{secAnnounced, secProc} {
			if t := clean(n.Detail[sec+":決標資料類別"]); strings.Contains(t, "決標") {
				return t
			}
		}
		return "決標公告"
	case n.get(fMethod) != "":
		return n.get(fMethod) + "公告"
	}
	return ""
}

// putNested sets the flat key prefix:key from a value of the nested layout.
func putNested(detail map[string]string, prefix, key string, v any) {
	switch v := v.(type) {
	case string:
		detail[prefix+":"+key] = v
	case map[string]any:
		for k, fv := range v {
			putNested(detail, prefix+":"+key, k, fv)
		}
	case []any:
		putList(detail, prefix, key, v)
	}
}

// putList numbers the entries of a list as the flat keys do: prefix:第N品項 for 決標品項, else
// prefix:keyN; a bidder's 共同投標廠商 become its siblings, prefix:keyN(共同投標廠商)M.
func putList(detail map[string]string, prefix, key string, list []any) {
	for i, item := range list {
		name := key + strconv.Itoa(i+1)
		if key == secItems {
			name = "第" + strconv.Itoa(i+1) + "品項"
		}
		entry := prefix + ":" + name
		switch item := item.(type) {
		case map[string]any:
			detail[entry] = ""
			for k, fv := range item {
				if members, ok := fv.([]any); ok && k == "共同投標廠商" {
					for j, member := range members {
						joint := entry + "(共同投標廠商)" + strconv.Itoa(j+1)
						detail[joint] = ""
						if mm, ok := member.(map[string]any); ok {
							for mk, mv := range mm {
								putNested(detail, joint, mk, mv)
							}
						}
					}
					continue
				}
				putNested(detail, entry, k, fv)
			}
		default:
			putNested(detail, prefix, name, item)
		}
	}
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func nestedKind(v any) string {
	switch v.(type) {
	case nil:
		return "an empty document"
	case string:
		return "text"
	case []any:
		return "a list"
	}
	return "a map"
}
