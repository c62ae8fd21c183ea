package admin

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// hostileCells are names a spreadsheet would run as formulas if an export wrote them as they are.
var hostileCells = []string{`=HYPERLINK("http://x","y")`, "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1+1", "\r=1+1"}

// formulaCells lists the cells of an export that a spreadsheet would read as a formula.
func formulaCells(cells []string) []string {
	var bad []string
	for _, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && c != "-" && strings.Trim(c, "-0123456789.") != "" {
			bad = append(bad, c)
		}
	}
	return bad
}

func csvCells(t *testing.T, what string, a answer) []string {
	t.Helper()
	if a.status != 200 {
		t.Fatalf("%s: status %d", what, a.status)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(a.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var cells []string
	for _, r := range recs {
		cells = append(cells, r...)
	}
	return cells
}

// mustHoldNeutralized checks that every hostile name is in the export, with its apostrophe, and no
// cell is a formula.
func mustHoldNeutralized(t *testing.T, what string, cells []string, names ...string) {
	t.Helper()
	if bad := formulaCells(cells); len(bad) > 0 {
		t.Errorf("%s: cells a spreadsheet runs as formulas: %q", what, bad)
	}
	joined := "\x00" + strings.Join(cells, "\x00") + "\x00"
	for _, n := range names {
		if !strings.Contains(joined, "\x00'"+n+"\x00") {
			t.Errorf("%s: %q is not there, neutralized", what, n)
		}
	}
}

// TestExportsNeutralizeFormulas puts names that are formulas where each admin export writes them: an
// officer's display name (the case list's assignee), an agency and a case category (the figures), and
// audit actions (the audit log), then checks every cell of the CSV and XLSX files.
func TestExportsNeutralizeFormulas(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	intake, ik := e.addOfficer("formula-intake", "intake")
	auditor, ak := e.addOfficer("formula-auditor", "auditor")
	e.db.Exec(ctx, `UPDATE officers SET display_name = $2 WHERE id = $1`, intake, hostileCells[0])

	for i, name := range hostileCells {
		id, _ := makeCase(t, e, "formula")
		var agency int64
		if err := e.db.QueryRow(ctx, `INSERT INTO agencies (name_zh, name_en, kind) VALUES ($1, $1, 'other') RETURNING id`, name).Scan(&agency); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.Exec(ctx, `UPDATE cases SET assignee_id = $2, agency_id = $3, category = $4 WHERE id = $1`,
			id, intake, agency, hostileCells[(i+1)%len(hostileCells)]); err != nil {
			t.Fatal(err)
		}
		if err := AuditNow(ctx, e.db, &auditor, name, nil, nil); err != nil {
			t.Fatal(err)
		}
	}

	cases := csvCells(t, "cases export", e.signedIn(intake, ik, pw("formula-intake")).get("/admin/cases/export"))
	mustHoldNeutralized(t, "cases export", cases, hostileCells...)

	b := e.signedIn(auditor, ak, pw("formula-auditor"))
	mustHoldNeutralized(t, "audit export", csvCells(t, "audit export", b.get("/admin/audit/export")), hostileCells...)
	mustHoldNeutralized(t, "stats CSV", csvCells(t, "stats CSV", b.get("/admin/stats/export?format=csv")), hostileCells...)

	xlsx := b.get("/admin/stats/export?format=xlsx")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(xlsx.body)))
	if err != nil {
		t.Fatalf("stats XLSX: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, r := range rows {
		cells = append(cells, r...)
	}
	mustHoldNeutralized(t, "stats XLSX", cells, hostileCells...)
}
