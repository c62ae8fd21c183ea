package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/importer"
)

// Taiwan notices in g0v's older layout (YAML and JSON, one notice or several), imported as
// `portal import procurement` imports them, reach the tender page and the API with their title,
// buyer, method and suppliers, as the same notices in today's flat API layout do.
func TestOlderLayoutNoticesReachTheirPages(t *testing.T) {
	const ocid = "ocds-twpcc-3.80.15-1010102A"
	dir := testdata.Dir(t, "pcc")
	flat, err := os.ReadFile(filepath.Join(dir, "project_pcc-api_1010102A.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The flat layout of the award notice alone: what the files holding only it must give.
	var doc map[string]any
	json.Unmarshal(flat, &doc)
	doc["records"] = doc["records"].([]any)[1:]
	awardOnly, _ := json.Marshal(doc)

	serve := func(name string, body []byte) tenderJSON {
		t.Helper()
		pool := testdb.New(t)
		rep, err := importer.File(context.Background(), pool, bytes.NewReader(body), name, importer.Options{OCIDPrefix: "ocds-twpcc"})
		if err != nil || !rep.Stored {
			t.Fatalf("%s: %v, %+v", name, err, rep)
		}
		h := newRouter(t, pool)
		v := apiTenderOf(t, h, ocid)
		page := get(t, h, "zh-TW", "/procurement/tenders/"+ocid)
		page.mustContain(t, name, "101年度行人陸橋油漆維護工程", `href="/procurement/buyers/TW-GOV-3.80.15"`,
			"臺北市政府工務局新建工程處", `href="/procurement/suppliers/TW-UBN-04595257"`, "大勇營造有限公司", "福興工程股份有限公司")
		if m := deref(v.MethodDetails); m != "" {
			page.mustContain(t, name+": its method", m)
		}
		if v.Title != "101年度行人陸橋油漆維護工程" || deref(v.BuyerID) != "TW-GOV-3.80.15" || v.BuyerName != "臺北市政府工務局新建工程處" ||
			len(v.SupplierIDs) != 1 || v.SupplierIDs[0] != "TW-UBN-04595257" || v.NumberOfTenderers == nil || *v.NumberOfTenderers != 2 {
			t.Errorf("%s: API tender %+v", name, v)
		}
		return v
	}
	wantBoth := serve("flat.json", flat)
	wantAward := serve("flat-award.json", awardOnly)
	if deref(wantBoth.ProcurementMethod) != "open" || deref(wantBoth.MethodDetails) != "公開招標" {
		t.Fatalf("flat layout: method %v %v", deref(wantBoth.ProcurementMethod), deref(wantBoth.MethodDetails))
	}
	for name, want := range map[string]tenderJSON{
		"project_g0v-older_notices.yaml": wantBoth, "project_g0v-older_notices.json": wantBoth,
		"project_g0v-older_award-notice.yaml": wantAward, "project_g0v-older_award-notice.json": wantAward,
	} {
		body, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		v := serve(name, body)
		if deref(v.ProcurementMethod) != deref(want.ProcurementMethod) || deref(v.MethodDetails) != deref(want.MethodDetails) ||
			num(v.AwardValue) != num(want.AwardValue) || num(v.TenderValue) != num(want.TenderValue) || v.Date != want.Date {
			t.Errorf("%s: API tender %+v\nflat layout %+v", name, v, want)
		}
	}
}

func num(n *json.Number) string {
	if n == nil {
		return ""
	}
	return n.String()
}
