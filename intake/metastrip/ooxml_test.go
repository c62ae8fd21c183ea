package metastrip

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"
)

// parseXML checks that b is well-formed XML with namespaces resolved.
func parseXML(t *testing.T, what string, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: %v\n%s", what, err, b)
		}
	}
}

// checkZipClean checks what every stripped package must satisfy.
func checkZipClean(t *testing.T, in, out []byte) (*zip.Reader, map[string][]byte) {
	t.Helper()
	inZip, inParts := zipEntries(t, in)
	outZip, outParts := zipEntries(t, out)
	if len(outZip.File) != len(inZip.File) {
		t.Fatalf("%d entries, want %d", len(outZip.File), len(inZip.File))
	}
	if outZip.Comment != "" {
		t.Errorf("zip comment %q kept", outZip.Comment)
	}
	epoch := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range outZip.File {
		if !f.Modified.Equal(epoch) || len(f.Extra) != 0 || f.Comment != "" {
			t.Errorf("%s: modified %v, extra % x, comment %q", f.Name, f.Modified, f.Extra, f.Comment)
		}
		if _, ok := inParts[f.Name]; !ok {
			t.Errorf("new entry %s", f.Name)
		}
		body := outParts[f.Name]
		if bytes.Contains(body, []byte(name)) {
			t.Errorf("%s still names the author: %s", f.Name, body)
		}
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			parseXML(t, f.Name, body)
		}
	}
	return outZip, outParts
}

func TestStripDOCX(t *testing.T) {
	in := testDOCX(t, testJPEG(t, 16, 16, false))
	if Detect(in) != Zip {
		t.Fatal("not detected as zip")
	}
	if k, err := DetectZip(bytes.NewReader(in), int64(len(in))); k != DOCX || err != nil {
		t.Fatalf("DetectZip = %q, %v", k, err)
	}
	out, rep := stripBytes(t, DOCX, in)
	if k, err := DetectZip(bytes.NewReader(out), int64(len(out))); k != DOCX || err != nil {
		t.Fatalf("DetectZip(output) = %q, %v", k, err)
	}
	_, inParts := zipEntries(t, in)
	_, parts := checkZipClean(t, in, out)
	if !bytes.Equal(parts["word/document.xml"], inParts["word/document.xml"]) {
		t.Error("word/document.xml changed")
	}
	core := string(parts["docProps/core.xml"])
	for _, s := range []string{"creator", "lastModifiedBy", "title", "created", "revision", "Invoices"} {
		if strings.Contains(core, s+">") || strings.Contains(core, "Invoices") {
			t.Errorf("core.xml keeps %s: %s", s, core)
		}
	}
	if !strings.Contains(core, `xmlns:dcterms="http://purl.org/dc/terms/"`) {
		t.Errorf("core.xml lost its namespaces: %s", core)
	}
	app := string(parts["docProps/app.xml"])
	for _, s := range []string{"Taichung", "Company", "Manager", "Template", "TotalTime", "Application", "AppVersion"} {
		if strings.Contains(app, s) {
			t.Errorf("app.xml keeps %s: %s", s, app)
		}
	}
	if !strings.Contains(app, "<Pages>1</Pages>") {
		t.Errorf("app.xml lost page count: %s", app)
	}
	if strings.Contains(string(parts["docProps/custom.xml"]), "property") {
		t.Errorf("custom.xml keeps properties: %s", parts["docProps/custom.xml"])
	}
	comments := string(parts["word/comments.xml"])
	if !strings.Contains(comments, `w:author="Author 1"`) || !strings.Contains(comments, `w:initials="A"`) {
		t.Errorf("comments.xml: %s", comments)
	}
	foot := string(parts["word/footnotes.xml"])
	if !strings.Contains(foot, `w:author="Author 1"`) || !strings.Contains(foot, `w:author="Author 2"`) {
		t.Errorf("tracked-change authors not pseudonymised consistently: %s", foot)
	}
	photo := parts["word/media/image1.jpeg"]
	if bytes.Contains(photo, gpsLatitude) || Detect(photo) != JPEG {
		t.Error("embedded photo not stripped")
	}
	decodeJPEG(t, photo)
	wantCodes(t, rep.Removed, "ooxml-core:creator", "ooxml-core:lastModifiedBy", "ooxml-core:title",
		"ooxml-core:created", "ooxml-core:revision", "ooxml-app:company", "ooxml-app:manager",
		"ooxml-app:totalTime", "ooxml-custom", "ooxml-comment-authors", "ooxml-revision-authors",
		"zip-times", "zip-comment", "exif", "gps")
	if contains(rep.Removed, "ooxml-core:subject") || contains(rep.Removed, "ooxml-core:keywords") {
		t.Errorf("empty properties reported: %q", rep.Removed)
	}
	// Untouched entries keep their compressed bytes.
	outZip, _ := zipEntries(t, out)
	inZip, _ := zipEntries(t, in)
	for i, f := range outZip.File {
		if f.Name == "word/document.xml" && f.CRC32 != inZip.File[i].CRC32 {
			t.Error("document.xml recompressed differently")
		}
	}
	// A second pass has nothing left to remove but the app properties it keeps.
	_, rep = stripBytes(t, DOCX, out)
	if len(rep.Removed) != 0 {
		t.Errorf("second pass removed %q", rep.Removed)
	}
}

func TestStripODT(t *testing.T) {
	for _, deflated := range []bool{false, true} {
		in := testODT(t, deflated)
		if k, err := DetectZip(bytes.NewReader(in), int64(len(in))); k != ODT || err != nil {
			t.Fatalf("DetectZip = %q, %v", k, err)
		}
		out, rep := stripBytes(t, ODT, in)
		outZip, parts := checkZipClean(t, in, out)
		first := outZip.File[0]
		if first.Name != "mimetype" || first.Method != zip.Store || first.Flags&0x8 != 0 {
			t.Errorf("first entry %s, method %d, flags %#x", first.Name, first.Method, first.Flags)
		}
		if string(out[30:38]) != "mimetype" || string(out[38:38+39]) != "application/vnd.oasis.opendocument.text" {
			t.Errorf("mimetype not at offset 38: %q", out[:80])
		}
		meta := string(parts["meta.xml"])
		if !strings.Contains(meta, `<meta:document-statistic meta:page-count="1" meta:word-count="2"/>`) {
			t.Errorf("statistics lost: %s", meta)
		}
		for _, s := range []string{"creator", "generator", "date", "editing", "template", "user-defined", "printed"} {
			if strings.Contains(meta, "meta:"+s) || strings.Contains(meta, "dc:"+s) {
				t.Errorf("meta.xml keeps %s: %s", s, meta)
			}
		}
		if s := string(parts["settings.xml"]); strings.Contains(s, "Printer") || !strings.Contains(s, "AddParaSpacingToTableCells") {
			t.Errorf("settings.xml: %s", s)
		}
		content := string(parts["content.xml"])
		if !strings.Contains(content, "<dc:creator>Author 1</dc:creator>") || !strings.Contains(content, "<meta:creator-initials>A</") {
			t.Errorf("content.xml: %s", content)
		}
		wantCodes(t, rep.Removed, "odf-meta:initial-creator", "odf-meta:creator", "odf-meta:creation-date",
			"odf-meta:date", "odf-meta:editing-cycles", "odf-meta:editing-duration", "odf-meta:generator",
			"odf-meta:template", "odf-meta:user-defined", "odf-meta:printed-by", "odf-settings:printer",
			"odf-comment-authors", "zip-times")
	}
}

func TestDetectZipRefuses(t *testing.T) {
	build := func(files map[string]string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for n, b := range files {
			w, _ := zw.Create(n)
			w.Write([]byte(b))
		}
		zw.Close()
		return buf.Bytes()
	}
	const ct = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="%s"/></Types>`
	cases := map[string][]byte{
		"plain zip": build(map[string]string{"a.txt": "hello"}),
		"docm": build(map[string]string{
			"[Content_Types].xml": strings.Replace(ct, "%s", "application/vnd.ms-word.document.macroEnabled.main+xml", 1),
			"word/document.xml":   "<w:document/>"}),
		"docx without main part": build(map[string]string{
			"[Content_Types].xml": strings.Replace(ct, "%s", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", 1)}),
		"ott template": build(map[string]string{"mimetype": "application/vnd.oasis.opendocument.text-template", "content.xml": "<x/>"}),
		"odt with macros": build(map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>",
			"Basic/Standard/Module1.xml": "<x/>"}),
	}
	for name, b := range cases {
		if k, err := DetectZip(bytes.NewReader(b), int64(len(b))); k != Unknown || err != nil {
			t.Errorf("%s: DetectZip = %q, %v", name, k, err)
		}
	}
	if _, err := DetectZip(bytes.NewReader([]byte("PK\x03\x04junk")), 8); !errorsIsMalformed(err) {
		t.Errorf("junk zip: %v", err)
	}
}

func TestStripOOXMLMalformed(t *testing.T) {
	docx := testDOCX(t, testJPEG(t, 8, 8, false))
	badXML := bytes.Replace(testDOCXWith(t, "docProps/core.xml", "<cp:coreProperties><unclosed>"), nil, nil, 1)
	for name, in := range map[string][]byte{
		"truncated": docx[:len(docx)-10],
		"bad core":  badXML,
		"empty":     {},
	} {
		_, err := StripAt(DOCX, bytes.NewReader(in), int64(len(in)), io.Discard)
		if !errorsIsMalformed(err) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// testDOCXWith is a tiny package with one part.
func testDOCXWith(t *testing.T, part, body string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(part)
	w.Write([]byte(body))
	zw.Close()
	return buf.Bytes()
}

func TestStripXLSXAndPPTX(t *testing.T) {
	xlsx := buildZip(t,
		"[Content_Types].xml", contentTypes("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
		"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`,
		"xl/comments1.xml", `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>`+name+`</author><author>tc={GUID}</author></authors><commentList/></comments>`,
		"xl/persons/person.xml", `<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="`+name+`" id="{1}" userId="chen.mei@city.gov.tw" providerId="AD"/></personList>`,
	)
	if k, _ := DetectZip(bytes.NewReader(xlsx), int64(len(xlsx))); k != XLSX {
		t.Fatalf("DetectZip = %q", k)
	}
	out, rep := stripBytes(t, XLSX, xlsx)
	_, parts := checkZipClean(t, xlsx, out)
	if s := string(parts["xl/comments1.xml"]); !strings.Contains(s, "<author>Author 1</author>") {
		t.Errorf("comments: %s", s)
	}
	if s := string(parts["xl/persons/person.xml"]); strings.Contains(s, "chen.mei") || !strings.Contains(s, `displayName="Author 1"`) {
		t.Errorf("persons: %s", s)
	}
	wantCodes(t, rep.Removed, "ooxml-comment-authors")

	pptx := buildZip(t,
		"[Content_Types].xml", contentTypes("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
		"ppt/presentation.xml", `<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`,
		"ppt/commentAuthors.xml", `<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="1" name="`+name+`" initials="CM" lastIdx="1" clrIdx="0"><p:extLst><p:ext uri="{19B8F6BF}"><p15:presenceInfo xmlns:p15="http://schemas.microsoft.com/office/powerpoint/2012/main" userId="chen.mei@city.gov.tw" providerId="AD"/></p:ext></p:extLst></p:cmAuthor></p:cmAuthorLst>`,
	)
	if k, _ := DetectZip(bytes.NewReader(pptx), int64(len(pptx))); k != PPTX {
		t.Fatalf("DetectZip = %q", k)
	}
	out, rep = stripBytes(t, PPTX, pptx)
	_, parts = checkZipClean(t, pptx, out)
	if s := string(parts["ppt/commentAuthors.xml"]); strings.Contains(s, "chen.mei") || strings.Contains(s, "presenceInfo") || !strings.Contains(s, `name="Author 1" initials="A"`) {
		t.Errorf("commentAuthors: %s", s)
	}
	wantCodes(t, rep.Removed, "ooxml-comment-authors")
}

func TestStripZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 300 MB")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte("<w:document>"))
	io.Copy(w, io.LimitReader(zeroReader{}, 300<<20))
	zw.Close()
	in := buf.Bytes()
	_, err := StripAt(DOCX, bytes.NewReader(in), int64(len(in)), io.Discard)
	if !errorsIsMalformed(err) || !strings.Contains(err.Error(), "expands") {
		t.Fatalf("%d-byte bomb: %v", len(in), err)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
