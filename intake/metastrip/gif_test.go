package metastrip

import (
	"bytes"
	"image"
	"image/color/palette"
	"image/gif"
	"testing"
)

func testGIF(t testing.TB) []byte {
	t.Helper()
	var frames []*image.Paletted
	for i := range 2 {
		p := image.NewPaletted(image.Rect(0, 0, 10, 10), palette.Plan9)
		for x := range 10 {
			p.SetColorIndex(x, i*3, uint8(x*20+i))
		}
		frames = append(frames, p)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &gif.GIF{Image: frames, Delay: []int{10, 10}, LoopCount: 0}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// Insert a comment and an XMP application extension before the first image data.
	at := bytes.Index(b, []byte{0x21, 0xF9}) // first graphic control extension
	var ext []byte
	ext = append(ext, 0x21, 0xFE, byte(len("by "+name)))
	ext = append(ext, "by "+name...)
	ext = append(ext, 0)
	ext = append(ext, 0x21, 0xFF, 11)
	ext = append(ext, "XMP DataXMP"...)
	ext = append(ext, 5, 'C', 'h', 'e', 'n', ' ', 3, 'M', 'e', 'i', 0)
	out := append(append(append([]byte{}, b[:at]...), ext...), b[at:]...)
	return append(out, "trailer junk"...)
}

func TestStripGIF(t *testing.T) {
	in := testGIF(t)
	if Detect(in) != GIF {
		t.Fatal("not detected")
	}
	var out bytes.Buffer
	rep, err := StripStream(GIF, bytes.NewReader(in), &out)
	if err != nil {
		t.Fatal(err)
	}
	got := out.Bytes()
	if bytes.Contains(got, []byte("Chen")) || bytes.Contains(got, []byte("XMP")) || bytes.Contains(got, []byte("junk")) {
		t.Error("metadata kept")
	}
	if !bytes.Contains(got, []byte("NETSCAPE2.0")) {
		t.Error("loop extension dropped")
	}
	a, err := gif.DecodeAll(bytes.NewReader(in[:len(in)-len("trailer junk")]))
	if err != nil {
		t.Fatal(err)
	}
	b, err := gif.DecodeAll(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Image) != len(b.Image) || b.LoopCount != a.LoopCount {
		t.Fatal("frames or loop count changed")
	}
	for i := range a.Image {
		samePixels(t, a.Image[i], b.Image[i])
	}
	wantCodes(t, rep.Removed, "comment", "xmp", "trailing-data")
	for _, bad := range [][]byte{in[:20], in[:len(in)/2], []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00"), []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00\x99")} {
		if _, err := StripStream(GIF, bytes.NewReader(bad), &bytes.Buffer{}); !errorsIsMalformed(err) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
