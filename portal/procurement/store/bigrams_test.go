package store

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestBigrams(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"臺中市政府", []string{"臺中", "中市", "市政", "政府"}},
		{"臺中市政府建設局113年度道路維護工程", []string{
			"臺中", "中市", "市政", "政府", "府建", "建設", "設局", "113", "年度", "度道", "道路", "路維", "維護", "護工", "工程"}},
		{"LED路燈採購", []string{"led", "路燈", "燈採", "採購"}},
		{"ＬＥＤ路燈　採購１２３", []string{"led", "路燈", "採購", "123"}}, // full-width forms
		{"台中", []string{"臺中"}},                              // 台 is searched as 臺
		{"道路 道路、道路", []string{"道路"}},                        // no duplicates
		{"COVID-19 防疫", []string{"covid", "19", "防疫"}},
		{"第1標", []string{"1"}}, // one-character CJK runs have no bigram…
		{"", nil},              // …and nor has nothing
		{"（）、。!?", nil},        // punctuation separates, and is dropped
		{"東京タワー서울", []string{"東京", "京タ", "タワ", "ワー", "ー서", "서울"}}, // kana and Hangul as CJK
		{"Café ÉCOLE", []string{"café", "école"}},
		{strings.Repeat("a", 50), []string{strings.Repeat("a", maxWord)}},
	}
	for _, tt := range tests {
		if got := Bigrams(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Bigrams(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestIndexTerms(t *testing.T) {
	got := indexTerms("第1標 道路工程")
	want := []string{"1", "工程", "標", "程", "第", "路工", "道路"}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("indexTerms = %q, want %q", got, want)
	}
}

func TestQueryTerms(t *testing.T) {
	tests := []struct {
		keyword string
		want    string // as tsquery text
	}{
		{"臺中", `'臺中'`},
		{"臺中市", `'中市' & '臺中'`},
		{"中", `'中':*`},              // one character: any lexeme it begins
		{"led", ``},                 // may be the end of "oled": scan
		{"led燈", `'燈':*`},           // the word may be the end of a longer one
		{"燈led", `'led':*`},         // …or continue: a prefix
		{"燈led燈", `'led'`},          // bounded on both sides: a whole word
		{"covid-19", `'19':*`},      // "covid" may end "xcovid"
		{"113年度 道路", `'年度' & '道路'`}, // the first word is unusable, the rest is enough
		{"第1標", `'1'`},              // a whole word beats two lone characters
		{"第 標", `'標':* & '第':*`},    // lone characters only when nothing else
		{"a b", `'b':*`},
	}
	for _, tt := range tests {
		if got := tsquery(queryTerms(normalize(tt.keyword))); got != tt.want {
			t.Errorf("queryTerms(%q) = %s, want %s", tt.keyword, got, tt.want)
		}
	}
}

// matches reports whether indexed lexemes satisfy query terms, as tsvector @@ tsquery does.
func matches(index []string, terms []queryTerm) bool {
	for _, q := range terms {
		found := false
		for _, l := range index {
			if l == q.lexeme || q.prefix && strings.HasPrefix(l, q.lexeme) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// checkNoFalseNegative fails if a text that contains keyword (both normalised) would not be a
// candidate of the index: the index may only narrow.
func checkNoFalseNegative(t *testing.T, text, keyword string) {
	t.Helper()
	nt, nk := normalize(text), normalize(keyword)
	if nk == "" || !strings.Contains(nt, nk) {
		return
	}
	if !matches(indexTerms(text), queryTerms(nk)) {
		t.Fatalf("%q contains %q, but the index would not find it: index %q, query %s",
			text, keyword, indexTerms(text), tsquery(queryTerms(nk)))
	}
}

// TestIndexFindsEverySubstring checks, on random texts, that every substring's query terms are in
// the text's index terms.
func TestIndexFindsEverySubstring(t *testing.T) {
	alphabet := []rune("臺中市政府道路工程採購台北ab1２ -、Ｌ")
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		rs := make([]rune, 1+r.IntN(12))
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		text := string(rs)
		i := r.IntN(len(rs))
		j := i + 1 + r.IntN(len(rs)-i)
		checkNoFalseNegative(t, text, string(rs[i:j]))
	}
}

func FuzzBigrams(f *testing.F) {
	f.Add("臺中市政府建設局113年度道路維護工程", 2, 5)
	f.Add("LED路燈 COVID-19", 0, 4)
	f.Add("ＬＥＤ台中", 1, 3)
	f.Fuzz(func(t *testing.T, text string, i, n int) {
		rs := []rune(text)
		if len(rs) == 0 || i < 0 || n <= 0 {
			return
		}
		i %= len(rs)
		j := min(i+n, len(rs))
		checkNoFalseNegative(t, text, string(rs[i:j]))
		for _, term := range Bigrams(text) {
			if term == "" || strings.ContainsAny(term, `'\ `) {
				t.Fatalf("Bigrams(%q) has term %q", text, term)
			}
		}
	})
}
