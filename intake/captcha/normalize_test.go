package captcha

import (
	"bytes"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	want := []byte{0, 4, 2, 9, 1, 7}
	for _, in := range []string{
		"042917", "０４２９１７", "042 917", " 042-917 ", "０４２　９１７", "04-29-17", "042–917", "042－917", "0\t4\n2917",
	} {
		got, ok := normalize(in)
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("normalize(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"04291a", "042.917", "٠٤٢٩١٧", "042_917", strings.Repeat("1", 300)} {
		if _, ok := normalize(in); ok {
			t.Errorf("normalize(%q) accepted", in)
		}
	}
}

func TestValidID(t *testing.T) {
	for i := 0; i < 100; i++ {
		if id := newID(); !validID(id) {
			t.Fatalf("newID made %q, which validID rejects", id)
		}
	}
	for _, id := range []string{"", "abc", strings.Repeat("a", 26), strings.Repeat("A", 25), strings.Repeat("A", 27), strings.Repeat("1", 26), "../" + strings.Repeat("A", 23)} {
		if validID(id) {
			t.Errorf("validID(%q) = true", id)
		}
	}
}
