package metastrip

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// checkXref checks that every in-use xref entry still points at "N G obj".
func checkXref(t *testing.T, b []byte) {
	t.Helper()
	m := regexp.MustCompile(`startxref\s+(\d+)`).FindAllSubmatch(b, -1)
	if m == nil {
		t.Fatal("no startxref")
	}
	off, _ := strconv.Atoi(string(m[len(m)-1][1]))
	sec := regexp.MustCompile(`^xref\s+(\d+) (\d+)\s+`).FindSubmatch(b[off:])
	if sec == nil {
		t.Fatalf("startxref %d does not point at an xref table", off)
	}
	first, _ := strconv.Atoi(string(sec[1]))
	count, _ := strconv.Atoi(string(sec[2]))
	table := b[off+len(sec[0]):]
	for i := range count {
		e := table[20*i : 20*i+20]
		if e[17] != 'n' {
			continue
		}
		o, _ := strconv.Atoi(string(e[:10]))
		gen, _ := strconv.Atoi(string(e[11:16]))
		want := fmt.Sprintf("%d %d obj", first+i, gen)
		if !bytes.HasPrefix(b[o:], []byte(want)) {
			t.Errorf("xref entry %d points at %q, want %q", first+i, b[o:min(len(b), o+12)], want)
		}
	}
}

func TestStripPDF(t *testing.T) {
	in := testPDF()
	if Detect(in) != PDF {
		t.Fatal("not detected as PDF")
	}
	checkXref(t, in)
	got, rep := stripBytes(t, PDF, in)
	if len(got) != len(in) {
		t.Fatalf("length %d, want %d", len(got), len(in))
	}
	checkXref(t, got)
	for _, s := range []string{name, "4368656E204D6569", "Taichung", "Microsoft", "D:2024", "0123456789ABCDEF"} {
		if bytes.Contains(got, []byte(s)) {
			t.Errorf("output still contains %q", s)
		}
	}
	for _, s := range []string{"<?xpacket begin=", `<?xpacket end="w"?>`, "(Evidence)", "/Trapped /False"} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("output lost %q", s)
		}
	}
	wantCodes(t, rep.Removed, "pdf-info:author", "pdf-info:creator", "pdf-info:producer",
		"pdf-info:creationdate", "pdf-info:title", "pdf-info:custom", "pdf-xmp", "pdf-id")
	if len(rep.Remains) != 0 {
		t.Errorf("remains %q", rep.Remains)
	}
	// Stripping again finds nothing more.
	_, rep = stripBytes(t, PDF, got)
	if len(rep.Removed) != 0 {
		t.Errorf("second pass removed %q", rep.Removed)
	}
}

func TestStripPDFCompressed(t *testing.T) {
	p := &pdfBuilder{}
	p.buf.WriteString("%PDF-1.5\n")
	p.obj("<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >>")
	p.obj("<< /Type /Pages /Kids [] /Count 0 >>")
	p.stream("/Type /Metadata /Subtype /XML /Filter /FlateDecode", "x\x9c compressed")
	p.stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", "x\x9c compressed")
	in := p.finish("/Root 1 0 R /Info 9 0 R")
	got, rep := stripBytes(t, PDF, in)
	if !bytes.Equal(got, in) {
		t.Error("output changed")
	}
	wantCodes(t, rep.Remains, "pdf-compressed-objects", "pdf-xmp-compressed")
}

func TestStripPDFBareMetadataAndEncrypted(t *testing.T) {
	p := &pdfBuilder{}
	p.buf.WriteString("%PDF-1.4\n")
	p.obj("<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >>")
	p.obj("<< /Type /Pages /Kids [] /Count 0 >>")
	p.stream("/Type/Metadata/Subtype/XML", "<x:xmpmeta><dc:creator>"+name+"</dc:creator></x:xmpmeta>")
	p.obj("<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>")
	p.obj("<</Author(" + name + ")>>")
	in := p.finish("/Root 1 0 R /Info 5 0 R /Encrypt 4 0 R /ID [<AABB> <AABB>]")
	got, rep := stripBytes(t, PDF, in)
	checkXref(t, got)
	if bytes.Contains(got, []byte(name)) {
		t.Error("name left")
	}
	if !bytes.Contains(got, []byte("<AABB>")) {
		t.Error("/ID of an encrypted file changed")
	}
	wantCodes(t, rep.Removed, "pdf-xmp", "pdf-info:author")
	wantCodes(t, rep.Remains, "pdf-encrypted")
}

func TestStripPDFEmbeddedJPEG(t *testing.T) {
	jpg := testJPEG(t, 16, 16, false)
	p := &pdfBuilder{}
	p.buf.WriteString("%PDF-1.4\n")
	p.obj("<< /Type /Catalog /Pages 2 0 R >>")
	p.obj("<< /Type /Pages /Kids [] /Count 0 >>")
	p.stream("/Type /XObject /Subtype /Image /Width 16 /Height 16 /Filter /DCTDecode", string(jpg))
	in := p.finish("/Root 1 0 R")
	got, rep := stripBytes(t, PDF, in)
	if bytes.Contains(got, gpsLatitude) || bytes.Contains(got, []byte("Exif\x00\x00")) {
		t.Error("EXIF left in embedded JPEG")
	}
	// The embedded JPEG still decodes.
	s := bytes.Index(got, []byte("stream\n")) + 7
	decodeJPEG(t, got[s:s+len(jpg)])
	wantCodes(t, rep.Removed, "exif", "gps", "iptc", "pdf-xmp")
}

func TestStripPDFMalformed(t *testing.T) {
	for _, in := range []string{
		"", "%PDF", "not a pdf",
		"%PDF-1.4\n/Info 1 0 R 1 0 obj << /Author (unterminated",
		"%PDF-1.4\n/Info 1 0 R\n1 0 obj <<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<< >>",
		"%PDF-1.4\n<?xpacket begin=\"\" id=\"x\"?> never ends",
		"%PDF-1.4\n1 0 obj << /Type /Metadata >> stream\nno end",
		"%PDF-1.4\n\xFF\xE1\xFF\xFFExif\x00\x00",
	} {
		var out bytes.Buffer
		_, err := StripAt(PDF, bytes.NewReader([]byte(in)), int64(len(in)), &out)
		if err == nil && out.Len() != len(in) {
			t.Errorf("%q: output length %d", in, out.Len())
		}
		if err != nil && !errorsIsMalformed(err) {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// TestStripPDFPathological checks that files crafted to make the scanner repeat work finish
// quickly: packets that never end, and thousands of information dictionaries.
func TestStripPDFPathological(t *testing.T) {
	for name, unit := range map[string]string{
		"packets":     `<?xpacket begin="" id="x"?>`,
		"metadata":    "1 0 obj << /Type /Metadata >> stream\n",
		"info":        "/Info 1 0 R 1 0 obj << /Author (x) >> ",
		"exif":        "\xFF\xE1\x00\x10Exif\x00\x00II*\x00\x08\x00\x00\x00",
		"nested dict": "/Info 1 0 R 1 0 obj " + strings.Repeat("<<", 500),
	} {
		in := "%PDF-1.4\n" + strings.Repeat(unit, 8<<20/len(unit))
		start := time.Now()
		_, err := StripAt(PDF, strings.NewReader(in), int64(len(in)), io.Discard)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: %v", name, d)
		}
		if err != nil && !errorsIsMalformed(err) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestStripPDFUnendedPacket(t *testing.T) {
	p := &pdfBuilder{}
	p.buf.WriteString("%PDF-1.4\n")
	p.obj("<< /Type /Catalog /Pages 2 0 R >>")
	p.stream("/Type /Metadata /Subtype /XML /Filter /FlateDecode", `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?> cut short`)
	p.obj("<< /Type /Pages /Kids [] /Count 0 >>")
	p.stream("/Type /Metadata /Subtype /XML", xmpPacket())
	in := p.finish("/Root 1 0 R")
	got, rep := stripBytes(t, PDF, in)
	checkXref(t, got)
	if !bytes.Contains(got, []byte("/Type /Pages /Kids [] /Count 0")) || bytes.Contains(got, []byte(name)) {
		t.Errorf("wrong range blanked:\n%s", got)
	}
	wantCodes(t, rep.Removed, "pdf-xmp")
}
