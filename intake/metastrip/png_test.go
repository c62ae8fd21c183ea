package metastrip

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image/png"
	"testing"
)

// pngChunks lists chunk types, checking every CRC.
func pngChunks(t *testing.T, b []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(b, pngSig) {
		t.Fatal("no PNG signature")
	}
	var types []string
	for b = b[8:]; len(b) >= 12; {
		n := int(binary.BigEndian.Uint32(b))
		if 12+n > len(b) {
			t.Fatal("chunk past end")
		}
		if crc32.ChecksumIEEE(b[4:8+n]) != binary.BigEndian.Uint32(b[8+n:]) {
			t.Fatalf("bad CRC in %s", b[4:8])
		}
		types = append(types, string(b[4:8]))
		b = b[12+n:]
	}
	if len(b) != 0 {
		t.Fatalf("%d bytes after the chunks", len(b))
	}
	return types
}

func TestStripPNG(t *testing.T) {
	in := testPNG(t, 40, 30)
	if Detect(in) != PNG {
		t.Fatal("not detected as PNG")
	}
	var out bytes.Buffer
	rep, err := StripStream(PNG, bytes.NewReader(in), &out)
	if err != nil {
		t.Fatal(err)
	}
	got := out.Bytes()
	a, err := png.Decode(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	b, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, a, b)
	for _, typ := range pngChunks(t, got) {
		switch typ {
		case "IHDR", "IDAT", "IEND", "gAMA":
		default:
			t.Errorf("chunk %s kept", typ)
		}
	}
	if bytes.Contains(got, []byte(name)) || bytes.Contains(got, gpsLatitude) {
		t.Error("metadata left in output")
	}
	wantCodes(t, rep.Removed, "png-text", "exif", "gps", "png-time", "png-private", "trailing-data")
}

func TestStripPNGMalformed(t *testing.T) {
	good := testPNG(t, 8, 8)
	badCRC := bytes.Clone(good)
	badCRC[8+8+13] ^= 1
	cases := map[string][]byte{
		"signature":   []byte("\x89PNG\r\n\x1a\x0b"),
		"truncated":   good[:len(good)/2],
		"no IEND":     good[:bytes.Index(good, []byte("IEND"))-4],
		"bad CRC":     badCRC,
		"huge length": append(bytes.Clone(pngSig), "\xFF\xFF\xFF\xF0IHDR"...),
		"long length": append(bytes.Clone(pngSig), "\x7F\xFF\xFF\xF0IHDR"...),
		"bad type":    append(bytes.Clone(pngSig), "\x00\x00\x00\x00IH\x00R"...),
		"IDAT first":  append(bytes.Clone(pngSig), pngChunk("IDAT", nil)...),
		"zero chunks": append(append(bytes.Clone(pngSig), pngChunk("IHDR", make([]byte, 13))...), pngChunk("tEXt", nil)...),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := StripStream(PNG, bytes.NewReader(in), &bytes.Buffer{})
			if !errorsIsMalformed(err) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
		})
	}
}
