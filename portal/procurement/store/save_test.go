package store

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
)

const (
	fictionalReleases = "ocp-fictional_release-package_ocds-213czf-000-00001.json"
	fictionalRecord   = "ocp-fictional_record-package_ocds-213czf-000-00001.json"
	fictionalOCID     = "ocds-213czf-000-00001"
)

// fictionalCompiled returns the compiled release of the OCP fictional record package.
func fictionalCompiled(t *testing.T) map[string]any {
	t.Helper()
	for _, r := range readPackage(t, fictionalRecord) {
		if r.IsCompiled() {
			return r
		}
	}
	t.Fatal("record package has no compiledRelease")
	return nil
}

// counts returns the number of rows of the three tables.
func counts(t *testing.T, db interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) [3]int {
	t.Helper()
	var c [3]int
	err := db.QueryRow(context.Background(), `SELECT
        (SELECT count(*) FROM procurement_releases),
        (SELECT count(*) FROM procurement_processes),
        (SELECT count(*) FROM procurement_awards)`).Scan(&c[0], &c[1], &c[2])
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSaveFictional(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	releases := readPackage(t, fictionalReleases)
	want := fictionalCompiled(t)

	res := save(t, pool, releases, "import:1")
	if want := (SaveResult{Releases: 6, Inserted: 6, ProcessesCreated: 1}); res != want {
		t.Fatalf("first save: %+v, want %+v", res, want)
	}
	if got := compiledOf(t, pool, fictionalOCID); !reflect.DeepEqual(got, want) {
		t.Errorf("compiled release differs from the record package's:\n got %s\nwant %s", jsonText(got), jsonText(want))
	}

	// The normalised columns.
	type columns struct {
		ReleaseCount        int
		ReleaseDate         time.Time
		ProcessDate         time.Time
		BuyerID             *string
		BuyerName           string
		ProcuringEntityID   *string
		ProcuringEntityName string
		Title               string
		ProcurementMethod   *string
		MethodDetails       *string
		MainCategory        *string
		TenderValue         *string
		TenderCurrency      *string
		TenderStart         *time.Time
		TenderEnd           *time.Time
		NumberOfTenderers   *int32
		TenderStatus        *string
		AwardDate           *time.Time
		AwardValue          *string
		AwardCurrency       *string
		SupplierIDs         []string
		Amount              *string
		SearchText          string
		IsDemo              bool
		UpdatedAt           time.Time
	}
	get := func() columns {
		rows, _ := pool.Query(ctx, `
SELECT release_count, release_date, process_date, buyer_id, buyer_name, procuring_entity_id,
    procuring_entity_name, title, procurement_method, method_details, main_category,
    tender_value::text, tender_currency, tender_start, tender_end, number_of_tenderers, tender_status,
    award_date, award_value::text, award_currency, supplier_ids, amount::text, search_text, is_demo,
    updated_at
FROM procurement_processes WHERE ocid = $1`, fictionalOCID)
		c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[columns])
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	s := func(v string) *string { return &v }
	tm := func(v string) *time.Time {
		x, err := time.Parse(time.RFC3339, v)
		if err != nil {
			t.Fatal(err)
		}
		return &x
	}
	n := int32(2)
	got := get()
	wantCols := columns{
		ReleaseCount:        6,
		ReleaseDate:         *tm("2011-01-10T09:30:00Z"),
		ProcessDate:         *tm("2010-03-01T09:00:00Z"),
		BuyerID:             s("GB-LAC-E09000003"),
		BuyerName:           "London Borough of Barnet",
		ProcuringEntityID:   s("GB-LAC-E09000003"),
		ProcuringEntityName: "London Borough of Barnet",
		Title:               "Planned cycle lane improvements",
		ProcurementMethod:   s("open"),
		MethodDetails:       s("In open procedures, any interested economic operator may submit a tender in response to a contract notice."),
		MainCategory:        s("works"),
		TenderValue:         s("1100000"),
		TenderCurrency:      s("GBP"),
		TenderStart:         tm("2010-03-01T09:00:00Z"),
		TenderEnd:           tm("2010-04-08T18:00:00Z"),
		NumberOfTenderers:   &n,
		TenderStatus:        s("complete"),
		AwardDate:           tm("2010-05-10T10:30:00Z"),
		AwardValue:          s("11000000"),
		AwardCurrency:       s("GBP"),
		SupplierIDs:         []string{"GB-COH-11111111"},
		Amount:              s("11000000"),
		SearchText:          "planned cycle lane improvements\nlondon borough of barnet",
		IsDemo:              false,
		UpdatedAt:           got.UpdatedAt,
	}
	// Times come back in the local zone: compare instants.
	norm := func(c columns) string {
		c.ReleaseDate, c.ProcessDate, c.UpdatedAt = c.ReleaseDate.UTC(), c.ProcessDate.UTC(), c.UpdatedAt.UTC()
		for _, p := range []**time.Time{&c.TenderStart, &c.TenderEnd, &c.AwardDate} {
			if *p != nil {
				u := (*p).UTC()
				*p = &u
			}
		}
		return jsonText(c)
	}
	if norm(got) != norm(wantCols) {
		t.Errorf("columns:\n got %s\nwant %s", norm(got), norm(wantCols))
	}

	type award struct {
		AwardID, SupplierName string
		SupplierID, Status    *string
		Value                 *string
		SupplierCount         int32
	}
	rows, _ := pool.Query(ctx, `SELECT award_id, supplier_name, supplier_id, status, value::text, supplier_count
FROM procurement_awards WHERE ocid = $1`, fictionalOCID)
	awards, err := pgx.CollectRows(rows, pgx.RowToStructByPos[award])
	if err != nil {
		t.Fatal(err)
	}
	wantAwards := []award{{"ocds-213czf-000-00001-award-01", "AnyCorp Cycle Provision",
		s("GB-COH-11111111"), s("active"), s("11000000"), 1}}
	if jsonText(awards) != jsonText(wantAwards) {
		t.Errorf("awards:\n got %s\nwant %s", jsonText(awards), jsonText(wantAwards))
	}

	// Saving again changes nothing: not a row, not updated_at.
	before := counts(t, pool)
	res = save(t, pool, releases, "import:2")
	if want := (SaveResult{Releases: 6, Unchanged: 6}); res != want {
		t.Errorf("second save: %+v, want %+v", res, want)
	}
	if after := counts(t, pool); after != before {
		t.Errorf("rows after saving again: %v, before %v", after, before)
	}
	if again := get(); norm(again) != norm(got) {
		t.Errorf("saving again changed the process:\n got %s\nwant %s", norm(again), norm(got))
	}

	// The record package brings the compiled release (its releases are linked, only urls), which is
	// stored as one more release and compiles to the same process: only its release count changes.
	res = save(t, pool, readPackage(t, fictionalRecord), "import:3")
	if want := (SaveResult{Releases: 1, Inserted: 1, ProcessesUpdated: 1}); res != want {
		t.Errorf("record package: %+v, want %+v", res, want)
	}
	if got := compiledOf(t, pool, fictionalOCID); !reflect.DeepEqual(got, want) {
		t.Errorf("compiled release changed by the record package:\n got %s\nwant %s", jsonText(got), jsonText(want))
	}
}

// TestSaveOrderAndBatches saves the fictional releases one at a time, latest first, and gets the
// same compiled release as saving them together.
func TestSaveOrderAndBatches(t *testing.T) {
	pool := testdb.New(t)
	releases := readPackage(t, fictionalReleases)
	created, updated := 0, 0
	for _, r := range slices.Backward(releases) {
		res := save(t, pool, []ocds.Release{r}, "import:1")
		created += res.ProcessesCreated
		updated += res.ProcessesUpdated
	}
	if created != 1 || updated != 5 {
		t.Errorf("created %d, updated %d processes, want 1 and 5", created, updated)
	}
	if got, want := compiledOf(t, pool, fictionalOCID), fictionalCompiled(t); !reflect.DeepEqual(got, want) {
		t.Errorf("compiled release:\n got %s\nwant %s", jsonText(got), jsonText(want))
	}
}

func TestSaveCorrection(t *testing.T) {
	pool := testdb.New(t)
	releases := readPackage(t, fictionalReleases)
	save(t, pool, releases, "import:1")

	// The publisher corrects the award release, the last to give the title: same id, another title.
	fixed := decodeJSON(t, jsonText(releases[3]))
	fixed["tender"].(map[string]any)["title"] = "臺中市自行車道改善工程"
	res := save(t, pool, []ocds.Release{fixed}, "import:2")
	if want := (SaveResult{Releases: 1, Updated: 1, ProcessesUpdated: 1}); res != want {
		t.Fatalf("correction: %+v, want %+v", res, want)
	}
	var title string
	var n int
	if err := pool.QueryRow(context.Background(),
		`SELECT title, release_count FROM procurement_processes WHERE ocid = $1`, fictionalOCID).Scan(&title, &n); err != nil {
		t.Fatal(err)
	}
	if title != "臺中市自行車道改善工程" || n != 6 {
		t.Errorf("title %q, %d releases", title, n)
	}
	page, err := Search(context.Background(), pool, Query{Keyword: "自行車"})
	if err != nil || len(page.Items) != 1 {
		t.Errorf("search after correction: %+v, %v", page, err)
	}
}

func TestSaveDemo(t *testing.T) {
	pool := testdb.New(t)
	releases := readPackage(t, fictionalReleases)
	isDemo := func() bool {
		var d bool
		if err := pool.QueryRow(context.Background(),
			`SELECT is_demo FROM procurement_processes WHERE ocid = $1`, fictionalOCID).Scan(&d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	save(t, pool, releases[:3], DemoSource)
	if !isDemo() {
		t.Error("a process of demo releases only is not demo")
	}
	save(t, pool, releases[3:], "import:1")
	if isDemo() {
		t.Error("a process with real releases is demo")
	}
}

func TestSaveParaguay(t *testing.T) {
	pool := testdb.New(t)
	releases := readPackage(t, "paraguay-dncp_release-package_1.1-2.json")
	res := save(t, pool, releases, "import:1")
	if res.Inserted != len(releases) || res.ProcessesCreated == 0 {
		t.Errorf("%+v", res)
	}
}

func TestSaveRejects(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	good := readPackage(t, fictionalReleases)[0]
	for name, tc := range map[string]struct {
		rels   []ocds.Release
		source string
	}{
		"no ocid":   {[]ocds.Release{good, {"id": "x", "date": "2020-01-01T00:00:00Z"}}, "import:1"},
		"bad date":  {[]ocds.Release{good, {"ocid": "o", "id": "x", "date": "yesterday"}}, "import:1"},
		"no source": {[]ocds.Release{good}, ""},
	} {
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Save(ctx, tx, tc.rels, tc.source); err == nil {
			t.Errorf("%s: no error", name)
		}
		if c := counts(t, tx); c != [3]int{} {
			t.Errorf("%s: stored %v", name, c)
		}
		tx.Rollback(ctx)
	}
}

// TestSaveWithoutID keys a release without an id by its content.
func TestSaveWithoutID(t *testing.T) {
	pool := testdb.New(t)
	r := ocds.Release{"ocid": "ocds-x-1", "date": "2024-01-02T00:00:00Z", "tender": map[string]any{"title": "道路維護"}}
	if res := save(t, pool, []ocds.Release{r, r}, "import:1"); res.Inserted != 1 || res.Releases != 1 {
		t.Errorf("first: %+v", res)
	}
	if res := save(t, pool, []ocds.Release{r}, "import:2"); res.Unchanged != 1 {
		t.Errorf("again: %+v", res)
	}
}
