package pcc

import (
	"integrity-portal/internal/testdata"

	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"278,000元", "1,234,567 元", "新臺幣278,000元", "0元", "12,34,5元", "-5元", "9,223,372,036,854,775,808元", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseMoney(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("ParseMoney(%q) = %d < 0", s, n)
		}
		// Whatever is accepted is the amount written in digits, plain or grouped.
		plain := strconv.FormatInt(n, 10)
		if m, err := ParseMoney(plain + "元"); err != nil || m != n {
			t.Fatalf("ParseMoney(%q) = %d, but %s元 gives %d, %v", s, n, plain, m, err)
		}
		if !strings.Contains(strings.ReplaceAll(s, ",", ""), plain) {
			t.Fatalf("ParseMoney(%q) = %d, digits not in the input", s, n)
		}
	})
}

func FuzzParseROCDate(f *testing.F) {
	for _, s := range []string{"108/01/07", "108年01月07日", "1080107", "20190107", "0/01/01", "200/01/01", "108/02/30", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseROCDate(s)
		if err != nil {
			return
		}
		if d.Location() != Taipei || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("ParseROCDate(%q) = %v, not midnight in Taipei", s, d)
		}
		if d.Year() < 1912 || d.Year() > 2110 {
			t.Fatalf("ParseROCDate(%q) = %v, year out of range", s, d)
		}
		// The same day written as an ROC date parses back.
		roc := strconv.Itoa(d.Year()-1911) + d.Format("/01/02")
		if e, err := ParseROCDate(roc); err != nil || !e.Equal(d) {
			t.Fatalf("ParseROCDate(%q) = %v, but %s gives %v, %v", s, d, roc, e, err)
		}
		// ParseDateTime reads a date without a time as ParseROCDate does.
		if e, err := ParseDateTime(s); err != nil || !e.Equal(d) {
			t.Fatalf("ParseROCDate(%q) = %v, but ParseDateTime gives %v, %v", s, d, e, err)
		}
	})
}

func FuzzReadNotices(f *testing.F) {
	if dir, err := testdata.Find("pcc"); err == nil {
		if b, err := os.ReadFile(filepath.Join(dir, sampleFile)); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"records": []}`,
		`{"records": [{"date": 20190116, "job_number": "J", "unit_id": "U", "detail": {"type": "決標公告", "投標廠商:投標廠商1:廠商名稱": "甲", "決標品項:第1品項:得標廠商1:得標廠商": "甲", "決標品項:第1品項:得標廠商1:決標金額": "5元"}}]}`,
		`{"records": [{"date": "20190116", "job_number": "J", "unit_id": "U", "detail": {"type": "無法決標公告"}}, 5, null]}`,
		`{"records": {}}`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		notices, errs, err := ReadNotices(bytes.NewReader(data))
		if err != nil && (len(notices) > 0 || len(errs) > 0) {
			t.Fatalf("error %v with results", err)
		}
		for _, n := range notices {
			if n.JobNumber == "" || n.UnitID == "" || len(n.Date) != 8 || n.Detail == nil {
				t.Fatalf("incomplete notice %+v", n)
			}
			rel, err := ToRelease(n, "ocds-xxxxxx")
			if err != nil {
				continue
			}
			if rel.OCID() != "ocds-xxxxxx-"+n.UnitID+"-"+n.JobNumber || rel.Date() == "" {
				t.Fatalf("release without ocid or date: %v", rel)
			}
		}
	})
}
