package metastrip

import (
	"archive/zip"
	"bytes"
	"testing"
)

// The fuzz targets check that no input panics or hangs, and that what is written on success is
// plausible: no longer than the input (zip rewrites aside) and of the same type.

func FuzzStripJPEG(f *testing.F) {
	f.Add(testJPEG(f, 8, 8, false))
	f.Add([]byte("\xFF\xD8\xFF\xDA\x00\x02\xFF\x00\xFF\xD0\xFF\xFF\xD9"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		if _, err := StripStream(JPEG, bytes.NewReader(in), &out); err != nil {
			return
		}
		if out.Len() > len(in) || !bytes.HasPrefix(out.Bytes(), []byte{0xFF, 0xD8}) {
			t.Fatalf("output %d bytes from %d: % x", out.Len(), len(in), out.Bytes()[:min(out.Len(), 8)])
		}
	})
}

func FuzzStripPNG(f *testing.F) {
	f.Add(testPNG(f, 4, 4))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		if _, err := StripStream(PNG, bytes.NewReader(in), &out); err != nil {
			return
		}
		if out.Len() > len(in) || !bytes.HasPrefix(out.Bytes(), pngSig) {
			t.Fatalf("output %d bytes from %d", out.Len(), len(in))
		}
	})
}

func FuzzStripPDF(f *testing.F) {
	f.Add(testPDF())
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Metadata /Length 3 >> stream\nabc\nendstream endobj trailer << /Info 1 0 R /ID [<00><11>] >>"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		if _, err := StripAt(PDF, bytes.NewReader(in), int64(len(in)), &out); err != nil {
			return
		}
		if out.Len() != len(in) {
			t.Fatalf("output %d bytes from %d", out.Len(), len(in))
		}
	})
}

func FuzzStripOOXML(f *testing.F) {
	f.Add(testDOCX(f, testJPEG(f, 8, 8, false)))
	f.Add(testODT(f, false))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := bytes.NewReader(in)
		DetectZip(r, int64(len(in)))
		for _, k := range []Kind{DOCX, ODT} {
			var out bytes.Buffer
			if _, err := StripAt(k, r, int64(len(in)), &out); err != nil {
				continue
			}
			if _, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len())); err != nil {
				t.Fatalf("%s: output is not a zip: %v", k, err)
			}
		}
	})
}

// FuzzStripOther covers detection and the remaining formats.
func FuzzStripOther(f *testing.F) {
	f.Add(testGIF(f))
	f.Add(testWebP())
	f.Add([]byte("plain text 舉報"))
	f.Fuzz(func(t *testing.T, in []byte) {
		k := Detect(in)
		var out bytes.Buffer
		if _, err := StripAt(k, bytes.NewReader(in), int64(len(in)), &out); err != nil {
			return
		}
		if out.Len() > len(in) {
			t.Fatalf("%s: output %d bytes from %d", k, out.Len(), len(in))
		}
		if k != Unknown && Detect(out.Bytes()) != k && k != Text {
			t.Fatalf("%s became %s", k, Detect(out.Bytes()))
		}
	})
}
