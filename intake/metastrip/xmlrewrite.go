package metastrip

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
)

// XML parts are rewritten token by token, copying the original bytes of every token kept:
// encoding/xml's Encoder would rewrite namespace prefixes, which Office refuses (mc:Ignorable
// names prefixes). Only start tags whose attributes change are written anew.

// maxXMLToken bounds the bytes of one token (a long text run), and so the memory used.
const maxXMLToken = 8 << 20

type xmlAction int

const (
	xmlKeep  xmlAction = iota
	xmlDrop            // remove the element and everything in it
	xmlAttrs           // the start element's attributes were changed: write it anew
	xmlText            // replace the element's text with xmlEditor.text's result
)

// xmlEditor decides what happens to each element. path holds the local names of its ancestors.
// start returns a report code: for xmlDrop and xmlText it is reported if what was removed held
// anything; for xmlAttrs start reports itself.
type xmlEditor struct {
	start func(path []string, el *xml.StartElement) (xmlAction, string)
	text  func(el xml.StartElement, old string) string
}

// xmlRecorder hands bytes to the decoder one at a time (it then does no buffering of its own,
// so its InputOffset is exact) and remembers them until taken.
type xmlRecorder struct {
	r     *bufio.Reader
	buf   []byte
	spare []byte // the previous buf, which take's result still uses
	base  int64  // offset of buf[0]
	err   error  // the reader's error, if any: not the XML's fault
}

func (x *xmlRecorder) ReadByte() (byte, error) {
	c, err := x.r.ReadByte()
	switch {
	case err != nil && err != io.EOF:
		x.err = err
	case err == nil && len(x.buf) >= maxXMLToken:
		x.err = malformed("xml: token too large")
		return 0, x.err
	case err == nil:
		x.buf = append(x.buf, c)
	}
	return c, err
}

func (x *xmlRecorder) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c, err := x.ReadByte()
	if err != nil {
		return 0, err
	}
	p[0] = c
	return 1, nil
}

// take returns the bytes up to offset end, valid until the next call, and forgets them.
func (x *xmlRecorder) take(end int64) []byte {
	n := int(end - x.base)
	b := x.buf[:n]
	x.spare = append(x.spare[:0], x.buf[n:]...)
	x.buf, x.spare = x.spare, x.buf
	x.base = end
	return b
}

// rewriteXML copies the document from r to w, applying ed. report receives codes.
func rewriteXML(w io.Writer, r io.Reader, ed xmlEditor, report func(string)) error {
	rec := &xmlRecorder{r: bufio.NewReaderSize(r, 32<<10)}
	bw := bufio.NewWriterSize(w, 32<<10)
	if bom, _ := rec.r.Peek(3); string(bom) == "\xEF\xBB\xBF" {
		bw.Write(bom) // encoding/xml does not expect a byte order mark
		rec.r.Discard(3)
	}
	d := xml.NewDecoder(rec)
	var (
		path     []string   // local names of the open elements
		open     []xml.Name // their full names, to check end tags
		skip     = -1       // depth of the element being dropped
		textAt   = -1       // depth of the element whose text is replaced
		code     string
		content  bool // the dropped element held something
		text     strings.Builder
		textElem xml.StartElement
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			if rec.err != nil {
				return rec.err
			}
			return malformed("xml: %v", err)
		}
		raw := rec.take(d.InputOffset())
		out := raw
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			open = append(open, t.Name)
			if skip >= 0 || textAt >= 0 {
				content = content || hasAttrContent(t)
				out = nil
				break
			}
			var act xmlAction
			act, code = ed.start(path[:len(path)-1], &t)
			selfClosing := bytes.HasSuffix(raw, []byte("/>"))
			switch act {
			case xmlDrop:
				skip, content, out = len(path), hasAttrContent(t), nil
			case xmlAttrs:
				out = appendStart(nil, t, selfClosing)
			case xmlText:
				if !selfClosing {
					textAt, textElem = len(path), t
					text.Reset()
				}
			}
		case xml.EndElement:
			// RawToken does not check nesting; the rewrite must not pass broken XML on.
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return malformed("xml: unexpected end tag %s", qname(t.Name))
			}
			depth := len(path)
			path, open = path[:depth-1], open[:depth-1]
			switch {
			case skip >= 0:
				out = nil
				if depth == skip {
					skip = -1
					if content && code != "" {
						report(code)
					}
				}
			case textAt >= 0 && depth == textAt:
				textAt = -1
				old := text.String()
				var b bytes.Buffer
				xml.EscapeText(&b, []byte(ed.text(textElem, old)))
				out = append(b.Bytes(), raw...)
				if strings.TrimSpace(old) != "" && code != "" {
					report(code)
				}
			case textAt >= 0:
				out = nil
			}
		case xml.CharData:
			switch {
			case skip >= 0:
				content = content || len(bytes.TrimSpace(t)) > 0
				out = nil
			case textAt >= 0:
				if text.Len() < 64<<10 {
					text.Write(t)
				}
				out = nil
			}
		default: // comments, processing instructions, directives
			if skip >= 0 || textAt >= 0 {
				out = nil
			}
		}
		if _, err := bw.Write(out); err != nil {
			return err
		}
	}
	if len(path) > 0 {
		return malformed("xml: unclosed element %s", path[len(path)-1])
	}
	return bw.Flush()
}

// hasAttrContent reports attributes other than namespace declarations and the structural type
// and name (as in <config:config-item config:name="PrinterName" config:type="string"/>).
func hasAttrContent(el xml.StartElement) bool {
	for _, a := range el.Attr {
		switch {
		case a.Name.Space == "xmlns", a.Name.Local == "xmlns", a.Name.Local == "type", a.Name.Local == "name":
		default:
			return true
		}
	}
	return false
}

// appendStart writes a start tag from a raw token (prefixes as written).
func appendStart(b []byte, el xml.StartElement, selfClosing bool) []byte {
	var buf bytes.Buffer
	buf.Write(b)
	buf.WriteByte('<')
	buf.WriteString(qname(el.Name))
	for _, a := range el.Attr {
		buf.WriteByte(' ')
		buf.WriteString(qname(a.Name))
		buf.WriteString(`="`)
		xml.EscapeText(&buf, []byte(a.Value))
		buf.WriteByte('"')
	}
	if selfClosing {
		buf.WriteString("/>")
	} else {
		buf.WriteByte('>')
	}
	return buf.Bytes()
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}
