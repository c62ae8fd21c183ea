package portal

import (
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
)

// A publisher's tender status may lag behind the process: "planned" beside an award and a signed
// contract. The page shows the stage the process has reached and, apart, the status as published.
func TestTenderPageShowsStageBesideStatus(t *testing.T) {
	pool := testdb.New(t)
	rel := func(ocid, status string, awards, contracts []any) ocds.Release {
		r := ocds.Release{"ocid": ocid, "id": ocid + "-1", "date": "2024-05-01T00:00:00Z", "tag": []any{"award"},
			"initiationType": "tender", "tender": map[string]any{"id": "t", "title": "Stage " + ocid, "status": status}}
		if awards != nil {
			r["awards"] = awards
		}
		if contracts != nil {
			r["contracts"] = contracts
		}
		return r
	}
	award := map[string]any{"id": "a1", "status": "active", "suppliers": []any{map[string]any{"id": "S1", "name": "Supplier"}}}
	saveReleases(t, pool, []ocds.Release{
		rel("ocds-stage-1", "planned", []any{award}, []any{map[string]any{"id": "c1", "awardID": "a1", "status": "active",
			"dateSigned": "2024-05-20T00:00:00Z"}}),
		rel("ocds-stage-2", "active", []any{award}, nil),
		rel("ocds-stage-3", "active", []any{map[string]any{"id": "a1", "status": "pending"}},
			[]any{map[string]any{"id": "c1", "awardID": "a1", "status": "pending"}}),
	}, "test")
	h := newRouter(t, pool)
	for ocid, want := range map[string][2]string{
		"ocds-stage-1": {"<dt>進度</dt><dd>已簽約</dd>", "<dt>招標狀態（依發布）</dt><dd>已規劃</dd>"},
		"ocds-stage-2": {"<dt>進度</dt><dd>已決標</dd>", "<dt>招標狀態（依發布）</dt><dd>招標中</dd>"},
		"ocds-stage-3": {"<dt>進度</dt><dd>招標階段，尚未決標</dd>", "<dt>招標狀態（依發布）</dt><dd>招標中</dd>"},
	} {
		get(t, h, "zh-TW", "/procurement/tenders/"+ocid).mustContain(t, ocid, want[0], want[1])
	}
	get(t, h, "en", "/procurement/tenders/ocds-stage-1").mustContain(t, "the English page",
		"<dt>Stage reached</dt><dd>Contract signed</dd>", "<dt>Tender status, as published</dt><dd>Planned</dd>")
}
