package store

import (
	"bytes"
	"testing"
)

func TestPublishWritesZonelessDateTimesInUTC(t *testing.T) {
	// jsonb's text of a release whose dates all carry a zone is passed on as it is.
	clean := []byte(`{"id": "r-1", "date": "2019-03-25T00:00:00+08:00", "ocid": "ocds-x", "tender": {"title": "2019-03-01"}}`)
	if got, err := publish(clean); err != nil || !bytes.Equal(got, clean) {
		t.Errorf("a release with zoned dates changed: %s %v", got, err)
	}

	lax := []byte(`{"date": "2019-03-01", "ocid": "ocds-x", "tender": {"title": "<b>", "value": {"amount": 1.50},
		"tenderPeriod": {"startDate": "2019-03-01T09:30:00", "endDate": "2019-03-20T00:00:00+08:00"},
		"milestones": [{"dueDate": "2019-04-01", "description": "2019-04-01"}]}}`)
	got, err := publish(lax)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"date":"2019-03-01T00:00:00Z","ocid":"ocds-x","tender":{"milestones":[{"description":"2019-04-01",` +
		`"dueDate":"2019-04-01T00:00:00Z"}],"tenderPeriod":{"endDate":"2019-03-20T00:00:00+08:00",` +
		`"startDate":"2019-03-01T09:30:00Z"},"title":"<b>","value":{"amount":1.50}}}`
	if string(got) != want {
		t.Errorf("published\n %s\nwant\n %s", got, want)
	}
}
