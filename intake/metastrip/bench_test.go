package metastrip

import (
	"bytes"
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

func BenchmarkStripPDF(b *testing.B) {
	f := bigPDFFile(b, 256<<20)
	size := mustSize(b, f)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StripAt(PDF, f, size, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStripDOCX(b *testing.B) {
	f := bigDOCXFile(b, 64<<20)
	size := mustSize(b, f)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StripAt(DOCX, f, size, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
