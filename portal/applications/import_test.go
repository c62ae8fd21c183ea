package applications

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/csvimport"
)

const (
	appsZhHeader = "機關代碼,機關名稱,案件編號,申請項目代碼,申請項目,申請方式,收件日期,結案日期,補正日數,展延,展延日數,處理結果"
	appsEnHeader = "agency_code,agency_name,case_number,service_code,service_name,channel,received,closed,suspended_days,extended,extension_days,outcome"
	// goodApp is a valid row under either header, which the bad-input cases spoil.
	goodApp = "387000001A,臺中市政府民政局,X-001,01,戶籍謄本,臨櫃,2024-03-01,2024-03-05,0,否,0,核准"
)

// withHeader replaces the first line of a file.
func withHeader(file, header string) string {
	_, rest, _ := strings.Cut(file, "\n")
	return header + "\n" + rest
}

func countRecords(t *testing.T, pool *pgxpool.Pool) (records, services int) {
	t.Helper()
	err := pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM application_records), (SELECT count(*) FROM application_services)`).Scan(&records, &services)
	if err != nil {
		t.Fatal(err)
	}
	return records, services
}

// The same applications in every encoding and with either header are the same records: the first
// import stores them, every other changes nothing.
func TestImportApplicationsEncodings(t *testing.T) {
	pool := testdb.New(t)
	importFile(t, pool, KindPeriods, readTestdata(t, "periods.csv"))
	zh := readTestdata(t, "applications.csv")
	en := withHeader(zh, appsEnHeader)
	// English values too: channels and outcomes as codes, ROC dates as western ones.
	enValues := strings.NewReplacer("臨櫃", "counter", "網路", "online", "郵寄", "mail", "核准", "approved", "駁回", "rejected",
		"撤回", "withdrawn", "否", "no", "是", "yes", "113/01/08", "2024-01-08", "113/01/22", "2024-01-22").Replace(en)
	cases := []struct {
		name, content string
		enc           csvimport.Encoding
		read          csvimport.Encoding
	}{
		{"UTF-8, zh headers", zh, csvimport.Auto, csvimport.UTF8},
		{"UTF-8 with BOM, zh headers", "\ufeff" + zh, csvimport.Auto, csvimport.UTF8},
		{"UTF-8 with BOM, en headers", "\ufeff" + en, csvimport.UTF8, csvimport.UTF8},
		{"UTF-8, en headers and values, CRLF", strings.ReplaceAll(enValues, "\n", "\r\n"), csvimport.Auto, csvimport.UTF8},
		{"Big5, zh headers", toBig5(t, zh), csvimport.Auto, csvimport.Big5},
		{"Big5 declared, en headers", toBig5(t, en), csvimport.Big5, csvimport.Big5},
	}
	for i, c := range cases {
		rep, err := File(context.Background(), pool, KindApplications, strings.NewReader(c.content), Options{Encoding: c.enc, Today: asOf})
		if err != nil {
			t.Fatalf("%s: %v %+v", c.name, err, rep)
		}
		want := [3]int{0, 0, 15} // inserted, updated, unchanged
		if i == 0 {
			want = [3]int{15, 0, 0}
		}
		if got := [3]int{rep.Inserted, rep.Updated, rep.Unchanged}; got != want || rep.Encoding != string(c.read) || !rep.Stored || rep.Rows != 15 {
			t.Errorf("%s: %+v; want inserted, updated, unchanged %v, read as %s", c.name, rep, want, c.read)
		}
	}
	if records, services := countRecords(t, pool); records != 15 || services != 3 {
		t.Errorf("%d records, %d services; want 15, 3", records, services)
	}
}

// A corrected file replaces the rows it changes, by case number; a file without case numbers is
// keyed by content, so importing it again changes nothing.
func TestImportApplicationsIdempotent(t *testing.T) {
	pool := testdb.New(t)
	importFile(t, pool, KindPeriods, readTestdata(t, "periods.csv"))
	sample := readTestdata(t, "applications.csv")
	importFile(t, pool, KindApplications, sample)

	// A-006 is closed since, and C-001 moves to another service, new to the registry.
	changed := strings.Replace(sample, "A-006,01,戶籍謄本,臨櫃,2024-01-30,,,,,", "A-006,01,戶籍謄本,臨櫃,2024-01-30,2024-03-29,,,,核准", 1)
	changed = strings.Replace(changed, "C-001,01,戶籍謄本", "C-001,09,印鑑證明", 1)
	rep := importFile(t, pool, KindApplications, changed)
	if rep.Inserted != 0 || rep.Updated != 2 || rep.Unchanged != 13 || rep.NewServices != 1 {
		t.Errorf("corrected file: %+v; want 2 updated, 13 unchanged, 1 new service", rep)
	}
	var closed, service string
	pool.QueryRow(context.Background(), `SELECT r.closed::text, s.name_zh FROM application_records r JOIN application_services s ON s.id = r.service_id
		WHERE r.case_key = 'A-006'`).Scan(&closed, new(string))
	pool.QueryRow(context.Background(), `SELECT s.name_zh FROM application_records r JOIN application_services s ON s.id = r.service_id
		WHERE r.case_key = 'C-001'`).Scan(&service)
	if closed != "2024-03-29" || service != "印鑑證明" {
		t.Errorf("A-006 closed %q, C-001 service %q", closed, service)
	}

	// Without case numbers: two identical rows are two applications, and a second import adds none.
	keyless := "agency_code,agency_name,service_code,service_name,channel,received,closed,outcome\n" +
		"387000002A,臺中市政府地政局,01,土地登記,counter,2024-03-01,2024-03-04,approved\n" +
		"387000002A,臺中市政府地政局,01,土地登記,counter,2024-03-01,2024-03-04,approved\n" +
		"387000002A,臺中市政府地政局,01,土地登記,mail,2024-03-01,,\n"
	rep = importFile(t, pool, KindApplications, keyless)
	if rep.Inserted != 3 || len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "keyed by their content") {
		t.Errorf("keyless file: %+v", rep)
	}
	rep = importFile(t, pool, KindApplications, keyless)
	if rep.Inserted != 0 || rep.Updated != 0 || rep.Unchanged != 3 {
		t.Errorf("keyless file again: %+v", rep)
	}
	if records, _ := countRecords(t, pool); records != 18 {
		t.Errorf("%d records, want 18", records)
	}
}

// Each bad input is refused with a message naming its line and column, and nothing of the file is
// stored, not even a service it would have registered.
func TestImportApplicationsRejects(t *testing.T) {
	pool := testdb.New(t)
	importFile(t, pool, KindPeriods, readTestdata(t, "periods.csv"))
	_, servicesBefore := countRecords(t, pool)
	row := func(old, new string) string { return strings.Replace(goodApp, old, new, 1) }
	newService := "387000001A,臺中市政府民政局,X-100,77,新項目,臨櫃,2024-03-01,2024-03-05,0,否,0,核准" // valid, and new
	for _, c := range []struct {
		name, body string
		want       []string
	}{
		{"date in the future", row("2024-03-05", "2024-04-02"),
			[]string{`line 3, 結案日期: "2024-04-02" is in the future (today is 2024-03-31)`}},
		{"closed before received", row("2024-03-05", "2024-02-28"),
			[]string{"line 3, 結案日期: 2024-02-28 is before 收件日期 2024-03-01"}},
		{"negative 補正 days", row(",0,否", ",-2,否"),
			[]string{`line 3, 補正日數: "-2" is negative`}},
		{"more 補正 days than the application took", row(",0,否", ",9,否"),
			[]string{`line 3, 補正日數: "9" days suspended for 補正 are more than the 4 days from received to closed`}},
		{"unknown agency", row("387000001A", "387999999A"),
			[]string{`line 3, 機關代碼: "387999999A" is not a known agency: import its processing periods first`}},
		{"an agency name that is not the code's", row("臺中市政府民政局", "臺中市政府地政局"),
			[]string{`line 3, 機關名稱: "臺中市政府地政局" is not the name registered for 機關代碼 387000001A, "臺中市政府民政局"`}},
		{"a national ID number as case number", row("X-001", "F223456789"),
			[]string{"line 3, 案件編號: holds what looks like an ID number (身分證字號): applicant data must not be imported"}},
		{"an address as service name", row("戶籍謄本", "臺中市西屯區臺灣大道三段99號"),
			[]string{"line 3, 申請項目: holds what looks like a street address"}},
		{"the same case number twice", strings.Replace(goodApp, "2024-03-05", "2024-03-06", 1),
			[]string{`line 3, 案件編號: "X-001" is on line 2 too: each application once per file`}},
		{"a service named two ways", row("戶籍謄本", "戶籍謄本(英文)"),
			[]string{`line 3, 申請項目: "戶籍謄本(英文)" is not the name registered`}},
		{"an outcome while open", row("2024-03-05", ""),
			[]string{`line 3, 處理結果: "核准" is given, but the application has no 結案日期`}},
		{"no outcome when closed", row("核准", ""),
			[]string{"line 3, 處理結果: is empty: a closed application needs its outcome"}},
		{"extended without days", row("否,0", "是,"),
			[]string{"line 3, 展延日數: is empty or 0, but 展延 says the period was extended"}},
		{"a date that does not exist", row("2024-03-01", "113/02/30"),
			[]string{`line 3, 收件日期: "113/02/30" is not a date: February 2024 has 29 days`}},
		{"an unknown channel", row("臨櫃", "傳真"),
			[]string{`line 3, 申請方式: "傳真" is not a channel`}},
		{"a truncated file", goodApp[:strings.Index(goodApp, ",戶籍謄本")],
			[]string{"line 3: has 4 fields, the header has 12 (the file seems cut short)"}},
		{"a truncated quoted cell", `387000001A,"臺中市政府`,
			[]string{`line 3: a quoted field has no closing quote`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := appsZhHeader + "\n" + newService + "\n" + c.body
			if !strings.HasPrefix(c.name, "a truncated") {
				file += "\n"
			}
			if c.name == "the same case number twice" {
				file = appsZhHeader + "\n" + goodApp + "\n" + c.body + "\n"
			}
			rep, err := File(context.Background(), pool, KindApplications, strings.NewReader(file), Options{Today: asOf})
			if !errors.Is(err, ErrRejected) || rep == nil || rep.Stored {
				t.Fatalf("%v, %+v; want a rejection", err, rep)
			}
			var got []string
			for _, r := range rep.Rejected {
				got = append(got, r.String())
			}
			for _, w := range c.want {
				if !containsOne(got, w) {
					t.Errorf("rejections %q; want one starting %q", got, w)
				}
			}
			if records, services := countRecords(t, pool); records != 0 || services != servicesBefore {
				t.Errorf("%d records and %d services after a rejected file; want 0 and %d", records, services, servicesBefore)
			}
		})
	}
}

func containsOne(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// A file that cannot be read as a whole is refused before any row, with the reason.
func TestImportApplicationsUnreadable(t *testing.T) {
	pool := testdb.New(t)
	importFile(t, pool, KindPeriods, readTestdata(t, "periods.csv"))
	for _, c := range []struct{ name, content, want string }{
		{"a column of ID numbers", strings.Replace(appsZhHeader, "案件編號", "申請人身分證字號", 1) + "\n", `"申請人身分證字號" (an ID number (身分證字號))`},
		{"an address column", appsEnHeader + ",applicant_address\n", `"applicant_address" (an address)`},
		{"a contact column", appsEnHeader + ",電話\n", `"電話" (contact details)`},
		{"an ID column", appsEnHeader + ",national_id\n", `"national_id" (an ID number (身分證字號))`},
		{"a missing column", "機關代碼,機關名稱\n", "missing required column(s) 申請項目代碼 (service_code)"},
		{"empty", "", "the file is empty"},
		{"cut in a character", appsZhHeader + "\n" + goodApp[:len(goodApp)-2], "the file ends in the middle of a UTF-8 character"},
		{"UTF-16", "\xff\xfe1\x00", "UTF-16"},
	} {
		rep, err := File(context.Background(), pool, KindApplications, strings.NewReader(c.content), Options{Today: asOf})
		if err == nil || rep != nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, %+v; want an error with %q", c.name, err, rep, c.want)
		}
	}
	if records, _ := countRecords(t, pool); records != 0 {
		t.Errorf("%d records stored", records)
	}
}

func TestImportPeriods(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	zh := readTestdata(t, "periods.csv")
	rep := importFile(t, pool, KindPeriods, toBig5(t, zh))
	if rep.Encoding != "big5" || rep.Inserted != 3 || rep.NewAgencies != 2 || rep.NewServices != 3 ||
		len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "1 row(s) without a published period") {
		t.Errorf("first import: %+v", rep)
	}
	en := withHeader(zh, "agency_code,agency_name,agency_name_en,service_code,service_name,service_name_en,period,unit,effective_from,source")
	if rep := importFile(t, pool, KindPeriods, "\ufeff"+en); rep.Unchanged != 3 || rep.Inserted+rep.Updated+rep.NewAgencies+rep.NewServices != 0 {
		t.Errorf("the same in English headers: %+v", rep)
	}
	// A new period from an effective date, a renamed agency, and a period changed.
	more := "agency_code,agency_name,service_code,service_name,period,unit,effective_from\n" +
		"387000001A,臺中市政府民政局(新名),01,戶籍謄本,3,working days,2025-01-01\n" +
		"387000002A,臺中市政府地政局,01,土地登記,15 日,,\n"
	if rep := importFile(t, pool, KindPeriods, more); rep.Inserted != 1 || rep.Updated != 1 {
		t.Errorf("more periods: %+v", rep)
	}
	var name, en2 string
	pool.QueryRow(ctx, `SELECT name_zh, name_en FROM application_agencies WHERE code = '387000001A'`).Scan(&name, &en2)
	if name != "臺中市政府民政局(新名)" || en2 != "Civil Affairs Bureau" {
		t.Errorf("agency renamed to %q, %q; want the new Chinese name and the English one kept", name, en2)
	}
	var periods int
	pool.QueryRow(ctx, `SELECT count(*) FROM application_periods`).Scan(&periods)
	if periods != 4 {
		t.Errorf("%d periods, want 4", periods)
	}

	for _, c := range []struct{ name, body, want string }{
		{"bad unit", "387000003A,環保局,01,許可,7週,,", `line 2, period: "7週" has an unknown unit`},
		{"two names for one agency", "387000003A,環保局,01,許可,7日,,\n387000003A,環境保護局,02,登記,7日,,", `line 3, agency_name: "環境保護局" differs from line 2`},
		{"two periods for one date", "387000003A,環保局,01,許可,7日,,\n387000003A,環保局,01,許可,10日,,", `line 3, period: "10日" differs from line 2 for the same service and effective_from: 7 days there`},
		{"a unit without a period", "387000003A,環保局,01,許可,,日,", "line 2, unit: is given, but period is not"},
		{"bad effective date", "387000003A,環保局,01,許可,7日,,2024-13-01", `line 2, effective_from: "2024-13-01" is not a date: there is no month 13`},
	} {
		rep, err := File(ctx, pool, KindPeriods, strings.NewReader("agency_code,agency_name,service_code,service_name,period,unit,effective_from\n"+c.body+"\n"), Options{})
		if !errors.Is(err, ErrRejected) || rep == nil || len(rep.Rejected) == 0 || !strings.HasPrefix(rep.Rejected[0].String(), c.want) {
			t.Errorf("%s: %v, %+v; want %q", c.name, err, rep, c.want)
		}
	}
	var agencies int
	pool.QueryRow(ctx, `SELECT count(*) FROM application_agencies`).Scan(&agencies)
	if agencies != 2 {
		t.Errorf("%d agencies after rejected files, want 2", agencies)
	}
}

func TestImportCalendar(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	year := calendarCSV()
	rep := importFile(t, pool, KindCalendar, toBig5(t, year))
	if rep.Encoding != "big5" || rep.Inserted != 366 || len(rep.Notes) != 1 || rep.Notes[0] != "whole years: 2024" {
		t.Errorf("Big5 year: %+v", rep)
	}
	if rep := importFile(t, pool, KindCalendar, "\ufeff"+year); rep.Unchanged != 366 || rep.Inserted+rep.Updated != 0 {
		t.Errorf("the same year again, UTF-8: %+v", rep)
	}
	// A corrected calendar (修正版): a day becomes a day off; the English headers too.
	fix := "date,weekday,is_holiday,name\n20240930,Mon,yes,颱風假\n2025-01-01,三,2,開國紀念日\n"
	if rep := importFile(t, pool, KindCalendar, fix); rep.Updated != 1 || rep.Inserted != 1 || !strings.Contains(rep.Notes[0], "2025 (1 days)") {
		t.Errorf("correction: %+v", rep)
	}
	cal, err := LoadCalendar(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if cal.Working(day("2024-09-30")) || !cal.Working(day("2024-02-17")) || cal.Working(day("2024-02-28")) {
		t.Error("the stored calendar is not the imported one")
	}

	for _, c := range []struct{ name, body, want string }{
		{"a weekday that is not the date's", "20240102,三,0,", `line 2, 星期: "三" is not the weekday of 2024-01-02, a Tuesday`},
		{"flag 1", "20240102,二,1,", `line 2, 是否放假: "1" is not 2 (a day off) or 0 (a working day)`},
		{"a date twice, differently", "20240102,二,0,\n20240102,二,2,", "line 3, 是否放假: differs from line 2 for the same date"},
		{"no date", ",二,0,", "line 2, 西元日期: is empty"},
	} {
		rep, err := File(ctx, pool, KindCalendar, strings.NewReader("西元日期,星期,是否放假,備註\n"+c.body+"\n"), Options{})
		if !errors.Is(err, ErrRejected) || rep == nil || len(rep.Rejected) == 0 || !strings.HasPrefix(rep.Rejected[0].String(), c.want) {
			t.Errorf("%s: %v, %+v; want %q", c.name, err, rep, c.want)
		}
	}
}
