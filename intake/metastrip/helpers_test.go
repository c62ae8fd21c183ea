package metastrip

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"
)

// Builders for the test files: everything is generated, nothing checked in.

const name = "Chen Mei"

// gpsLatitude is the GPSLatitude value in tiffGPS (24° 9' 36.36"), to look for in outputs.
var gpsLatitude = binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(
	binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(
		binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, 24), 1), 9), 1), 3636), 100)

// tiffGPS is a little-endian TIFF structure whose IFD0 points (tag 0x8825) to a GPS IFD with
// GPSLatitudeRef and GPSLatitude, as cameras write in EXIF.
func tiffGPS() []byte {
	le := binary.LittleEndian
	entry := func(b []byte, tag, typ uint16, count, value uint32) []byte {
		b = le.AppendUint16(b, tag)
		b = le.AppendUint16(b, typ)
		b = le.AppendUint32(b, count)
		return le.AppendUint32(b, value)
	}
	b := []byte("II*\x00")
	b = le.AppendUint32(b, 8) // IFD0
	b = le.AppendUint16(b, 1)
	b = entry(b, 0x8825, 4, 1, 26) // GPS IFD pointer
	b = le.AppendUint32(b, 0)      // no IFD1
	b = le.AppendUint16(b, 2)      // GPS IFD at 26
	b = entry(b, 0x0001, 2, 2, 'N')
	b = entry(b, 0x0002, 5, 3, 56) // GPSLatitude, three rationals at 56
	b = le.AppendUint32(b, 0)
	return append(b, gpsLatitude...)
}

func xmpPacket() string {
	return `<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:creator><rdf:Seq><rdf:li>` + name + `</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>
                                                  
<?xpacket end="w"?>`
}

func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 5), uint8(x ^ y), 255})
		}
	}
	return img
}

func segment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xFF, marker, byte(n >> 8), byte(n)}, payload...)
}

// testJPEG is a real JPEG with EXIF (GPS), XMP, a comment, an ICC profile and trailing data.
func testJPEG(t testing.TB, w, h int, progressive bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	var out []byte
	out = append(out, plain[:2]...)
	out = append(out, segment(0xE1, append([]byte("Exif\x00\x00"), tiffGPS()...))...)
	out = append(out, segment(0xE1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), xmpPacket()...))...)
	out = append(out, segment(0xE2, []byte("ICC_PROFILE\x00\x01\x01fake profile"))...)
	out = append(out, segment(0xFE, []byte("Taken by "+name))...)
	out = append(out, segment(0xED, []byte("Photoshop 3.0\x008BIM\x04\x04by "+name))...)
	out = append(out, plain[2:]...)
	return append(out, "motion photo by "+name...)
}

func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// testPNG is a real PNG with text, EXIF, time and private chunks, and trailing data.
func testPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage(w, h)); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	ihdrEnd := 8 + 8 + 13 + 4
	var out []byte
	out = append(out, plain[:ihdrEnd]...)
	out = append(out, pngChunk("tEXt", []byte("Author\x00"+name))...)
	out = append(out, pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+xmpPacket()))...)
	out = append(out, pngChunk("eXIf", tiffGPS())...)
	out = append(out, pngChunk("tIME", []byte{0x07, 0xE8, 1, 2, 3, 4, 5})...)
	out = append(out, pngChunk("gAMA", []byte{0, 0, 0xB1, 0x8F})...)
	out = append(out, pngChunk("prVW", []byte("private preview"))...)
	out = append(out, plain[ihdrEnd:]...)
	return append(out, "trailing "+name...)
}

// pdfBuilder writes a PDF by hand, with a correct xref table.
type pdfBuilder struct {
	buf     bytes.Buffer
	offsets []int
}

func (p *pdfBuilder) obj(body string) {
	p.offsets = append(p.offsets, p.buf.Len())
	fmt.Fprintf(&p.buf, "%d 0 obj\n%s\nendobj\n", len(p.offsets), body)
}

func (p *pdfBuilder) stream(dict, data string) {
	p.obj(fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
}

func (p *pdfBuilder) finish(trailer string) []byte {
	return append(p.buf.Bytes(), p.finishAt(p.buf.Len(), trailer, "")...)
}

// finishAt returns prefix, the xref table and the trailer, for a file in which prefix starts at
// offset at.
func (p *pdfBuilder) finishAt(at int, trailer, prefix string) []byte {
	var b bytes.Buffer
	b.WriteString(prefix)
	xref := at + b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(p.offsets)+1)
	for _, o := range p.offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", len(p.offsets)+1, trailer, xref)
	return b.Bytes()
}

func itoa(n int64) string { return fmt.Sprint(n) }

// testPDF has an information dictionary naming the author (literal, escaped, hex and indirect
// strings) and an uncompressed XMP metadata stream.
func testPDF() []byte {
	p := &pdfBuilder{}
	p.buf.WriteString("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")
	p.obj("<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>")
	p.obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	p.obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R >>")
	p.obj("<< /Author (" + name + ") /Creator (Microsoft\\(R\\) Word \\(" + name + "\\)) /Producer <4368656E204D6569>" +
		" /CreationDate (D:20240101120000+08'00') /Title 7 0 R /Company (Taichung) /Trapped /False >>")
	p.stream("/Type /Metadata /Subtype /XML", xmpPacket())
	p.stream("", "BT /F1 12 Tf 72 712 Td (Evidence) Tj ET")
	p.obj("(Report by " + name + ")")
	return p.finish("/Root 1 0 R /Info 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]")
}

// testDOCX is a minimal Word document with identifying core, app and custom properties, a
// comment and a tracked change by the author, and a photo with GPS.
func testDOCX(t testing.TB, photo []byte) []byte {
	t.Helper()
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"><w:body><w:p w14:paraId="1A2B3C4D"><w:r><w:t xml:space="preserve">The mayor &amp; the contractor met on 3 May.</w:t></w:r></w:p></w:body></w:document>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.jpeg"/></Relationships>`},
		{"word/comments.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="` + name + `" w:date="2024-05-03T10:00:00Z" w:initials="CM"><w:p><w:r><w:t>Check the invoice.</w:t></w:r></w:p></w:comment></w:comments>`},
		{"word/footnotes.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="1"><w:p><w:ins w:id="5" w:author="` + name + `" w:date="2024-05-03T10:00:00Z"><w:r><w:t>added</w:t></w:r></w:ins><w:del w:id="6" w:author="Lin Hao"><w:r><w:delText>old</w:delText></w:r></w:del></w:p></w:footnote></w:footnotes>`},
		{"word/media/image1.jpeg", string(photo)},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Invoices</dc:title><dc:subject></dc:subject><dc:creator>` + name + `</dc:creator><cp:keywords/><cp:lastModifiedBy>` + name + `</cp:lastModifiedBy><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2024-05-01T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-05-03T10:00:00Z</dcterms:modified></cp:coreProperties>`},
		{"docProps/app.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>42</TotalTime><Pages>1</Pages><Words>9</Words><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><Company>Taichung</Company><Manager>Wang</Manager><AppVersion>16.0000</AppVersion></Properties>`},
		{"docProps/custom.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Department"><vt:lpwstr>Ethics ` + name + `</vt:lpwstr></property></Properties>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.SetComment("made by " + name)
	for i, p := range parts {
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: time.Date(2024, 5, 3, 10, i, 0, 0, time.FixedZone("CST", 8*3600))}
		if strings.HasSuffix(p.name, ".jpeg") {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testODT is a minimal text document with identifying meta.xml, printer settings and an
// annotation.
func testODT(t testing.TB, deflateMimetype bool) []byte {
	t.Helper()
	const office = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"`
	parts := []struct{ name, body string }{
		{"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/></manifest:manifest>`},
		{"content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ` + office + `><office:body><office:text><text:p>Paid twice.<office:annotation><dc:creator>` + name + `</dc:creator><dc:date>2024-05-03T10:00:00</dc:date><meta:creator-initials>CM</meta:creator-initials><text:p>see ledger</text:p></office:annotation></text:p></office:text></office:body></office:document-content>`},
		{"meta.xml", `<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta ` + office + `><office:meta><meta:initial-creator>` + name + `</meta:initial-creator><dc:creator>` + name + `</dc:creator><meta:creation-date>2024-05-01T09:00:00</meta:creation-date><dc:date>2024-05-03T10:00:00</dc:date><meta:editing-cycles>3</meta:editing-cycles><meta:editing-duration>PT42M</meta:editing-duration><meta:generator>LibreOffice/7.5$Linux_X86_64</meta:generator><meta:template xlink:type="simple" xlink:href="file:///home/chenmei/Templates/memo.ott"/><meta:user-defined meta:name="Desk">4F ` + name + `</meta:user-defined><meta:printed-by>` + name + `</meta:printed-by><meta:document-statistic meta:page-count="1" meta:word-count="2"/></office:meta></office:document-meta>`},
		{"settings.xml", `<?xml version="1.0" encoding="UTF-8"?>
<office:document-settings ` + office + `><office:settings><config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterName" config:type="string">ETHICS-4F-` + name + `</config:config-item><config:config-item config:name="PrinterSetup" config:type="base64Binary">AAAA</config:config-item><config:config-item config:name="AddParaSpacingToTableCells" config:type="boolean">true</config:config-item></config:config-item-set></office:settings></office:document-settings>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	when := time.Date(2024, 5, 3, 10, 0, 0, 0, time.UTC)
	// LibreOffice writes mimetype first and stored; put it last and deflated to check the fix too.
	mt := &zip.FileHeader{Name: "mimetype", Method: zip.Store, Modified: when}
	if deflateMimetype {
		mt.Method = zip.Deflate
	} else {
		w, _ := zw.CreateHeader(mt)
		w.Write([]byte("application/vnd.oasis.opendocument.text"))
	}
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: when})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if deflateMimetype {
		w, _ := zw.CreateHeader(mt)
		w.Write([]byte("application/vnd.oasis.opendocument.text"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipEntries reads every entry of a zip into memory (test files are small).
func zipEntries(t testing.TB, b []byte) (*zip.Reader, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(rc); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		m[f.Name] = buf.Bytes()
	}
	return zr, m
}

func stripBytes(t testing.TB, k Kind, in []byte) ([]byte, Report) {
	t.Helper()
	var out bytes.Buffer
	rep, err := StripAt(k, bytes.NewReader(in), int64(len(in)), &out)
	if err != nil {
		t.Fatalf("strip %s: %v", k, err)
	}
	return out.Bytes(), rep
}

func wantCodes(t testing.TB, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !contains(got, w) {
			t.Errorf("report %q lacks %q", got, w)
		}
	}
}

func errorsIsMalformed(err error) bool { return errors.Is(err, ErrMalformed) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// buildZip writes parts (name, body pairs) into a zip.
func buildZip(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: parts[i], Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func contentTypes(main, ctype string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="` + main + `" ContentType="` + ctype + `"/></Types>`
}
