package metastrip

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
)

// PDF metadata is overwritten in place with bytes of the same length, so that every offset in
// the xref table (or xref stream) stays right and nothing has to be rewritten: the file is scanned
// in windows over the ReaderAt to find what to blank, then copied with the edits applied.

const (
	pdfWindow   = 1 << 20  // bytes scanned per window
	pdfBack     = 64       // context kept before a window, for "N G obj" headers
	pdfAhead    = 4 << 10  // context kept after a window, for what follows a match
	maxPDFEdits = 1 << 16  // bounds memory; a real file has a handful
	maxPDFDict  = 64 << 10 // longest information dictionary read
	maxXMP      = 64 << 20 // longest XMP packet or metadata stream looked for
	maxPDFRefs  = 1024     // information dictionaries (one per revision), values, IDs
	maxPDFWork  = 1 << 14  // dictionaries and blocks looked at
)

type pdfRef struct{ num, gen int64 }

// pdfEdit overwrites n bytes at off with fill.
type pdfEdit struct {
	off, n int64
	fill   byte
}

type pdfStrip struct {
	r         io.ReaderAt
	size      int64
	rep       *reporter
	edits     []pdfEdit
	ids       []pdfEdit         // trailer /ID, applied unless the file is encrypted
	infoRefs  map[pdfRef]bool   // document information dictionaries
	strRefs   map[pdfRef]string // indirect string values of those, by key
	encrypted bool
	xmpEnd    int64  // end of the last XMP packet blanked
	sbuf      []byte // for index
	memo      map[string]pdfSearch
	work      int
}

// pdfInfoKeys are the standard information keys; other keys are reported as custom.
var pdfInfoKeys = map[string]bool{
	"Title": true, "Author": true, "Subject": true, "Keywords": true, "Creator": true,
	"Producer": true, "CreationDate": true, "ModDate": true,
}

func stripPDF(r io.ReaderAt, size int64, w io.Writer, rep *reporter) error {
	head := make([]byte, 5)
	if _, err := readAt(r, head, 0); err != nil {
		return err
	}
	if string(head) != "%PDF-" {
		return malformed("pdf: no header")
	}
	p := &pdfStrip{r: r, size: size, rep: rep, infoRefs: map[pdfRef]bool{}, strRefs: map[pdfRef]string{}}
	if err := p.windows(p.scan); err != nil {
		return err
	}
	if len(p.infoRefs) > 0 {
		if err := p.windows(p.objects); err != nil {
			return err
		}
	}
	if len(p.strRefs) > 0 {
		p.infoRefs = nil
		if err := p.windows(p.objects); err != nil {
			return err
		}
	}
	if !p.encrypted { // an encrypted file's key is derived from its /ID
		p.edits = append(p.edits, p.ids...)
		if len(p.ids) > 0 {
			rep.removed("pdf-id")
		}
	}
	if len(p.edits) > maxPDFEdits {
		return malformed("pdf: too many metadata blocks")
	}
	return p.copy(w)
}

// readAt fills b from off; a short read is only an error if it is not at the end of the file.
func readAt(r io.ReaderAt, b []byte, off int64) (int, error) {
	n, err := r.ReadAt(b, off)
	if n == len(b) || err == io.EOF {
		return n, nil
	}
	return n, err
}

// windows calls fn for consecutive windows of the file. b starts at offset base and has context
// around the window b[lo:hi]; fn handles only matches that start in the window.
func (p *pdfStrip) windows(fn func(b []byte, base int64, lo, hi int) error) error {
	buf := make([]byte, pdfBack+pdfWindow+pdfAhead)
	for off := int64(0); off < p.size; off += pdfWindow {
		start := max(0, off-pdfBack)
		b := buf[:min(p.size, off+pdfWindow+pdfAhead)-start]
		n, err := readAt(p.r, b, start)
		if err != nil {
			return err
		}
		b = b[:n]
		lo, hi := int(off-start), min(int(off+pdfWindow-start), n)
		if lo >= hi {
			return nil
		}
		if err := fn(b, start, lo, hi); err != nil {
			return err
		}
	}
	return nil
}

// index finds needle in [from, limit), -1 if absent. It remembers its last search for each
// needle, so that many searches from nearby places (packets without an end, say) do not read the
// same bytes over and over.
func (p *pdfStrip) index(from, limit int64, needle string) (int64, error) {
	if p.sbuf == nil {
		p.sbuf = make([]byte, 256<<10)
		p.memo = map[string]pdfSearch{}
	}
	limit = min(limit, p.size)
	m, ok := p.memo[needle]
	start := from
	if ok && m.from <= from {
		if m.found >= from {
			if m.found+int64(len(needle)) <= limit {
				return m.found, nil
			}
			return -1, nil
		}
		if m.found < 0 && from < m.upTo { // known absent before upTo
			start = max(from, m.upTo-int64(len(needle))+1)
			from = m.from
		}
	}
	found := int64(-1)
	off := start
	for off < limit {
		b := p.sbuf[:min(int64(len(p.sbuf)), limit-off)]
		n, err := readAt(p.r, b, off)
		if err != nil {
			return -1, err
		}
		if j := bytes.Index(b[:n], []byte(needle)); j >= 0 {
			found = off + int64(j)
			break
		}
		if off+int64(n) >= limit || n < len(needle) {
			off += int64(n)
			break
		}
		off += int64(n - len(needle) + 1)
	}
	p.memo[needle] = pdfSearch{from: from, upTo: max(off, start), found: found}
	return found, nil
}

// pdfSearch remembers that needle first occurs at found (or nowhere, -1) in [from, upTo).
type pdfSearch struct{ from, upTo, found int64 }

// spend counts costly look-ups (each reads up to maxPDFDict bytes) and stops a file crafted to
// have millions of them.
func (p *pdfStrip) spend() error {
	p.work++
	if p.work > maxPDFWork {
		return malformed("pdf: too many metadata objects")
	}
	return nil
}

// blank records an edit, and reports code if the bytes held anything but white space.
func (p *pdfStrip) blank(off, n int64, fill byte, code string) error {
	if n <= 0 {
		return nil
	}
	if len(p.edits) > maxPDFEdits {
		return malformed("pdf: too many metadata blocks")
	}
	p.edits = append(p.edits, pdfEdit{off, n, fill})
	if code == "" {
		return nil
	}
	buf := make([]byte, min(n, 64<<10))
	for pos := off; pos < off+n; pos += int64(len(buf)) {
		b := buf[:min(int64(len(buf)), off+n-pos)]
		k, err := readAt(p.r, b, pos)
		if err != nil {
			return err
		}
		if len(bytes.Trim(b[:k], " \t\r\n\f\x00")) > 0 {
			p.rep.removed(code)
			break
		}
	}
	return nil
}

// scan is the first pass: names that matter, XMP packets, and EXIF/IPTC blocks of embedded JPEGs.
func (p *pdfStrip) scan(b []byte, base int64, lo, hi int) error {
	for i := lo; i < hi; {
		j := bytes.IndexByte(b[i:hi], '/')
		if j < 0 {
			break
		}
		i += j + 1
		k := i
		for k < len(b) && isPDFRegular(b[k]) {
			k++
		}
		if err := p.name(b, base, i-1, k); err != nil {
			return err
		}
		i = k
	}
	for i := lo; i < hi; {
		j := bytes.Index(b[i:], []byte("<?xpacket begin"))
		if j < 0 || i+j >= hi {
			break
		}
		i += j
		if pos := base + int64(i); pos >= p.xmpEnd {
			if err := p.xmpPacket(pos); err != nil {
				return err
			}
		}
		i++
	}
	for _, id := range []struct {
		marker    byte
		sig, code string
	}{
		{0xE1, "Exif\x00\x00", "exif"}, {0xED, "Photoshop 3.0\x00", "iptc"},
	} {
		for i := max(lo, 4); i < hi; {
			j := bytes.Index(b[i:], []byte(id.sig))
			if j < 0 || i+j >= hi {
				break
			}
			i += j
			if b[i-4] == 0xFF && b[i-3] == id.marker {
				if err := p.jpegSegment(base+int64(i), int64(b[i-2])<<8|int64(b[i-1])-2, id.code); err != nil {
					return err
				}
			}
			i++
		}
	}
	return nil
}

// name handles a name token b[s:e] (with its slash).
func (p *pdfStrip) name(b []byte, base int64, s, e int) error {
	switch string(b[s+1 : e]) {
	case "Info":
		l := newPDFLex(b[e:])
		if kind, _, _, ref := l.value(0); kind == pdfRefKind && len(p.infoRefs) < maxPDFRefs {
			p.infoRefs[ref] = true
		}
	case "ObjStm":
		p.rep.remains("pdf-compressed-objects")
	case "Encrypt":
		p.encrypted = true
		p.rep.remains("pdf-encrypted")
	case "EmbeddedFile", "EmbeddedFiles":
		p.rep.remains("pdf-attachments")
	case "ByteRange":
		p.rep.remains("pdf-signature")
	case "Popup", "FreeText", "Highlight", "Underline", "StrikeOut", "Squiggly", "Ink", "Stamp", "Caret":
		p.rep.remains("pdf-annotations") // markup annotations name their author in /T
	case "ID":
		// The file identifier, a hash of the time, path and size when the file was made.
		l := newPDFLex(b[e:])
		l.ws()
		if !l.lit("[") {
			return nil
		}
		for range 2 {
			kind, start, end, _ := l.value(0)
			if !l.ok || kind != pdfHex {
				return nil
			}
			if hex := l.b[start+1 : end-1]; len(bytes.Trim(hex, "0 \t\r\n\f\x00")) > 0 && len(p.ids) < maxPDFRefs {
				p.ids = append(p.ids, pdfEdit{base + int64(e+start+1), int64(len(hex)), '0'})
			}
		}
	case "Metadata":
		if bytes.HasSuffix(bytes.TrimRight(b[:s], " \t\r\n\f\x00"), []byte("/Type")) {
			return p.metadataStream(base + int64(s))
		}
	}
	return nil
}

// xmpPacket blanks the content of the XMP packet at pos, keeping its header and trailer
// processing instructions, so that it stays a valid (empty) packet of the same length.
func (p *pdfStrip) xmpPacket(pos int64) error {
	if err := p.spend(); err != nil {
		return err
	}
	hdr, err := p.index(pos, pos+512, "?>")
	if err != nil || hdr < 0 {
		return err
	}
	end, err := p.index(hdr, hdr+maxXMP, "<?xpacket end")
	if err != nil || end < 0 {
		return err
	}
	// A packet without its end would otherwise run into the next one, across objects.
	for _, other := range []string{"<?xpacket begin", "endstream"} {
		if at, err := p.index(hdr, end, other); err != nil || at >= 0 {
			return err
		}
	}
	p.xmpEnd = end
	return p.blank(hdr+2, end-hdr-2, ' ', "pdf-xmp")
}

// metadataStream handles a dictionary with "/Type /Metadata" at pos: if its stream is compressed
// we cannot see inside; if it is plain and holds no packet (which the XMP scan blanks), blank it.
func (p *pdfStrip) metadataStream(pos int64) error {
	if err := p.spend(); err != nil {
		return err
	}
	back := make([]byte, min(pos, 4096))
	if _, err := readAt(p.r, back, pos-int64(len(back))); err != nil {
		return err
	}
	obj := bytes.LastIndex(back, []byte("obj"))
	if obj < 0 {
		return nil
	}
	start := pos - int64(len(back)) + int64(obj) + 3
	buf := make([]byte, min(p.size-start, maxPDFDict))
	n, err := readAt(p.r, buf, start)
	if err != nil {
		return err
	}
	l := newPDFLex(buf[:n])
	l.ws()
	if !l.lit("<<") {
		return nil
	}
	filtered := false
	l.dictBody(0, func(key []byte, _, _, _ int, _ pdfRef) {
		filtered = filtered || string(key) == "Filter"
	})
	l.ws()
	if !l.ok || !l.lit("stream") {
		return nil
	}
	if filtered {
		p.rep.remains("pdf-xmp-compressed")
		return nil
	}
	l.lit("\r")
	l.lit("\n")
	data := start + int64(l.i)
	end, err := p.index(data, data+maxXMP, "endstream")
	if err != nil || end < 0 {
		return err
	}
	if pk, err := p.index(data, end, "<?xpacket begin"); err != nil || pk >= 0 {
		return err
	}
	return p.blank(data, end-data, ' ', "pdf-xmp")
}

// jpegSegment zeroes an EXIF (APP1) or IPTC (APP13) segment body of a JPEG stored in the file,
// from its identifier on: readers then skip it as unknown data.
func (p *pdfStrip) jpegSegment(pos, n int64, code string) error {
	if n <= 0 || pos+n > p.size {
		return nil
	}
	if err := p.spend(); err != nil {
		return err
	}
	if code == "exif" {
		b := make([]byte, min(n, 4<<10)) // IFD0 comes first
		if _, err := readAt(p.r, b, pos); err != nil {
			return err
		}
		if exifHasGPS(b[min(6, len(b)):]) {
			p.rep.removed("gps")
		}
	}
	p.rep.removed(code)
	return p.blank(pos, n, 0, "")
}

// objects is the second pass: it finds "N G obj" headers of information dictionaries (or of
// their indirect string values) and blanks their strings.
func (p *pdfStrip) objects(b []byte, base int64, lo, hi int) error {
	for i := lo; i < hi; i++ {
		j := bytes.Index(b[i:], []byte("obj"))
		if j < 0 || i+j >= hi {
			break
		}
		i += j
		if i+3 < len(b) && isPDFRegular(b[i+3]) {
			continue
		}
		ref, ok := objHeader(b[:i], base == 0)
		if !ok {
			continue
		}
		if p.infoRefs[ref] {
			if err := p.infoDict(base + int64(i) + 3); err != nil {
				return err
			}
		}
		if key, ok := p.strRefs[ref]; ok {
			if err := p.infoValue(base+int64(i)+3, key); err != nil {
				return err
			}
		}
	}
	return nil
}

// objHeader parses "N G " backwards from the end of b, as before "obj".
func objHeader(b []byte, atStart bool) (pdfRef, bool) {
	i := len(b)
	digits := func() (int64, bool) {
		e := i
		for i > 0 && b[i-1] >= '0' && b[i-1] <= '9' {
			i--
		}
		if i == e || e-i > 10 {
			return 0, false
		}
		var n int64
		for _, c := range b[i:e] {
			n = n*10 + int64(c-'0')
		}
		return n, true
	}
	spaces := func() bool {
		e := i
		for i > 0 && isPDFSpace(b[i-1]) {
			i--
		}
		return i < e
	}
	if !spaces() {
		return pdfRef{}, false
	}
	gen, ok := digits()
	if !ok || !spaces() {
		return pdfRef{}, false
	}
	num, ok := digits()
	if !ok || (i == 0 && !atStart) || (i > 0 && isPDFRegular(b[i-1])) {
		return pdfRef{}, false
	}
	return pdfRef{num, gen}, true
}

// infoDict blanks every string value of the information dictionary that follows off.
func (p *pdfStrip) infoDict(off int64) error {
	if err := p.spend(); err != nil {
		return err
	}
	buf := make([]byte, min(p.size-off, maxPDFDict))
	n, err := readAt(p.r, buf, off)
	if err != nil {
		return err
	}
	l := newPDFLex(buf[:n])
	l.ws()
	if !l.lit("<<") {
		return nil
	}
	var errs []error
	l.dictBody(0, func(key []byte, kind, start, end int, ref pdfRef) {
		switch kind {
		case pdfLiteral, pdfHex:
			errs = append(errs, p.blank(off+int64(start)+1, int64(end-start-2), ' ', pdfInfoCode(key)))
		case pdfRefKind:
			if len(p.strRefs) < maxPDFRefs {
				p.strRefs[ref] = string(key)
			}
		}
	})
	return errors.Join(errs...)
}

// infoValue blanks an information value stored as its own object ("N G obj (value) endobj").
func (p *pdfStrip) infoValue(off int64, key string) error {
	if err := p.spend(); err != nil {
		return err
	}
	buf := make([]byte, min(p.size-off, maxPDFDict))
	n, err := readAt(p.r, buf, off)
	if err != nil {
		return err
	}
	l := newPDFLex(buf[:n])
	kind, start, end, _ := l.value(0)
	if l.ok && (kind == pdfLiteral || kind == pdfHex) {
		return p.blank(off+int64(start)+1, int64(end-start-2), ' ', pdfInfoCode([]byte(key)))
	}
	return nil
}

func pdfInfoCode(key []byte) string {
	if pdfInfoKeys[string(key)] {
		return "pdf-info:" + strings.ToLower(string(key))
	}
	return "pdf-info:custom"
}

// copy writes the file with the edits applied.
func (p *pdfStrip) copy(w io.Writer) error {
	slices.SortFunc(p.edits, func(a, b pdfEdit) int { return int(min(max(a.off-b.off, -1), 1)) })
	// Make the edits disjoint, so one pass applies them.
	var ed []pdfEdit
	for _, e := range p.edits {
		if len(ed) > 0 {
			last := ed[len(ed)-1]
			if end := last.off + last.n; e.off < end {
				e.n -= end - e.off
				e.off = end
			}
		}
		if e.n > 0 {
			ed = append(ed, e)
		}
	}
	buf := make([]byte, 256<<10)
	for off := int64(0); off < p.size; {
		b := buf[:min(int64(len(buf)), p.size-off)]
		n, err := readAt(p.r, b, off)
		if err != nil {
			return err
		}
		if n < len(b) {
			return malformed("pdf: file shorter than its size")
		}
		for len(ed) > 0 && ed[0].off < off+int64(n) {
			e := &ed[0]
			s, t := e.off-off, min(e.off+e.n, off+int64(n))-off
			for k := s; k < t; k++ {
				b[k] = e.fill
			}
			if e.off+e.n > off+int64(n) {
				e.n -= off + int64(n) - e.off
				e.off = off + int64(n)
				break
			}
			ed = ed[1:]
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		off += int64(n)
	}
	return nil
}
