package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"integrity-portal/internal/testdb"
)

const dirtyValues = "project_release-package_dirty-values.json"

// A publisher's empty values are gone from the stored compiled release, while a release's null still
// removes the earlier value in the merge; the one release the cleaning cannot save is recorded with
// where and why it fails; saving the same releases again changes nothing.
func TestSaveCleansAndChecksCompiledReleases(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	rels := readPackage(t, dirtyValues)
	if res := save(t, pool, rels, "import:dirty"); res.ProcessesCreated != 2 {
		t.Fatalf("save: %+v", res)
	}
	got := compiledOf(t, pool, "ocds-projectdv-111-001")
	want := decodeJSON(t, `{"ocid": "ocds-projectdv-111-001", "id": "ocds-projectdv-111-001-2022-03-01T09:00:00+08:00",
		"date": "2022-03-01T09:00:00+08:00", "tag": ["compiled"], "initiationType": "tender",
		"buyer": {"id": "TW-GOV-3.80.1", "name": "臺中市政府工務局"},
		"tender": {"id": "111-001", "title": "道路標線重新劃設", "status": "complete", "procurementMethod": "open",
			"mainProcurementCategory": "works", "value": {"amount": 1200000, "currency": "TWD"},
			"tenderPeriod": {"startDate": "2022-02-01T09:00:00+08:00"}, "items": [{"id": "1"}]},
		"awards": [{"id": "111-001-A1", "status": "active", "date": "2022-03-01T00:00:00+08:00",
			"value": {"amount": 1150000, "currency": "TWD"},
			"suppliers": [{"id": "TW-UBN-12345675", "name": "大道交通工程有限公司"},
				{"id": "TW-UBN-24681357", "name": "安全標線股份有限公司", "identifier": {"scheme": "TW-UBN", "id": "24681357"}}]}]}`)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("compiled:\n%s\nwant\n%s", jsonText(got), jsonText(want))
	}

	years, err := WithheldYears(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	wantYears := []Withheld{{Year: 2023, OCID: "ocds-projectdv-112-001", Path: "/tender/value/currency", Count: 1}}
	if len(years) == 1 {
		years[0].Message = "" // the validator's wording
	}
	if !reflect.DeepEqual(years, wantYears) {
		t.Errorf("withheld years: %+v, want %+v", years, wantYears)
	}

	var before time.Time
	pool.QueryRow(ctx, `SELECT max(updated_at) FROM procurement_processes`).Scan(&before)
	if res := save(t, pool, readPackage(t, dirtyValues), "import:dirty"); res.Unchanged != len(rels) ||
		res.ProcessesUpdated+res.ProcessesCreated != 0 {
		t.Errorf("saving again: %+v", res)
	}
	var after time.Time
	pool.QueryRow(ctx, `SELECT max(updated_at) FROM procurement_processes`).Scan(&after)
	if !after.Equal(before) {
		t.Errorf("saving again changed the processes: %v, then %v", before, after)
	}
}

// A compiled release changed by hand (not by the store) is unchecked, and its year withheld, until
// Recheck checks it: then it is withheld only if it fails.
func TestChangeByHandIsCheckedAgain(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	save(t, pool, readPackage(t, dirtyValues), "import:dirty")
	const ocid = "ocds-projectdv-111-001"
	var before time.Time
	pool.QueryRow(ctx, `SELECT updated_at FROM procurement_processes WHERE ocid = $1`, ocid).Scan(&before)

	if _, err := pool.Exec(ctx, `UPDATE procurement_processes
SET compiled = jsonb_set(compiled, '{tender,status}', '"finished"') WHERE ocid = $1`, ocid); err != nil {
		t.Fatal(err)
	}
	years, err := WithheldYears(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != 2 || years[0].Year != 2022 || !years[0].Unchecked() || years[0].OCID != ocid {
		t.Fatalf("after the change by hand: %+v", years)
	}
	var updated time.Time
	pool.QueryRow(ctx, `SELECT updated_at FROM procurement_processes WHERE ocid = $1`, ocid).Scan(&updated)
	if !updated.After(before) {
		t.Errorf("the change by hand left updated_at at %v", updated)
	}

	if err := Recheck(ctx, pool); err != nil {
		t.Fatal(err)
	}
	years, _ = WithheldYears(ctx, pool)
	if len(years) != 2 || years[0].Year != 2022 || years[0].Path != "/tender/status" || years[0].Unchecked() {
		t.Fatalf("after the recheck: %+v", years)
	}

	// Put right by hand: checked again, it passes, and only 2023 stays withheld.
	if _, err := pool.Exec(ctx, `UPDATE procurement_processes
SET compiled = jsonb_set(compiled, '{tender,status}', '"complete"') WHERE ocid = $1`, ocid); err != nil {
		t.Fatal(err)
	}
	if err := Recheck(ctx, pool); err != nil {
		t.Fatal(err)
	}
	years, _ = WithheldYears(ctx, pool)
	if len(years) != 1 || years[0].Year != 2023 {
		t.Errorf("after putting it right: %+v", years)
	}
	// A year's package stops at a release changed since the verdicts were read.
	pool.Exec(ctx, `UPDATE procurement_processes SET compiled = compiled || '{"language": "zh"}' WHERE ocid = $1`, ocid)
	err = EachRelease(ctx, pool, 2022, func([]byte) error { return nil })
	if err != ErrWithheld {
		t.Errorf("package of a year changed by hand: %v, want ErrWithheld", err)
	}
	if err := EachRelease(ctx, pool, 0, func([]byte) error { return nil }); err != nil {
		t.Errorf("all releases: %v", err)
	}
}

// A process stored before the checks existed (unchecked, its empty values kept) is stored again
// cleaned by Recheck, though its releases did not change, so an import would not recompile it.
func TestRecheckCleansProcessesStoredBefore(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	save(t, pool, readPackage(t, dirtyValues), "import:dirty")
	const ocid = "ocds-projectdv-111-001"
	if _, err := pool.Exec(ctx, `UPDATE procurement_processes SET schema_digest = NULL,
    compiled = jsonb_set(compiled || '{"language": "", "planning": {}}', '{tender,submissionMethod}', '[null]')
WHERE ocid = $1`, ocid); err != nil {
		t.Fatal(err)
	}
	if err := Recheck(ctx, pool); err != nil {
		t.Fatal(err)
	}
	got := compiledOf(t, pool, ocid)
	tender, _ := got["tender"].(map[string]any)
	if _, ok := got["language"]; ok || got["planning"] != nil || tender["submissionMethod"] != nil {
		t.Errorf("rechecked compiled release: %s", jsonText(got))
	}
	years, _ := WithheldYears(ctx, pool)
	if len(years) != 1 || years[0].Year != 2023 {
		t.Errorf("withheld after the recheck: %+v", years)
	}
}
