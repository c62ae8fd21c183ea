package metastrip

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Large inputs are generated on the fly through io.Readers, never held in memory, so that the
// allocation counters measure the stripper alone.

const bigSize = 64 << 20

// zeros yields n zero bytes, feeding them to crc if set.
type zeros struct {
	n   int64
	crc hash.Hash32
}

func (z *zeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), z.n))
	clear(p[:k])
	if z.crc != nil {
		z.crc.Write(p[:k])
	}
	z.n -= int64(k)
	return k, nil
}

// later reads what f returns, calling f only when first read (after the readers before it).
type later struct {
	f func() []byte
	r *bytes.Reader
}

func (l *later) Read(p []byte) (int, error) {
	if l.r == nil {
		l.r = bytes.NewReader(l.f())
	}
	return l.r.Read(p)
}

// bigPNG is a PNG with one IDAT of n zero bytes and a text chunk.
func bigPNG(n int64) io.Reader {
	crc := crc32.NewIEEE()
	crc.Write([]byte("IDAT"))
	head := append(bytes.Clone(pngSig), pngChunk("IHDR", []byte{0, 0, 1, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0})...)
	head = append(head, pngChunk("tEXt", []byte("Author\x00"+name))...)
	head = binary.BigEndian.AppendUint32(head, uint32(n))
	head = append(head, "IDAT"...)
	return io.MultiReader(bytes.NewReader(head), &zeros{n: n, crc: crc},
		&later{f: func() []byte {
			return append(binary.BigEndian.AppendUint32(nil, crc.Sum32()), pngChunk("IEND", nil)...)
		}})
}

// scanData is JPEG entropy-coded data: bytes with a stuffed 0xFF00 and a restart marker now and
// then.
type scanData struct{ n, i int64 }

func (s *scanData) Read(p []byte) (int, error) {
	if s.i >= s.n {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), s.n-s.i))
	for j := range k {
		switch (s.i + int64(j)) % 4096 {
		case 100, 2000:
			p[j] = 0xFF
		case 101:
			p[j] = 0x00
		case 2001:
			p[j] = 0xD0 + byte(s.i/4096%8)
		default:
			p[j] = 0x55
		}
	}
	s.i += int64(k)
	return k, nil
}

// bigJPEG is a JPEG-shaped stream (the stripper does not decode) with EXIF and a long scan.
func bigJPEG(n int64) io.Reader {
	head := []byte{0xFF, 0xD8}
	head = append(head, segment(0xE1, append([]byte("Exif\x00\x00"), tiffGPS()...))...)
	head = append(head, segment(0xC0, []byte{8, 0, 16, 0, 16, 1, 1, 0x11, 0})...)
	head = append(head, segment(0xDA, []byte{1, 1, 0, 0, 63, 0})...)
	return io.MultiReader(bytes.NewReader(head), &scanData{n: n}, bytes.NewReader([]byte{0xFF, 0xD9}))
}

// sink counts bytes and samples the heap while output flows.
type sink struct {
	n, next  int64
	peakHeap uint64
}

func (s *sink) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	if s.n >= s.next {
		s.next = s.n + 8<<20
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		s.peakHeap = max(s.peakHeap, m.HeapInuse)
	}
	return len(p), nil
}

// checkMemory runs strip and fails if it allocated, or grew the heap by, more than limit.
func checkMemory(t *testing.T, limit uint64, strip func(w io.Writer) (Report, error)) (*sink, Report) {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	s := &sink{}
	rep, err := strip(s)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	grow := max(s.peakHeap, after.HeapInuse) - min(before.HeapInuse, max(s.peakHeap, after.HeapInuse))
	t.Logf("%d MiB out, %d KiB allocated, heap grew %d KiB", s.n>>20, alloc>>10, grow>>10)
	if alloc > limit || grow > limit {
		t.Errorf("allocated %d KiB, heap grew %d KiB; limit %d KiB", alloc>>10, grow>>10, limit>>10)
	}
	return s, rep
}

func TestConstantMemoryPNG(t *testing.T) {
	s, rep := checkMemory(t, 8<<20, func(w io.Writer) (Report, error) { return StripStream(PNG, bigPNG(bigSize), w) })
	if s.n < bigSize {
		t.Errorf("output %d bytes", s.n)
	}
	wantCodes(t, rep.Removed, "png-text")
}

func TestConstantMemoryJPEG(t *testing.T) {
	s, rep := checkMemory(t, 8<<20, func(w io.Writer) (Report, error) { return StripStream(JPEG, bigJPEG(bigSize), w) })
	if s.n < bigSize {
		t.Errorf("output %d bytes", s.n)
	}
	wantCodes(t, rep.Removed, "exif", "gps")
}

// bigPDFFile writes a PDF with an information dictionary and a 64 MiB binary stream to a file.
func bigPDFFile(t testing.TB, n int64, body io.Reader) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "big.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	p := &pdfBuilder{}
	p.buf.WriteString("%PDF-1.7\n")
	p.obj("<< /Type /Catalog /Pages 2 0 R >>")
	p.obj("<< /Type /Pages /Kids [] /Count 0 >>")
	p.obj("<< /Author (" + name + ") >>")
	p.offsets = append(p.offsets, p.buf.Len())
	p.buf.WriteString("4 0 obj\n<< /Length " + itoa(n) + " /Filter /FlateDecode >>\nstream\n")
	f.Write(p.buf.Bytes())
	io.Copy(f, body)
	p.buf.Reset()
	p.buf.WriteString("\nendstream\nendobj\n")
	tail := p.finishAt(int(mustSize(t, f)), "/Root 1 0 R /Info 3 0 R", p.buf.String())
	f.Write(tail)
	return f
}

func mustSize(t testing.TB, f *os.File) int64 {
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func TestConstantMemoryPDF(t *testing.T) {
	f := bigPDFFile(t, bigSize, &scanData{n: bigSize})
	size := mustSize(t, f)
	s, rep := checkMemory(t, 8<<20, func(w io.Writer) (Report, error) { return StripAt(PDF, f, size, w) })
	if s.n != size {
		t.Errorf("output %d bytes, want %d", s.n, size)
	}
	wantCodes(t, rep.Removed, "pdf-info:author")
}

// bigDOCXFile writes a docx whose photo (deflated, as Word does) and video are 64 MiB each.
func bigDOCXFile(t testing.TB, n int64) *os.File {
	t.Helper()
	small := testDOCX(t, testJPEG(t, 8, 8, false))
	zr, err := zip.NewReader(bytes.NewReader(small), int64(len(small)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "big.docx"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range zr.File {
		if err := zw.Copy(e); err != nil {
			t.Fatal(err)
		}
	}
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "word/media/image2.jpeg", Method: zip.Deflate})
	io.Copy(w, bigJPEG(n))
	w, _ = zw.CreateHeader(&zip.FileHeader{Name: "word/media/video1.mp4", Method: zip.Store})
	io.Copy(w, &zeros{n: n})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestConstantMemoryDOCX(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large file")
	}
	f := bigDOCXFile(t, bigSize)
	size := mustSize(t, f)
	_, rep := checkMemory(t, 8<<20, func(w io.Writer) (Report, error) { return StripAt(DOCX, f, size, w) })
	wantCodes(t, rep.Removed, "ooxml-core:creator", "exif", "gps")
}
