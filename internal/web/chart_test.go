package web

import "testing"

func TestBarChartRowsScaleToHalfTheWidth(t *testing.T) {
	c := BarChart{ID: "c", Bars: []Bar{{Label: "a", Value: "200", Size: 200}, {Label: "b", Value: "0", Size: 0},
		{Label: "c", Value: "1", Size: 1}, {Label: "d", Value: "50", Size: 50}}}
	rows := c.Rows()
	want := []string{"50.00%", "0.00%", "0.50%", "12.50%"} // the largest half the width; any value above zero visible
	for i, r := range rows {
		if r.Width != want[i] {
			t.Errorf("bar %d: width %s, want %s", i, r.Width, want[i])
		}
	}
	if rows[1].LabelY != "3.90em" || rows[1].BarY != "4.25em" || rows[1].ValueY != "5.10em" {
		t.Errorf("second row at %s %s %s", rows[1].LabelY, rows[1].BarY, rows[1].ValueY)
	}
	if c.Height() != "11.40em" {
		t.Errorf("height %s", c.Height())
	}
	if len((BarChart{}).Rows()) != 0 {
		t.Error("an empty chart has rows")
	}
}

func TestPageWithinSection(t *testing.T) {
	for path, want := range map[string]bool{"/procurement": true, "/procurement/tenders?q=x": true,
		"/procurement?x=1": true, "/procurements": false, "/": false, "/report?next=/procurement": false} {
		if got := (&Page{Path: path}).Within("/procurement"); got != want {
			t.Errorf("Within(%q) = %v", path, got)
		}
	}
}
