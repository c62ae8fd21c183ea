package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"integrity-portal/portal/procurement/ocds"
)

func TestFindParties(t *testing.T) {
	pool := setupSearch(t)
	ctx := context.Background()
	// A buyer whose name holds LIKE's own characters, and the first buyer under a new name.
	odd := synth{7, "招牌更新", "9.9.9", "100%建設_公司", "open", "works", "2024-06-01T00:00:00Z", "", "1000", "11111111"}
	renamed := synth{8, "道路刨鋪", "3.76.47", "臺中市政府建設局（新）", "open", "works", "2024-07-01T00:00:00Z", "", "", ""}
	save(t, pool, []ocds.Release{odd.release(), renamed.release()}, "import:2")

	find := func(role Role, text string) []string {
		t.Helper()
		got, err := FindParties(ctx, pool, role, text, 21)
		if err != nil {
			t.Fatalf("FindParties(%s, %q): %v", role, text, err)
		}
		var out []string
		for _, p := range got {
			out = append(out, p.ID+" "+p.Name)
			if p.Exact != (p.Name == text) {
				t.Errorf("FindParties(%s, %q): %s is exact: %v", role, text, p.Name, p.Exact)
			}
		}
		return out
	}
	for _, c := range []struct {
		role Role
		text string
		want []string
	}{
		{RoleBuyer, "建設局", []string{"3.76.47 臺中市政府建設局"}},
		// 台 is 臺; the shorter name first when both start with the text.
		{RoleBuyer, "台中", []string{"3.76.99 台中市立圖書館", "3.76.47 臺中市政府建設局"}},
		{RoleBuyer, " 臺北市政府  ", []string{"3.79.56 臺北市政府工務局", "3.79.10 臺北市政府資訊局"}},
		// A code, and its scheme's prefix is added as people leave it out.
		{RoleBuyer, "3.76.47", []string{"3.76.47 臺中市政府建設局"}},
		{RoleBuyer, "新）", []string{"3.76.47 臺中市政府建設局（新）"}},
		{RoleBuyer, "臺中市政府建設局", []string{"3.76.47 臺中市政府建設局"}},
		// Full-width letters and digits are read as ASCII.
		{RoleBuyer, "１００％", []string{"9.9.9 100%建設_公司"}},
		{RoleBuyer, "0%建", []string{"9.9.9 100%建設_公司"}},
		{RoleBuyer, "%", []string{"9.9.9 100%建設_公司"}},
		{RoleBuyer, "設_公", []string{"9.9.9 100%建設_公司"}},
		{RoleBuyer, "1_0", nil},
		{RoleBuyer, `\`, nil},
		{RoleBuyer, "廠商", nil},
		{RoleSupplier, "廠商1234", []string{"12345678 廠商12345678"}},
		{RoleSupplier, "87654321", []string{"87654321 廠商87654321"}},
		{RoleSupplier, "建設局", nil},
	} {
		if got := find(c.role, c.text); !slices.Equal(got, c.want) {
			t.Errorf("FindParties(%s, %q) = %q, want %q", c.role, c.text, got, c.want)
		}
	}

	// A holder with no process left is not offered.
	if _, err := pool.Exec(ctx, `DELETE FROM procurement_processes WHERE ocid = 'ocds-t-7'`); err != nil {
		t.Fatal(err)
	}
	if got := find(RoleBuyer, "100%"); got != nil {
		t.Errorf("a buyer without processes is still found: %q", got)
	}
	// Many former holders ranked before the real ones: the lookup still finds the real ones.
	if _, err := pool.Exec(ctx, `INSERT INTO procurement_parties (role, id, name)
		SELECT 'supplier', 'gone-' || i, '廠商舊' || i FROM generate_series(1, 40) AS i`); err != nil {
		t.Fatal(err)
	}
	for limit, want := range map[int][]string{1: {"12345678"}, 21: {"12345678", "87654321"}} {
		got, err := FindParties(ctx, pool, RoleSupplier, "廠商", limit)
		var ids []string
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if err != nil || !slices.Equal(ids, want) {
			t.Errorf("FindParties(廠商, %d) after former holders = %q, %v; want %q", limit, ids, err, want)
		}
	}
	for _, text := range []string{"", "  ", string(make([]byte, MaxPartyText+1))} {
		if _, err := FindParties(ctx, pool, RoleBuyer, text, 10); !errors.Is(err, ErrBadQuery) {
			t.Errorf("FindParties(%q): %v, want ErrBadQuery", text, err)
		}
	}
}
