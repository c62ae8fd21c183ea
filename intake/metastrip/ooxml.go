package metastrip

import (
	"encoding/xml"
	"path"
	"strings"
)

// ooxmlAppDrop are the extended properties (docProps/app.xml) that describe the author's
// organisation, machine or habits; the rest (page and word counts, titles of parts) is kept.
var ooxmlAppDrop = map[string]bool{
	"Company": true, "Manager": true, "Template": true, "TotalTime": true, "HyperlinkBase": true,
	"Application": true, "AppVersion": true,
}

// ooxmlRule chooses how a DOCX, XLSX or PPTX part is handled. Part names are case-insensitive in
// OPC; name is lower-cased.
func ooxmlRule(z *zipStrip, name string) partRule {
	if strip, unclean := imageExt(name); strip {
		return partRule{image: true}
	} else if unclean {
		return partRule{remains: "media-metadata"}
	}
	base := path.Base(name)
	xml := strings.HasSuffix(name, ".xml")
	switch {
	case name == "docprops/core.xml":
		// Every core property is about the document's history; all are optional.
		return partRule{edit: dropChildren("ooxml-core:", nil)}
	case name == "docprops/app.xml":
		return partRule{edit: dropChildren("ooxml-app:", ooxmlAppDrop)}
	case name == "docprops/custom.xml":
		return partRule{edit: dropChildren("", nil)}
	case strings.Contains(name, "/embeddings/"):
		return partRule{remains: "ooxml-embedded-objects"}
	case strings.HasPrefix(name, "customxml/item") && !strings.Contains(name, "props"):
		return partRule{remains: "ooxml-custom-xml"}
	case strings.HasSuffix(name, ".rels"):
		return partRule{check: "ooxml-file-paths", needle: "file:"}
	case strings.HasPrefix(name, "word/") && xml:
		code := "ooxml-revision-authors"
		if strings.HasPrefix(base, "comments") || base == "people.xml" {
			code = "ooxml-comment-authors"
		}
		// Most parts have no tracked changes: look before paying for a rewrite.
		return partRule{edit: authorEditor(z, func([]string) string { return code }), needle: "author="}
	case xml && (strings.HasPrefix(name, "xl/comments") || strings.HasPrefix(name, "xl/persons/") ||
		name == "ppt/commentauthors.xml" || name == "ppt/authors.xml"):
		return partRule{edit: authorEditor(z, func([]string) string { return "ooxml-comment-authors" })}
	}
	return partRule{}
}

// dropChildren removes the root's children (those in only, if not nil), reporting each as
// prefix plus its name ("ooxml-core:creator"); with an empty prefix, as "ooxml-custom".
func dropChildren(prefix string, only map[string]bool) xmlEditor {
	return xmlEditor{start: func(path []string, el *xml.StartElement) (xmlAction, string) {
		if len(path) != 1 || (only != nil && !only[el.Name.Local]) {
			return xmlKeep, ""
		}
		if prefix == "" {
			return xmlDrop, "ooxml-custom"
		}
		return xmlDrop, prefix + lowerFirst(el.Name.Local)
	}}
}

// authorEditor replaces people's names in comments, tracked changes and people lists with
// pseudonyms: w:author attributes, comment authors of the three formats, presence records (which
// hold e-mail addresses), and ODF dc:creator in annotations and changes. codeFor gives the code
// to report for an element; "" leaves it alone.
func authorEditor(z *zipStrip, codeFor func(path []string) string) xmlEditor {
	return xmlEditor{
		start: func(path []string, el *xml.StartElement) (xmlAction, string) {
			code := codeFor(path)
			if code == "" {
				return xmlKeep, ""
			}
			switch local := el.Name.Local; {
			case local == "presenceInfo":
				return xmlDrop, code
			case local == "author" && len(path) > 0 && path[len(path)-1] == "authors", // xlsx comments
				local == "creator", local == "creator-initials", local == "sender-initials": // ODF
				return xmlText, code
			}
			person := el.Name.Local == "person" || el.Name.Local == "cmAuthor" || el.Name.Local == "author"
			changed := false
			for i, a := range el.Attr {
				v := a.Value
				switch a.Name.Local {
				case "author":
					v = z.names.get(v)
				case "initials":
					if v != "" {
						v = "A"
					}
				case "name", "displayName":
					if person {
						v = z.names.get(v)
					}
				case "userId":
					if person {
						v = ""
					}
				case "providerId":
					if person && v != "" {
						v = "None"
					}
				}
				if v != a.Value {
					el.Attr[i].Value = v
					changed = true
				}
			}
			if !changed {
				return xmlKeep, ""
			}
			z.rep.removed(code)
			return xmlAttrs, code
		},
		text: func(el xml.StartElement, old string) string {
			if strings.HasSuffix(el.Name.Local, "initials") {
				if strings.TrimSpace(old) == "" {
					return old
				}
				return "A"
			}
			return z.names.get(old)
		},
	}
}
