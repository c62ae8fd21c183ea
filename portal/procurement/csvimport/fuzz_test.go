package csvimport

import (
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"golang.org/x/text/encoding/traditionalchinese"

	"integrity-portal/portal/procurement/ocds"
)

// FuzzRead feeds Read arbitrary files in each encoding mode. Whatever the input: no panic; an error
// comes alone; releases come only without rejections, one per process, each one OCDS can merge, with
// whole amounts within MaxAmount; and reading is deterministic.
func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile("testdata/sample.csv"); err == nil {
		f.Add(b, uint8(0))
		if big5, err := traditionalchinese.Big5.NewEncoder().Bytes(b); err == nil {
			f.Add(big5, uint8(0))
			f.Add(big5, uint8(2))
		}
	}
	for _, s := range []string{
		zhHeader + "\n" + goodRow + "\n",
		enHeader + "\n" + goodRow + "\n" + with(iSupplierID, "87654321") + "\n",
		zhHeader + "\n" + with(iAwardDate, "113/02/30") + "\n",
		zhHeader + "\n" + goodRow + "\n" + with(iTitle, "別的") + "\n",
		zhHeader + "\n" + `113A,"3.76.47`,
		"ocid,機關代碼,機關名稱,標案名稱,決標日期\nocds-x-1,3.76.47,臺中,路,1130201\n",
		"\ufeff" + zhHeader + "\r\n" + goodRow + "\r\n",
		"a,b\n1,2\n",
		"",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(1))
	}
	encodings := []Encoding{Auto, UTF8, Big5}
	f.Fuzz(func(t *testing.T, data []byte, e uint8) {
		opts := Options{Encoding: encodings[int(e)%len(encodings)], OCIDPrefix: "ocds-fuzz"}
		res, err := Read(bytes.NewReader(data), opts)
		if err != nil {
			if res != nil {
				t.Fatalf("error %v with a result", err)
			}
			return
		}
		if res.Problems < len(res.Rejections) || len(res.Rejections) > MaxListed || (res.Problems > 0) != (res.RejectedLines > 0) {
			t.Fatalf("%d problems on %d lines, %d listed", res.Problems, res.RejectedLines, len(res.Rejections))
		}
		if res.Problems > 0 && res.Releases != nil {
			t.Fatalf("releases despite %d problems", res.Problems)
		}
		if res.Problems == 0 && len(res.Releases) != res.Processes {
			t.Fatalf("%d releases for %d processes", len(res.Releases), res.Processes)
		}
		seen := map[string]bool{}
		for _, r := range res.Releases {
			if seen[r.OCID()] {
				t.Fatalf("two releases of %s", r.OCID())
			}
			seen[r.OCID()] = true
			if _, err := ocds.Merge(nil, []ocds.Release{r}); err != nil {
				t.Fatalf("release %s does not merge: %v", r.OCID(), err)
			}
			checkAmounts(t, r)
		}
		again, err := Read(bytes.NewReader(data), opts)
		if err != nil {
			t.Fatalf("second read: %v", err)
		}
		a, _ := json.Marshal(res)
		b, _ := json.Marshal(again)
		if !bytes.Equal(a, b) {
			t.Fatal("two reads differ")
		}
	})
}

// checkAmounts checks every value amount of a release: a whole number from 0 to MaxAmount.
func checkAmounts(t *testing.T, r ocds.Release) {
	t.Helper()
	var amounts []any
	amounts = append(amounts, at(r, "tender", "value", "amount"))
	awards, _ := r["awards"].([]any)
	for i := range awards {
		amounts = append(amounts, at(r, "awards", i, "value", "amount"))
	}
	for _, a := range amounts {
		if a == nil {
			continue
		}
		n, err := strconv.ParseInt(string(a.(json.Number)), 10, 64)
		if err != nil || n < 0 || n > MaxAmount {
			t.Fatalf("amount %v in %s", a, r.OCID())
		}
	}
}
