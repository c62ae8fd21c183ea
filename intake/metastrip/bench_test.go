package metastrip

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"testing"
)

// noisy is a photo-like image: gradients with noise, so it compresses like a real one.
func noisy(w, h int) *image.RGBA {
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := uint8(rng.IntN(48))
			img.Set(x, y, color.RGBA{uint8(x/16) + n, uint8(y/12) + n, uint8((x+y)/20) + n, 255})
		}
	}
	return img
}

func BenchmarkStripJPEG(b *testing.B) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, noisy(4000, 3000), &jpeg.Options{Quality: 92}); err != nil {
		b.Fatal(err)
	}
	in := append(segment(0xE1, append([]byte("Exif\x00\x00"), tiffGPS()...)), buf.Bytes()[2:]...)
	in = append([]byte{0xFF, 0xD8}, in...)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StripStream(JPEG, bytes.NewReader(in), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStripPNG(b *testing.B) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, noisy(2000, 1500)); err != nil {
		b.Fatal(err)
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StripStream(PNG, bytes.NewReader(in), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// noise yields n pseudo-random bytes, like compressed stream data.
type noise struct {
	n   int64
	rng *rand.PCG
}

func (z *noise) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), z.n)) &^ 7
	if k == 0 {
		k = int(min(int64(len(p)), z.n))
		clear(p[:k])
	}
	for i := 0; i+8 <= k; i += 8 {
		binary.LittleEndian.PutUint64(p[i:], z.rng.Uint64())
	}
	z.n -= int64(k)
	return k, nil
}

func BenchmarkStripPDF(b *testing.B) {
	f := bigPDFFile(b, 256<<20, &noise{n: 256 << 20, rng: rand.NewPCG(5, 6)})
	size := mustSize(b, f)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StripAt(PDF, f, size, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStripDOCX strips a document with eight 4000×3000 photos, deflated as Word stores
// them: each is inflated, stripped and deflated again.
func BenchmarkStripDOCX(b *testing.B) {
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, noisy(4000, 3000), &jpeg.Options{Quality: 92}); err != nil {
		b.Fatal(err)
	}
	small := testDOCX(b, testJPEG(b, 8, 8, false))
	zr, err := zip.NewReader(bytes.NewReader(small), int64(len(small)))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range zr.File {
		zw.Copy(e)
	}
	for i := range 8 {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("word/media/photo%d.jpeg", i), Method: zip.Deflate})
		w.Write(photo.Bytes())
	}
	zw.Close()
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StripAt(DOCX, bytes.NewReader(in), int64(len(in)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
