package applications

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"golang.org/x/text/encoding/traditionalchinese"

	"integrity-portal/portal/procurement/csvimport"
)

var fuzzEncodings = []csvimport.Encoding{csvimport.Auto, csvimport.UTF8, csvimport.Big5}

// addSeeds adds a test file, its Big5 form, and more to a fuzz corpus.
func addSeeds(f *testing.F, file string, more ...string) {
	if b, err := os.ReadFile("testdata/" + file); err == nil {
		more = append(more, string(b))
	}
	for _, s := range more {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte("\ufeff"+s), uint8(1))
		if big5, err := traditionalchinese.Big5.NewEncoder().String(s); err == nil {
			f.Add([]byte(big5), uint8(2))
		}
	}
	f.Add([]byte(""), uint8(0))
	f.Add([]byte("a,b\n1,2\n"), uint8(0))
}

// checkResult checks what every reader's result must be.
func checkResult(t *testing.T, res *Result) {
	t.Helper()
	if res.Problems < len(res.Rejections) || len(res.Rejections) > MaxListed || (res.Problems > 0) != (res.RejectedLines > 0) ||
		res.RejectedLines > res.Problems {
		t.Fatalf("%d problems on %d lines, %d listed", res.Problems, res.RejectedLines, len(res.Rejections))
	}
}

// sameTwice fails unless reading again gives the same.
func sameTwice(t *testing.T, read func() any) {
	t.Helper()
	a, _ := json.Marshal(read())
	b, _ := json.Marshal(read())
	if !bytes.Equal(a, b) {
		t.Fatal("two reads differ")
	}
}

// FuzzReadApplications: whatever the input, no panic; an error comes alone; rows reach the
// callback only while nothing is rejected, and each is a believable application of a registered
// agency; reading is deterministic.
func FuzzReadApplications(f *testing.F) {
	addSeeds(f, "applications.csv",
		appsZhHeader+"\n"+goodApp+"\n",
		appsEnHeader+"\n"+goodApp+"\n"+goodApp+"\n",
		appsZhHeader+"\n"+goodApp[:40],
		"agency_code,agency_name,service_code,service_name,channel,received\n387000001A,臺中市政府民政局,01,戶籍謄本,online,1130301\n",
		appsZhHeader+",姓名\n"+goodApp+",王小明\n",
	)
	reg := NewRegistry()
	reg.Agencies["387000001A"] = Agency{ID: 1, Code: "387000001A", NameZh: "臺中市政府民政局"}
	reg.Agencies["387000002A"] = Agency{ID: 2, Code: "387000002A", NameZh: "臺中市政府地政局"}
	reg.Services[ServiceKey{"387000001A", "01"}] = Service{ID: 1, AgencyID: 1, Code: "01", NameZh: "戶籍謄本"}
	f.Fuzz(func(t *testing.T, data []byte, e uint8) {
		opts := Options{Encoding: fuzzEncodings[int(e)%len(fuzzEncodings)], Today: asOf}
		var got []Application
		res, err := ReadApplications(bytes.NewReader(data), reg, opts, func(a *Application) error {
			got = append(got, *a)
			return nil
		})
		if err != nil {
			if res != nil {
				t.Fatalf("error %v with a result", err)
			}
			return
		}
		checkResult(t, res)
		for _, a := range got {
			checkApplication(t, reg, &a)
		}
		if len(got) > res.Rows {
			t.Fatalf("%d applications from %d rows", len(got), res.Rows)
		}
		sameTwice(t, func() any {
			var again []Application
			res, _ := ReadApplications(bytes.NewReader(data), reg, opts, func(a *Application) error {
				again = append(again, *a)
				return nil
			})
			return []any{res, again}
		})
	})
}

func checkApplication(t *testing.T, reg *Registry, a *Application) {
	t.Helper()
	_, known := reg.Agencies[a.AgencyCode]
	switch {
	case !known:
		t.Fatalf("line %d: agency %q is not registered", a.Line, a.AgencyCode)
	case a.Key == "" || a.ServiceCode == "" || a.ServiceName == "":
		t.Fatalf("line %d: no key or service: %+v", a.Line, a)
	case a.Channel != Counter && a.Channel != Online && a.Channel != Mail:
		t.Fatalf("line %d: channel %q", a.Line, a.Channel)
	case a.Received.IsZero() || a.Received.After(asOf) || a.Closed.After(asOf):
		t.Fatalf("line %d: dates %v, %v", a.Line, a.Received, a.Closed)
	case !a.Open() && a.Closed.Before(a.Received):
		t.Fatalf("line %d: closed before received", a.Line)
	case a.SuspendedDays < 0 || a.ExtensionDays < 0 || a.SuspendedDays > MaxDays || a.ExtensionDays > MaxDays:
		t.Fatalf("line %d: days %d, %d", a.Line, a.SuspendedDays, a.ExtensionDays)
	case !a.Open() && ProcessingDays(a.Received, a.Closed, a.SuspendedDays) < 0:
		t.Fatalf("line %d: negative processing days", a.Line)
	case a.Open() && a.Outcome != "":
		t.Fatalf("line %d: an outcome while open", a.Line)
	case a.ExtensionDays > 0 && !a.Extended:
		t.Fatalf("line %d: extension days without an extension", a.Line)
	case personalCell(a.Key) != "" || personalCell(a.ServiceName) != "":
		t.Fatalf("line %d: applicant data passed", a.Line)
	}
}

// FuzzReadPeriods: no panic; an error comes alone; rows only when nothing is rejected, each with a
// period within bounds; deterministic.
func FuzzReadPeriods(f *testing.F) {
	addSeeds(f, "periods.csv",
		"agency_code,agency_name,service_code,service_name,period,unit,effective_from\n387000003A,環保局,01,許可,7週,,\n",
		"agency_code,agency_name,service_code,service_name,period\nA,甲,1,乙,隨到隨辦\nA,甲,1,乙,3個工作天\n",
	)
	f.Fuzz(func(t *testing.T, data []byte, e uint8) {
		opts := Options{Encoding: fuzzEncodings[int(e)%len(fuzzEncodings)]}
		rows, res, err := ReadPeriods(bytes.NewReader(data), opts)
		if err != nil {
			if res != nil || rows != nil {
				t.Fatalf("error %v with a result", err)
			}
			return
		}
		checkResult(t, res)
		if res.Problems > 0 && rows != nil {
			t.Fatalf("rows despite %d problems", res.Problems)
		}
		for _, p := range rows {
			bound := maxPeriodDays
			if p.Period.Unit == Months {
				bound = maxPeriodMonths
			}
			if p.AgencyCode == "" || p.ServiceCode == "" || p.AgencyName == "" || p.ServiceName == "" ||
				(p.Published && (p.Period.Value < 0 || p.Period.Value > bound || p.Period.Unit == "")) {
				t.Fatalf("line %d: %+v", p.Line, p)
			}
		}
		sameTwice(t, func() any {
			rows, res, _ := ReadPeriods(bytes.NewReader(data), opts)
			return []any{rows, res}
		})
	})
}

// FuzzReadCalendar: no panic; an error comes alone; days only when nothing is rejected, each date
// once; deterministic.
func FuzzReadCalendar(f *testing.F) {
	addSeeds(f, "calendar.csv",
		"date,weekday,is_holiday,name\n20240930,Mon,yes,颱風假\n",
		"西元日期,星期,是否放假,備註\n20240102,三,0,\n20240102,二,1,\n",
	)
	f.Fuzz(func(t *testing.T, data []byte, e uint8) {
		opts := Options{Encoding: fuzzEncodings[int(e)%len(fuzzEncodings)]}
		days, res, err := ReadCalendar(bytes.NewReader(data), opts)
		if err != nil {
			if res != nil || days != nil {
				t.Fatalf("error %v with a result", err)
			}
			return
		}
		checkResult(t, res)
		if res.Problems > 0 && days != nil {
			t.Fatalf("days despite %d problems", res.Problems)
		}
		seen := map[string]bool{}
		for _, d := range days {
			k := d.Day.String()
			if seen[k] || d.Day.IsZero() {
				t.Fatalf("line %d: day %v twice or zero", d.Line, d.Day)
			}
			seen[k] = true
		}
		sameTwice(t, func() any {
			days, res, _ := ReadCalendar(bytes.NewReader(data), opts)
			return []any{days, res}
		})
	})
}
