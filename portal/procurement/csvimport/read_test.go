package csvimport

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/traditionalchinese"

	"integrity-portal/portal/procurement/ocds"
)

const (
	zhHeader = "標案案號,機關代碼,機關名稱,標案名稱,招標方式,採購性質,預算金額,公告日期,截止投標,投標廠商家數,決標項次,決標日期,決標金額,得標廠商統一編號,得標廠商"
	enHeader = "case_number,buyer_id,buyer_name,title,procurement_method,category,tender_value,tender_start,tender_end,number_of_tenderers,award_id,award_date,award_value,supplier_id,supplier_name"
	// goodRow is a valid row under zhHeader or enHeader, which the bad-input cases spoil one cell of.
	goodRow = "113A,3.76.47,臺中市政府建設局,道路維護,公開招標,工程,1000000,113/01/05,113/01/22,3,,113/02/01,900000,12345678,大道營造"
	prefix  = "ocds-test"
)

// Field indexes of goodRow.
const (
	iCase = iota
	iBuyerID
	iBuyerName
	iTitle
	iMethod
	iCategory
	iTenderValue
	iTenderStart
	iTenderEnd
	iTenderers
	iAwardID
	iAwardDate
	iAwardValue
	iSupplierID
	iSupplierName
)

// with returns goodRow with fields set: index, value, index, value, …
func with(kv ...any) string {
	f := strings.Split(goodRow, ",")
	for i := 0; i < len(kv); i += 2 {
		f[kv[i].(int)] = kv[i+1].(string)
	}
	return strings.Join(f, ",")
}

func read(t *testing.T, s string, enc Encoding) (*Result, error) {
	t.Helper()
	return Read(strings.NewReader(s), Options{Encoding: enc, OCIDPrefix: prefix})
}

// mustRead reads a file that must be accepted whole.
func mustRead(t *testing.T, s string, enc Encoding) *Result {
	t.Helper()
	res, err := read(t, s, enc)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if res.Problems > 0 {
		t.Fatalf("rejected: %v", res.Rejections)
	}
	return res
}

func sampleCSV(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func toBig5(t *testing.T, s string) string {
	t.Helper()
	b, err := traditionalchinese.Big5.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("big5: %v", err)
	}
	return b
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// at returns the value at a path of keys and indexes in a release.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			if r, ok := v.(ocds.Release); ok {
				m = r
			}
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func TestReadSample(t *testing.T) {
	res := mustRead(t, sampleCSV(t), Auto)
	if res.Encoding != UTF8 || res.Rows != 6 || res.Processes != 4 || len(res.Releases) != 4 {
		t.Fatalf("encoding %s, %d rows, %d processes, %d releases; want utf-8, 6, 4, 4", res.Encoding, res.Rows, res.Processes, len(res.Releases))
	}
	road, joint, library, truck := res.Releases[0], res.Releases[1], res.Releases[2], res.Releases[3]

	checks := []struct {
		rel  ocds.Release
		path []any
		want any
	}{
		{road, []any{"ocid"}, "ocds-test-3.76.47-1130105A"},
		{road, []any{"id"}, ReleaseID},
		{road, []any{"date"}, "2024-02-01T00:00:00+08:00"}, // the latest date: the award's
		{road, []any{"buyer", "id"}, "TW-GOV-3.76.47"},
		{road, []any{"tender", "id"}, "1130105A"},
		{road, []any{"tender", "title"}, "113年度道路維護工程"},
		{road, []any{"tender", "procurementMethod"}, "open"},
		{road, []any{"tender", "procurementMethodDetails"}, "公開招標"},
		{road, []any{"tender", "mainProcurementCategory"}, "works"},
		{road, []any{"tender", "value", "amount"}, json.Number("12000000")},
		{road, []any{"tender", "value", "currency"}, "TWD"},
		{road, []any{"tender", "tenderPeriod", "startDate"}, "2024-01-05T00:00:00+08:00"},
		{road, []any{"tender", "tenderPeriod", "endDate"}, "2024-01-22T17:00:00+08:00"},
		{road, []any{"tender", "numberOfTenderers"}, json.Number("3")},
		{road, []any{"tender", "status"}, "complete"},
		{road, []any{"awards", 0, "value", "amount"}, json.Number("11500000")},
		{road, []any{"awards", 0, "suppliers", 0, "id"}, "TW-UBN-12345678"},
		{road, []any{"awards", 0, "suppliers", 0, "name"}, "大道營造股份有限公司"},
		// A joint bid: two rows of one award, two suppliers, the award's value once.
		{joint, []any{"tender", "value", "amount"}, json.Number("9000000")},
		{joint, []any{"awards", 0, "id"}, "1"},
		{joint, []any{"awards", 0, "value", "amount"}, json.Number("8800000")},
		{joint, []any{"awards", 0, "suppliers", 1, "id"}, "TW-UBN-04595257"},
		{joint, []any{"awards", 1}, nil},
		// Separate awards by 決標項次, each with its own supplier and value.
		{library, []any{"tender", "procurementMethod"}, "selective"},
		{library, []any{"tender", "procurementMethodDetails"}, "選擇性招標(建立合格廠商名單)"},
		{library, []any{"tender", "tenderPeriod", "startDate"}, "2024-04-10T00:00:00+08:00"},
		{library, []any{"awards", 0, "id"}, "1"},
		{library, []any{"awards", 1, "id"}, "2"},
		{library, []any{"awards", 1, "value", "amount"}, json.Number("1650000")},
		{library, []any{"awards", 1, "suppliers", 0, "name"}, "丁圖書有限公司"},
		// No award yet: a tender release whose status the file does not say.
		{truck, []any{"tag"}, []any{"tender"}},
		{truck, []any{"awards"}, nil},
		{truck, []any{"tender", "status"}, nil},
		{truck, []any{"tender", "value", "amount"}, json.Number("980000")},
		{truck, []any{"date"}, "2024-03-11T17:00:00+08:00"},
	}
	for _, c := range checks {
		if got := at(c.rel, c.path...); jsonOf(t, got) != jsonOf(t, c.want) {
			t.Errorf("%s %v = %s, want %s", c.rel.OCID(), c.path, jsonOf(t, got), jsonOf(t, c.want))
		}
	}
	// Every release is one OCDS can merge (a valid ocid and date).
	for _, r := range res.Releases {
		if _, err := ocds.Merge(nil, []ocds.Release{r}); err != nil {
			t.Errorf("%s: merge: %v", r.OCID(), err)
		}
	}
	// The same file gives the same releases.
	if again := mustRead(t, sampleCSV(t), Auto); jsonOf(t, again.Releases) != jsonOf(t, res.Releases) {
		t.Error("a second read gives other releases")
	}
}

func TestHeadersZhAndEn(t *testing.T) {
	zh := mustRead(t, zhHeader+"\n"+goodRow+"\n", Auto)
	en := mustRead(t, enHeader+"\n"+goodRow+"\n", Auto)
	// Case, spaces and hyphens do not matter in English headers; order does not matter either.
	mixed := "  Title ,Buyer-ID,BUYER_NAME,Case Number,Procurement_Method,category,tender_value,tender_start,tender_end,Number of Tenderers,award_id,award_date,award_value,Supplier ID,supplier_name\n" +
		with(iCase, "道路維護", iBuyerID, "3.76.47", iTitle, "113A") + "\n"
	m := mustRead(t, mixed, Auto)
	want := jsonOf(t, zh.Releases)
	if got := jsonOf(t, en.Releases); got != want {
		t.Errorf("en headers:\n%s\nwant\n%s", got, want)
	}
	if got := jsonOf(t, m.Releases); got != want {
		t.Errorf("mixed headers:\n%s\nwant\n%s", got, want)
	}
	// Optional columns may be left out; an ocid column gives the ocid as written.
	min := mustRead(t, "ocid,機關代碼,機關名稱,標案名稱,決標日期\nocds-abc-1,3.76.47,臺中市政府建設局,道路維護,113/02/01\n", Auto)
	if r := min.Releases[0]; r.OCID() != "ocds-abc-1" || at(r, "tender", "id") != "ocds-abc-1" || at(r, "awards", 0, "date") != "2024-02-01T00:00:00+08:00" {
		t.Errorf("minimal file: %s", jsonOf(t, r))
	}
	// Currency: TWD unless a 幣別 column says otherwise.
	usd := mustRead(t, "標案案號,機關代碼,機關名稱,標案名稱,公告日期,預算金額,幣別\n1,3.76.47,臺中市政府建設局,進口儀器,113/01/05,5000,usd\n", Auto)
	if got := at(usd.Releases[0], "tender", "value", "currency"); got != "USD" {
		t.Errorf("currency %v, want USD", got)
	}
}

func TestHeaderErrors(t *testing.T) {
	cases := []struct{ name, file, want string }{
		{"unknown", zhHeader + ",備註,Notes\n" + goodRow + ",,\n", `line 1 (header): unknown column(s) "備註", "Notes"`},
		{"missing", "標案案號,機關代碼,決標日期\n113A,3.76.47,113/02/01\n", "missing required column(s) 機關名稱 (buyer_name), 標案名稱 (title)"},
		{"no case or ocid", "機關代碼,機關名稱,標案名稱\n3.76.47,臺中市政府建設局,道路維護\n", "missing required column(s) 標案案號 (case_number) or ocid"},
		{"repeated", zhHeader + ",title\n" + goodRow + ",道路維護\n", `the same column twice: "標案名稱" and "title"`},
		{"nameless", zhHeader + ",\n" + goodRow + ",\n", "column(s) 16 have no header"},
		{"tabs", strings.ReplaceAll(zhHeader, ",", "\t") + "\n", "separated by tabs"},
		{"empty", "", "the file is empty"},
		{"blank", "\n\n", "the file is empty"},
	}
	for _, c := range cases {
		res, err := read(t, c.file, Auto)
		if err == nil || !strings.Contains(err.Error(), c.want) || res != nil {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
	}
	// A header and no rows: nothing to import, and nothing wrong.
	res := mustRead(t, zhHeader+"\n", Auto)
	if res.Rows != 0 || len(res.Releases) != 0 {
		t.Errorf("header only: %d rows, %d releases", res.Rows, len(res.Releases))
	}
}

func TestEncodings(t *testing.T) {
	plain := sampleCSV(t)
	want := jsonOf(t, mustRead(t, plain, UTF8).Releases)
	big5 := toBig5(t, plain)
	if strings.Contains(big5, "臺中") {
		t.Fatal("the Big5 fixture is UTF-8")
	}
	good := []struct {
		name    string
		file    string
		enc     Encoding
		wantEnc Encoding
	}{
		{"UTF-8, auto", plain, Auto, UTF8},
		{"UTF-8 with BOM, auto", "\ufeff" + plain, Auto, UTF8},
		{"UTF-8 with BOM, utf-8", "\ufeff" + plain, UTF8, UTF8},
		{"CRLF line ends", strings.ReplaceAll(plain, "\n", "\r\n"), Auto, UTF8},
		{"Big5, auto", big5, Auto, Big5},
		{"Big5, big5", big5, Big5, Big5},
	}
	for _, c := range good {
		res, err := read(t, c.file, c.enc)
		if err != nil || res.Problems > 0 {
			t.Errorf("%s: %v %v", c.name, err, res.Rejections)
			continue
		}
		if res.Encoding != c.wantEnc || jsonOf(t, res.Releases) != want {
			t.Errorf("%s: read as %s, releases differ: %v", c.name, res.Encoding, res.Encoding != c.wantEnc)
		}
	}

	enBig5 := toBig5(t, enHeader+"\n"+goodRow+"\n")
	bad := []struct {
		name string
		file string
		enc  Encoding
		want string
	}{
		{"Big5 declared UTF-8", big5, UTF8, "line 1 is not valid UTF-8 (byte 1): the file may be Big5; import it with encoding big5"},
		{"Big5 declared UTF-8, English header", enBig5, UTF8, "line 2 is not valid UTF-8"},
		{"BOM then Big5", "\ufeff" + enBig5, Auto, "line 2 is not valid UTF-8"},
		{"UTF-8 with BOM declared Big5", "\ufeff" + plain, Big5, "UTF-8 byte order mark, so it is UTF-8, not Big5"},
		{"UTF-8 declared Big5", plain, Big5, "not Big5"},
		{"neither", enHeader + "\n" + "113A,3.76.47,\xff\xfe\xff,道路\n", Auto, "not valid UTF-8 (line 2) and not Big5 either (line 2)"},
		{"cut in a character", enHeader + "\n" + goodRow[:len(goodRow)-1], Auto, "line 2: the file ends in the middle of a UTF-8 character: it looks cut short"},
		{"UTF-16", "\xff\xfe" + "a\x00b\x00", Auto, "UTF-16"},
		{"NUL", enHeader + "\n113A\x00,3.76.47\n", Auto, "line 2 holds a NUL byte"},
		{"unknown encoding", plain, Encoding("latin1"), `encoding "latin1"`},
	}
	for _, c := range bad {
		res, err := read(t, c.file, c.enc)
		if err == nil || !strings.Contains(err.Error(), c.want) || res != nil {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
	}

	for in, want := range map[string]Encoding{"": Auto, "AUTO": Auto, "utf8": UTF8, "UTF-8": UTF8, "Big5": Big5} {
		if got, err := ParseEncoding(in); err != nil || got != want {
			t.Errorf("ParseEncoding(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseEncoding("utf-16"); err == nil {
		t.Error("ParseEncoding(utf-16) accepted")
	}
}

// TestBadRows checks that each kind of bad input rejects the whole file, with a message naming the
// line, the column and the reason.
func TestBadRows(t *testing.T) {
	other := with(iCase, "113B", iTitle, "路燈更新") // a second good process
	cases := []struct {
		name     string
		header   string // zhHeader when empty
		rows     []string
		noEOL    bool     // the file does not end with a line break
		want     []string // each in some rejection
		problems int
	}{
		{"truncated row", "", []string{goodRow, other, "113C,3.76.47,臺中市政府建設局,路燈"}, true,
			[]string{"line 4: has 4 fields, the header has 15 (the file seems cut short)"}, 1},
		{"truncated in quotes", "", []string{goodRow, other, `113C,3.76.47,"臺中市政府`}, true,
			[]string{`line 4: a quoted field has no closing quote (") where it should: is the file cut short?`}, 1},
		{"row too long", "", []string{goodRow + ",extra"}, false, []string{"line 2: has 16 fields, the header has 15"}, 1},
		{"bare quote", "", []string{with(iBuyerName, `臺中"市政府`)}, false, []string{`line 2: a quote (") inside a field that is not quoted`}, 1},
		{"text in a count", "", []string{with(iTenderers, "三家")}, false, []string{`line 2, 投標廠商家數: "三家" is not a whole number`}, 1},
		{"text in a date", "", []string{with(iAwardDate, "明天")}, false, []string{`line 2, 決標日期: "明天" is not a date`}, 1},
		{"text in an amount", "", []string{with(iTenderValue, "一百萬")}, false, []string{`line 2, 預算金額: "一百萬" is not an amount`}, 1},
		{"huge amount", "", []string{with(iAwardValue, `"99,999,999,999,999,999"`)}, false,
			[]string{`line 2, 決標金額: "99,999,999,999,999,999" is more than 10000000000000`}, 1},
		{"huge count", "", []string{with(iTenderers, "1000000")}, false, []string{`line 2, 投標廠商家數: "1000000" is more than 9999`}, 1},
		{"negative amount", "", []string{with(iTenderValue, `"-1,000"`)}, false, []string{`line 2, 預算金額: "-1,000" is negative`}, 1},
		{"negative count", "", []string{with(iTenderers, "-2")}, false, []string{`line 2, 投標廠商家數: "-2" is negative`}, 1},
		{"exponent", "", []string{with(iAwardValue, "1.15E+07")}, false, []string{`line 2, 決標金額: "1.15E+07" is written with an exponent`}, 1},
		{"decimals", "", []string{with(iAwardValue, "899999.5")}, false, []string{`line 2, 決標金額: "899999.5" has decimals`}, 1},
		{"ROC 113/02/30", "", []string{with(iAwardDate, "113/02/30")}, false,
			[]string{`line 2, 決標日期: "113/02/30" is not a date: February 2024 has 29 days`}, 1},
		{"western 2023-02-29", "", []string{other, with(iTenderStart, "2023-02-29")}, false,
			[]string{`line 3, 公告日期: "2023-02-29" is not a date: February 2023 has 28 days`}, 1},
		{"month 13", "", []string{with(iTenderEnd, "113/13/01")}, false, []string{`line 2, 截止投標: "113/13/01" is not a date: there is no month 13`}, 1},
		{"several problems", "", []string{with(iTenderValue, "abc", iAwardDate, "113/02/30"), other, with(iCase, "113C", iTenderers, "x")}, false,
			[]string{`line 2, 預算金額:`, `line 2, 決標日期:`, `line 4, 投標廠商家數:`}, 3},
		{"ocid twice, other title", "", []string{goodRow, other, with(iTitle, "路面刨鋪")}, false,
			[]string{`line 4, 標案名稱: differs from line 2 for the same ocid: "路面刨鋪" here, "道路維護" there`}, 1},
		{"ocid twice, other budget", "", []string{goodRow, with(iTenderValue, `"1,000,001"`)}, false,
			[]string{`line 3, 預算金額: differs from line 2 for the same ocid: "1,000,001" here, "1000000" there`}, 1},
		{"ocid twice, other method and category", "", []string{goodRow, with(iMethod, "限制性招標", iCategory, "勞務")}, false,
			[]string{`line 3, 招標方式: differs from line 2`, `line 3, 採購性質: differs from line 2`}, 2},
		{"explicit ocid, two buyers", "ocid,機關代碼,機關名稱,標案名稱,公告日期", []string{
			"ocds-x-1,3.76.47,臺中市政府建設局,道路維護,113/01/05",
			"ocds-x-1,3.76.30,臺中市政府環境保護局,道路維護,113/01/05"}, false,
			[]string{`line 3, 機關代碼: differs from line 2 for the same ocid: "3.76.30" here, "3.76.47" there`, `line 3, 機關名稱: differs from line 2`}, 2},
		{"joint bid, two award values", "", []string{goodRow, with(iSupplierID, "87654321", iSupplierName, "甲公司", iAwardValue, "800000")}, false,
			[]string{`line 3, 決標金額: differs from line 2 for the same award (決標項次 1): "800000" here, "900000" there`}, 1},
		{"one supplier, two names", "", []string{goodRow, with(iAwardID, "2", iSupplierName, "大道營造股份有限公司")}, false,
			[]string{`line 3, 得標廠商: differs from line 2 for the same supplier (得標廠商統一編號 12345678)`}, 1},
		{"no title", "", []string{with(iTitle, " ")}, false, []string{"line 2, 標案名稱: is empty: every row needs it"}, 1},
		{"no case number", "", []string{with(iCase, "")}, false, []string{"line 2, 標案案號: is empty: every row needs an ocid or a 標案案號"}, 1},
		{"bad agency code", "", []string{with(iBuyerID, "臺中市")}, false, []string{`line 2, 機關代碼: "臺中市" is not an agency code`}, 1},
		{"dropped leading zero", "", []string{with(iSupplierID, "4595257")}, false, []string{`line 2, 得標廠商統一編號: "4595257" has 7 digits, not 8 (a spreadsheet may have dropped a leading zero`}, 1},
		{"unknown method", "", []string{with(iMethod, "比價")}, false, []string{`line 2, 招標方式: "比價" is not a known method`}, 1},
		{"unknown category", "", []string{with(iCategory, "其他")}, false, []string{`line 2, 採購性質: "其他" is not a category`}, 1},
		{"award item without award", "", []string{with(iAwardID, "2", iAwardDate, "", iAwardValue, "", iSupplierID, "", iSupplierName, "")}, false,
			[]string{"line 2, 決標項次: is given, but the row has no award"}, 1},
		{"no date", "", []string{with(iTenderStart, "", iTenderEnd, "", iAwardDate, "")}, false,
			[]string{"line 2: the process ocds-test-3.76.47-113A has no date: give 公告日期, 截止投標 or 決標日期 on one of its rows"}, 1},
		{"deadline before publication", "", []string{with(iTenderEnd, ""), with(iTenderStart, "", iTenderEnd, "113/01/02")}, false,
			[]string{`line 3, 截止投標: "113/01/02" is before 公告日期 "113/01/05" (line 2)`}, 1},
		{"deadline before publication, one row", "", []string{with(iTenderEnd, "113/01/04 17:00")}, false,
			[]string{`line 2, 截止投標: "113/01/04 17:00" is before 公告日期 "113/01/05" (line 2)`}, 1},
		{"control character", "", []string{with(iTitle, "道路\x1b維護")}, false, []string{"line 2, 標案名稱: holds a control character (U+001B)"}, 1},
		{"good rows, then one bad", "", []string{goodRow, other, other, with(iCase, "113C", iAwardValue, "N/A")}, false,
			[]string{`line 5, 決標金額: "N/A" is not an amount`}, 1},
	}
	for _, c := range cases {
		h := c.header
		if h == "" {
			h = zhHeader
		}
		file := h + "\n" + strings.Join(c.rows, "\n")
		if !c.noEOL {
			file += "\n"
		}
		res, err := read(t, file, Auto)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if res.Releases != nil || res.Problems != c.problems || res.RejectedLines == 0 {
			t.Errorf("%s: %d releases, %d problems (want none and %d): %v", c.name, len(res.Releases), res.Problems, c.problems, res.Rejections)
		}
		for _, w := range c.want {
			found := false
			for _, r := range res.Rejections {
				found = found || strings.Contains(r.String(), w)
			}
			if !found {
				t.Errorf("%s: no rejection with %q in %v", c.name, w, res.Rejections)
			}
		}
	}
}

func TestRowsOfOneProcess(t *testing.T) {
	// Blank cells take the value of the process's other rows; the same value written differently is
	// no conflict; a repeated row adds nothing.
	res := mustRead(t, zhHeader+"\n"+
		goodRow+"\n"+
		with(iTenderValue, `"1,000,000元"`, iMethod, "", iTenderStart, "2024-01-05", iAwardDate, "", iAwardValue, "", iSupplierID, "87654321", iSupplierName, "甲公司")+"\n"+
		goodRow+"\n"+
		"\n,,,,,,,,,,,,,,\n", Auto)
	if res.Rows != 3 || len(res.Releases) != 1 {
		t.Fatalf("%d rows, %d releases; want 3 and 1", res.Rows, len(res.Releases))
	}
	r := res.Releases[0]
	if got := jsonOf(t, at(r, "awards")); !strings.Contains(got, `"amount":900000`) || strings.Count(got, `"id":"TW-UBN-`) != 2 {
		t.Errorf("awards %s: want one award of 900000 with two suppliers", got)
	}
	if got := at(r, "tender", "procurementMethod"); got != "open" {
		t.Errorf("method %v", got)
	}
}

func TestRejectionsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(zhHeader + "\n")
	for i := range 300 {
		b.WriteString(with(iCase, "C"+strings.Repeat("9", i%7)+string(rune('A'+i%26))+"-"+strings.Repeat("1", i/26+1), iAwardDate, "113/02/30") + "\n")
	}
	res, err := read(t, b.String(), Auto)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rejections) != MaxListed || res.Problems != 300 || res.RejectedLines != 300 || res.Releases != nil {
		t.Errorf("%d listed, %d problems on %d lines; want %d, 300, 300", len(res.Rejections), res.Problems, res.RejectedLines, MaxListed)
	}
	if res.Rejections[0].Line != 2 || res.Rejections[MaxListed-1].Line != MaxListed+1 {
		t.Errorf("listed lines %d to %d", res.Rejections[0].Line, res.Rejections[MaxListed-1].Line)
	}
}

func TestReadNeedsPrefix(t *testing.T) {
	if _, err := Read(strings.NewReader(zhHeader+"\n"+goodRow+"\n"), Options{}); err == nil {
		t.Error("no ocid prefix accepted")
	}
}
