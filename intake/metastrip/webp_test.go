package metastrip

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func riffChunk(typ string, data []byte) []byte {
	b := append([]byte(typ), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// testWebP is an extended-format WebP whose VP8X flags announce EXIF and XMP chunks. The VP8L
// bitstream is opaque to the stripper, so any bytes do.
func testWebP() []byte {
	var body []byte
	body = append(body, "WEBP"...)
	body = append(body, riffChunk("VP8X", []byte{0x2C, 0, 0, 0, 9, 0, 0, 9, 0, 0})...) // ICC|EXIF|XMP
	body = append(body, riffChunk("ICCP", []byte("profile"))...)
	body = append(body, riffChunk("VP8L", []byte("\x2f\x09\x40\x02lossless bits"))...)
	body = append(body, riffChunk("EXIF", append([]byte("Exif\x00\x00"), tiffGPS()...))...)
	body = append(body, riffChunk("XMP ", []byte(xmpPacket()))...)
	body = append(body, riffChunk("ZZZZ", []byte("private "+name))...)
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	return append(append(out, body...), "trailing"...)
}

func TestStripWebP(t *testing.T) {
	in := testWebP()
	if Detect(in) != WebP {
		t.Fatal("not detected")
	}
	got, rep := stripBytes(t, WebP, in)
	if int(binary.LittleEndian.Uint32(got[4:]))+8 != len(got) {
		t.Errorf("RIFF size %d, file %d", binary.LittleEndian.Uint32(got[4:]), len(got))
	}
	var types []string
	for b := got[12:]; len(b) >= 8; {
		n := int(binary.LittleEndian.Uint32(b[4:]))
		types = append(types, string(b[:4]))
		if string(b[:4]) == "VP8X" && b[8] != 0x20 {
			t.Errorf("VP8X flags %#x", b[8])
		}
		b = b[min(len(b), 8+n+n%2):]
	}
	if want := []string{"VP8X", "ICCP", "VP8L"}; !slicesEqual(types, want) {
		t.Errorf("chunks %q, want %q", types, want)
	}
	if bytes.Contains(got, []byte(name)) {
		t.Error("name left")
	}
	wantCodes(t, rep.Removed, "exif", "gps", "xmp", "webp-private", "trailing-data")
	for _, bad := range [][]byte{in[:10], in[:30], []byte("RIFF\xFF\x00\x00\x00WEBP"), []byte("RIFF\x0c\x00\x00\x00WEBPVP8L\xFF\xFF\xFF\x00")} {
		if _, err := StripAt(WebP, bytes.NewReader(bad), int64(len(bad)), &bytes.Buffer{}); !errorsIsMalformed(err) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
