package spreadsheet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"testing"
)

func TestTextCannotBecomeAFormula(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+886 2 1234":                "'+886 2 1234", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)", "\tcmd": "'\tcmd", "\r=1": "'\r=1",
		"-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0", "-1e5": "'-1e5", "-.5": "'-.5", "-5.": "'-5.", "--5": "'--5",
		// Numbers written as text stay numbers; "-" alone is the exports' "none".
		"-1500": "-1500", "-2.5": "-2.5", "25775360": "25775360", "-": "-",
		"臺中": "臺中", "": "", "a=b": "a=b", "2026-01-02": "2026-01-02",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVNeutralizesEveryField(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSV(&buf)
	rec := []string{"=1+1", "-3", "@x"}
	w.Write(rec)
	w.WriteAll([][]string{{"+a", "ok"}})
	if rec[0] != "=1+1" {
		t.Error("Write changed the caller's record")
	}
	r := csv.NewReader(&buf)
	r.FieldsPerRecord = -1
	got, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := `[["'=1+1" "-3" "'@x"] ["'+a" "ok"]]`; fmt.Sprintf("%q", got) != want {
		t.Errorf("got %q, want %s", got, want)
	}
}
