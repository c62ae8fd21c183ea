package applications

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/traditionalchinese"
)

// holidays2024 are the weekday days off and the make-up workday of the test calendar: 2024 as the
// DGPA file has it (開國紀念日, 春節 with its make-up Saturday, 和平紀念日, 兒童節及清明節, 端午節,
// 中秋節, 國慶日).
var holidays2024 = map[string]string{
	"2024-01-01": "開國紀念日",
	"2024-02-08": "小年夜調整放假", "2024-02-09": "農曆除夕", "2024-02-10": "春節", "2024-02-11": "春節",
	"2024-02-12": "春節", "2024-02-13": "補假", "2024-02-14": "補假",
	"2024-02-28": "和平紀念日",
	"2024-04-04": "兒童節及民族掃墓節", "2024-04-05": "補假",
	"2024-06-10": "端午節",
	"2024-09-17": "中秋節",
	"2024-10-10": "國慶日",
}

const makeUp2024 = "2024-02-17" // 補行上班

// calendarCSV is the test calendar for 2024 in the DGPA's format: every day, 2 for a day off.
func calendarCSV() string {
	var b strings.Builder
	b.WriteString("西元日期,星期,是否放假,備註\n")
	weekdays := []string{"日", "一", "二", "三", "四", "五", "六"}
	for d := Date(2024, 1, 1); d.Year() == 2024; d = d.AddDate(0, 0, 1) {
		key := d.Format(time.DateOnly)
		flag, name := "0", ""
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			flag = "2"
		}
		if n, ok := holidays2024[key]; ok {
			flag, name = "2", n
		}
		if key == makeUp2024 {
			flag, name = "0", "補行上班"
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", d.Format("20060102"), weekdays[d.Weekday()], flag, name)
	}
	return b.String()
}

// testCalendar is the same calendar, in memory.
func testCalendar() *Calendar {
	c := NewCalendar()
	for key := range holidays2024 {
		d, _ := time.Parse(time.DateOnly, key)
		c.Set(d, true)
	}
	d, _ := time.Parse(time.DateOnly, makeUp2024)
	c.Set(d, false)
	return c
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func toBig5(t testing.TB, s string) string {
	t.Helper()
	b, err := traditionalchinese.Big5.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
