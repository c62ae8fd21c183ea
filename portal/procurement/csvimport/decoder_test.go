package csvimport

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// readDecoder reads all of r through a Decoder, in small reads to cross its piece boundaries.
func readDecoder(r io.Reader, enc Encoding) (string, Encoding, error) {
	d := NewDecoder(r, enc)
	b, err := io.ReadAll(iotest.HalfReader(d))
	return string(b), d.Encoding(), err
}

// A file within SniffSize reads exactly as decode reads it whole: the same text, or the same error.
func TestDecoderMatchesDecode(t *testing.T) {
	plain := enHeader + "\n" + goodRow + "\n"
	big5 := toBig5(t, zhHeader+"\n"+goodRow+"\n")
	for _, c := range []struct {
		name string
		in   string
		enc  Encoding
	}{
		{"UTF-8", plain, Auto},
		{"UTF-8 with BOM", "\ufeff" + plain, UTF8},
		{"Big5", big5, Auto},
		{"Big5 declared", big5, Big5},
		{"Big5 declared UTF-8", big5, UTF8},
		{"BOM declared Big5", "\ufeff" + plain, Big5},
		{"UTF-8 declared Big5", plain, Big5},
		{"neither", enHeader + "\n113A,\xff\xfe\xff,道路\n", Auto},
		{"cut in a character", plain[:len(plain)-2], Auto},
		{"NUL", enHeader + "\n113A\x00,3\n", Auto},
		{"UTF-16", "\xff\xfea\x00", Auto},
		{"empty", "", Auto},
	} {
		t.Run(c.name, func(t *testing.T) {
			want, wantEnc, wantErr := decode([]byte(c.in), c.enc)
			got, gotEnc, err := readDecoder(strings.NewReader(c.in), c.enc)
			if wantErr != nil {
				if err == nil || err.Error() != wantErr.Error() || !errors.Is(err, ErrDecode) {
					t.Fatalf("error %v; want %v (and ErrDecode)", err, wantErr)
				}
				return
			}
			if err != nil || got != want || gotEnc != wantEnc {
				t.Fatalf("%q, %s, %v; want %q, %s", got, gotEnc, err, want, wantEnc)
			}
		})
	}
}

// Beyond SniffSize the encoding is already chosen: the rest is checked as it streams, and a bad byte
// is named by its line, counted from the start of the file.
func TestDecoderLargeFile(t *testing.T) {
	line := "387000000A,臺中市政府民政局,01,戶籍謄本\n" // 49 bytes
	n := SniffSize/len(line) + 1000
	body := strings.Repeat(line, n)

	got, enc, err := readDecoder(strings.NewReader(body), Auto)
	if err != nil || enc != UTF8 || got != body {
		t.Fatalf("UTF-8: %s, %v, same text %t", enc, err, got == body)
	}
	big5 := toBig5(t, body)
	got, enc, err = readDecoder(strings.NewReader(big5), Auto)
	if err != nil || enc != Big5 || got != body {
		t.Fatalf("Big5: %s, %v, same text %t", enc, err, got == body)
	}

	for _, c := range []struct {
		name, in, want string
	}{
		{"Big5 after a UTF-8 start", body + toBig5(t, line), "line " + strconv.Itoa(n+1) + " is not valid UTF-8"},
		{"NUL late", body + "a\x00\n", "line " + strconv.Itoa(n+1) + " holds a NUL byte"},
		{"cut in a character", body + line[:len(line)-2], "line " + strconv.Itoa(n+1) + ": the file ends in the middle of a UTF-8 character"},
		{"not Big5 late", big5 + "\xff\xff\n", "not Big5 either (line " + strconv.Itoa(n+1) + ")"},
	} {
		_, _, err := readDecoder(strings.NewReader(c.in), Auto)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrDecode) {
			t.Errorf("%s: %v; want %q", c.name, err, c.want)
		}
	}

	// A failure to read is passed on as it is, not as bad text.
	_, _, err = readDecoder(io.MultiReader(strings.NewReader(body), iotest.ErrReader(io.ErrClosedPipe)), Auto)
	if !errors.Is(err, io.ErrClosedPipe) || errors.Is(err, ErrDecode) {
		t.Errorf("read failure: %v", err)
	}
}
