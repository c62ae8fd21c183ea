package metastrip

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

func TestRewriteXMLKeepsBytes(t *testing.T) {
	keep := xmlEditor{start: func([]string, *xml.StartElement) (xmlAction, string) { return xmlKeep, "" }}
	for _, doc := range []string{
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<a/>",
		`<w:document xmlns:w="urn:w" xmlns:mc="urn:mc" mc:Ignorable="w14 wp14"><w:t xml:space="preserve"> a &amp; b &lt; &#x4E2D; </w:t></w:document>`,
		"<!DOCTYPE x><x><!-- note --><![CDATA[<raw>]]><?pi data?><y  a = 'q\"' /></x>\n",
	} {
		var out bytes.Buffer
		if err := rewriteXML(&out, strings.NewReader(doc), keep, nil); err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if out.String() != doc {
			t.Errorf("changed:\n%q\n%q", doc, out.String())
		}
	}
}

func TestRewriteXMLEdits(t *testing.T) {
	var codes []string
	ed := xmlEditor{
		start: func(path []string, el *xml.StartElement) (xmlAction, string) {
			switch el.Name.Local {
			case "drop":
				return xmlDrop, "dropped"
			case "empty":
				return xmlDrop, "empty"
			case "name":
				return xmlText, "named"
			case "who":
				el.Attr[0].Value = `x<"&>`
				return xmlAttrs, ""
			}
			return xmlKeep, ""
		},
		text: func(el xml.StartElement, old string) string { return "<" + strings.ToUpper(old) + ">" },
	}
	doc := `<r:root xmlns:r="urn:r"><drop a="1"><in>secret</in></drop><empty>  </empty><name>ab<!--c-->d</name><name/><who r:by="me"/><who r:by="you">t</who></r:root>`
	want := `<r:root xmlns:r="urn:r"><name>&lt;ABD&gt;</name><name/><who r:by="x&lt;&#34;&amp;&gt;"/><who r:by="x&lt;&#34;&amp;&gt;">t</who></r:root>`
	var out bytes.Buffer
	if err := rewriteXML(&out, strings.NewReader(doc), ed, func(c string) { codes = append(codes, c) }); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	if strings.Join(codes, ",") != "dropped,named" {
		t.Errorf("codes %q", codes)
	}
}

func TestRewriteXMLMalformed(t *testing.T) {
	keep := xmlEditor{start: func([]string, *xml.StartElement) (xmlAction, string) { return xmlKeep, "" }}
	for _, doc := range []string{"<a>", "<a></b>", "</a>", "<a>&undefined;</a>", `<?xml version="1.0" encoding="UTF-16"?><a/>`, "<a b='1' b='2'>"} {
		if err := rewriteXML(&bytes.Buffer{}, strings.NewReader(doc), keep, nil); !errorsIsMalformed(err) {
			t.Errorf("%q: %v", doc, err)
		}
	}
	huge := "<a>" + strings.Repeat("x", maxXMLToken+10) + "</a>"
	if err := rewriteXML(&bytes.Buffer{}, strings.NewReader(huge), keep, nil); !errorsIsMalformed(err) {
		t.Errorf("huge token: %v", err)
	}
}
