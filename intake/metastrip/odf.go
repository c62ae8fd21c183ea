package metastrip

import (
	"encoding/xml"
	"path"
	"slices"
)

// odfRule chooses how an ODT, ODS or ODP entry is handled; name is lower-cased. Embedded objects
// ("Object 1/…") have their own meta.xml and content.xml, handled alike.
func odfRule(z *zipStrip, name string) partRule {
	if strip, unclean := imageExt(name); strip {
		return partRule{image: true}
	} else if unclean {
		return partRule{remains: "media-metadata"}
	}
	switch path.Base(name) {
	case "meta.xml":
		return partRule{edit: odfMeta}
	case "settings.xml":
		return partRule{edit: odfSettings, needle: "Printer"}
	case "content.xml", "styles.xml":
		return partRule{edit: authorEditor(z, odfAuthorCode), needle: "creator"}
	}
	return partRule{}
}

// odfMeta empties office:meta but for the document statistics: everything else there (creator,
// dates, editing cycles and time, generator, template path, user-defined fields, printing) is
// about the people and machines behind the document.
var odfMeta = xmlEditor{start: func(path []string, el *xml.StartElement) (xmlAction, string) {
	if len(path) == 2 && path[1] == "meta" && el.Name.Local != "document-statistic" {
		return xmlDrop, "odf-meta:" + el.Name.Local
	}
	return xmlKeep, ""
}}

// odfSettings drops the printer's name and driver setup, which can name an office's network
// printer.
var odfSettings = xmlEditor{start: func(path []string, el *xml.StartElement) (xmlAction, string) {
	if el.Name.Local != "config-item" {
		return xmlKeep, ""
	}
	for _, a := range el.Attr {
		if a.Name.Local == "name" && (a.Value == "PrinterName" || a.Value == "PrinterSetup") {
			return xmlDrop, "odf-settings:printer"
		}
	}
	return xmlKeep, ""
}}

// odfAuthorCode: creators inside annotations are comment authors, inside change-info revision
// authors; anywhere else they are left alone.
func odfAuthorCode(path []string) string {
	switch {
	case slices.Contains(path, "annotation"):
		return "odf-comment-authors"
	case slices.Contains(path, "change-info"):
		return "odf-revision-authors"
	}
	return ""
}
