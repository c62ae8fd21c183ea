package pcc

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// sample reads the notices of the outside test data in testdata/.
func sample(t testing.TB) []Notice {
	t.Helper()
	notices, errs, err := ReadNotices(bytes.NewReader(testFile(t, sampleFile)))
	if err != nil || len(errs) > 0 {
		t.Fatalf("ReadNotices: %v, %v", errs, err)
	}
	if len(notices) != 2 {
		t.Fatalf("ReadNotices: %d notices, want 2", len(notices))
	}
	return notices
}

func TestReadNoticesSample(t *testing.T) {
	ns := sample(t)
	tender, award := ns[0], ns[1]
	checks := []struct{ name, got, want string }{
		{"tender Date", tender.Date, "20190116"},
		{"tender Filename", tender.Filename, "TIQ-3-52430794"},
		{"tender JobNumber", tender.JobNumber, "1080107MH"},
		{"tender UnitID", tender.UnitID, "3.79.56"},
		{"tender UnitName", tender.UnitName, "臺北市政府都市發展局"},
		{"tender Type", tender.Type(), "限制性招標(經公開評選或公開徵求)公告"},
		{"tender Brief.Category", tender.Brief.Category, "勞務類82-不動產服務"},
		{"tender budget", tender.Detail["採購資料:預算金額"], "25,775,360元"},
		{"award Date", award.Date, "20190325"},
		{"award Type", award.Type(), "決標公告"},
		{"award total", award.Detail["決標資料:總決標金額"], "25,420,000元"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if _, ok := award.Tables["最有利標:評選委員"]; !ok {
		t.Errorf("award Tables lacks 最有利標:評選委員: %v", award.Tables)
	}
	if _, ok := award.Detail["最有利標:評選委員"]; ok {
		t.Errorf("award Detail holds the table 最有利標:評選委員")
	}
}

func TestReadNoticesItemErrors(t *testing.T) {
	const ok = `{"date": 20190116, "job_number": "J1", "unit_id": "U1", "detail": {"type": "公開招標公告"}}`
	doc := `{"unit_name": "某機關", "records": [` + strings.Join([]string{
		ok,
		`"a string"`,
		`null`,
		`{"job_number": "J1", "unit_id": "U1", "detail": {}}`,
		`{"date": 20190230, "job_number": "J1", "unit_id": "U1", "detail": {}}`,
		`{"date": "2019011", "job_number": "J1", "unit_id": "U1", "detail": {}}`,
		`{"date": 2.0190116e7, "job_number": "J1", "unit_id": "U1", "detail": {}}`,
		`{"date": 20190116, "unit_id": "U1", "detail": {}}`,
		`{"date": 20190116, "job_number": " ", "unit_id": "U1", "detail": {}}`,
		`{"date": 20190116, "job_number": "J1", "detail": {}}`,
		`{"date": 20190116, "job_number": "J1", "unit_id": "U1"}`,
		`{"date": 20190116, "job_number": "J1", "unit_id": "U1", "detail": []}`,
		`{"date": 20190116, "job_number": 5, "unit_id": "U1", "detail": {}}`,
		`{"date": 20190116, "job_number": "J1", "unit_id": "U1", "brief": "x", "detail": {}}`,
		`{"date": "20190117", "job_number": "J2", "unit_id": "U1", "detail": {"a:b": null, "c:d": 5, "e:f": "g"}}`,
	}, ",") + `]}`
	notices, errs, err := ReadNotices(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(notices) != 2 || notices[0].JobNumber != "J1" || notices[1].JobNumber != "J2" {
		t.Fatalf("notices = %+v, want J1 and J2", notices)
	}
	if notices[0].UnitName != "某機關" {
		t.Errorf("UnitName = %q, want the document's", notices[0].UnitName)
	}
	n := notices[1]
	if n.Date != "20190117" || n.Detail["e:f"] != "g" || string(n.Tables["c:d"]) != "5" {
		t.Errorf("notice J2 = %+v", n)
	}
	if _, ok := n.Detail["a:b"]; ok {
		t.Errorf("null detail field kept")
	}
	var paths []string
	for _, e := range errs {
		paths = append(paths, e.Path)
		if e.Reason == "" {
			t.Errorf("%s: no reason", e.Path)
		}
	}
	want := "records[1] records[2] records[3] records[4] records[5] records[6] records[7] records[8] records[9] records[10] records[11] records[12] records[13]"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("error paths = %s\nwant %s\n%v", got, want, errs)
	}
}

func TestReadNoticesDocumentErrors(t *testing.T) {
	for _, doc := range []string{
		"",
		"not json",
		"[]",
		"null",
		`"records"`,
		"{}",
		`{"records": {}}`,
		`{"records": null}`,
		`{"records": "x"}`,
		`{"records": []} {}`,
		`{"records": [`,
	} {
		if ns, errs, err := ReadNotices(strings.NewReader(doc)); err == nil {
			t.Errorf("ReadNotices(%q) = %v, %v, want an error", doc, ns, errs)
		}
	}
	if _, _, err := ReadNotices(errReader{}); err == nil {
		t.Error("ReadNotices of a failing reader: no error")
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadNoticesBOMAndEmpty(t *testing.T) {
	ns, errs, err := ReadNotices(strings.NewReader("\xef\xbb\xbf{\"records\": []}\n"))
	if err != nil || len(ns) != 0 || len(errs) != 0 {
		t.Errorf("ReadNotices with BOM = %v, %v, %v", ns, errs, err)
	}
}
