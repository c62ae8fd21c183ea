// Package metastrip removes identifying metadata from evidence files before they are encrypted and
// stored, and says what it removed and what may remain.
//
// A reporter's photo, document or recording can name them without their knowing: EXIF GPS
// coordinates and camera serials, a document's author and company, a PDF's producer, zip timestamps
// that give away a time zone. This package strips what it can and reports the rest, so the reporter
// can decide before submitting and officers know what the file may still carry.
//
// # Invariants
//
//   - Types are recognised by content (Detect, DetectZip), never by file name or the client's
//     Content-Type. HTML, SVG, XML-looking text, executables, plain zips and macro-enabled Office
//     files are Unknown and must be refused: they could run script or code on an officer's machine.
//   - The output is a valid file of the same type. Image data is never decoded or re-encoded: JPEG
//     scans, PNG IDAT, GIF image data and WebP bitstreams are copied byte for byte, so stripping is
//     lossless.
//   - Memory stays bounded whatever the file size: formats are parsed as streams (StripStream) or
//     scanned in windows over an io.ReaderAt (StripAt); no file is ever read whole. Zip entries are
//     streamed; only small metadata parts and single XML tokens are buffered, with fixed caps.
//   - Malformed input gives an error wrapping ErrMalformed, never a panic or an endless loop. On any
//     error the output written so far is incomplete and must be discarded: never store it.
//
// # What is removed
//
//   - JPEG: APP1 (EXIF with GPS, XMP), APP13 (IPTC/Photoshop), COM, APP2 other than ICC_PROFILE
//     (e.g. MPF), APP3–APP12, APP14 other than Adobe, APP15, and anything after EOI (e.g. an
//     appended motion-photo video). APP0 (JFIF), APP2 ICC_PROFILE and APP14 Adobe are kept because
//     colour depends on them. Dropping EXIF also drops its Orientation tag, so a photo taken
//     sideways may show sideways; re-encoding to fix that would not be lossless, so we accept it.
//   - PNG: tEXt, zTXt, iTXt, eXIf, tIME and every other ancillary chunk that is not a known
//     rendering chunk (private chunks can hold anything); data after IEND.
//   - GIF: comment extensions and application extensions other than NETSCAPE2.0/ANIMEXTS1.0 (loop
//     count) and ICCRGBG1012 (colour profile), e.g. XMP; data after the trailer.
//   - WebP: EXIF, XMP and unknown chunks (the RIFF size and VP8X flags are fixed); trailing data.
//   - PDF: every string value of the document information dictionaries (/Author, /Creator,
//     /Producer, /Title, /Subject, /Keywords, dates and custom keys) and the content of every XMP
//     packet and uncompressed metadata stream are overwritten in place with spaces of the same
//     length, so every xref offset stays valid; the trailer /ID is zeroed (unless the file is
//     encrypted, which needs it); EXIF and IPTC blocks of JPEG images stored uncompressed in the
//     file are zeroed in place.
//   - OOXML (docx, xlsx, pptx): every core property (creator, lastModifiedBy, title, dates,
//     revision…), the Company, Manager, Template, TotalTime, HyperlinkBase, Application and
//     AppVersion extended properties, all custom properties; comment and tracked-change author
//     names (and people/presence records holding e-mail addresses) are replaced by "Author 1",
//     "Author 2"… consistently within the file, so who wrote what stays distinguishable.
//   - ODF (odt, ods, odp): everything in meta.xml except document statistics; the printer
//     name and setup in settings.xml; annotation and change-tracking creators (pseudonymised
//     like OOXML).
//   - Zip containers: entry times (set to 1980-01-01 00:00), extra fields (uid/gid, NTFS times),
//     entry and archive comments. Embedded JPEG, PNG and GIF images are stripped like files.
//
// # What is not removed (reported in Report.Remains where it can be detected)
//
//   - Audio and video (MP3, M4A, MP4, WAV) are passed through unchanged: ID3 tags, QuickTime
//     metadata with location, and RIFF INFO chunks remain ("audio-tags", "video-metadata").
//   - PDF objects inside compressed object streams or compressed metadata streams cannot be seen,
//     let alone blanked ("pdf-compressed-objects", "pdf-xmp-compressed"); also annotations with
//     their authors, attachments, digital signatures (stripping also invalidates them).
//   - Office: embedded OLE objects, customXml parts, external file paths in relationships,
//     revision-save IDs (w:rsid) and comment/revision dates; images in formats we cannot
//     parse (TIFF, HEIC, WebP inside a zip).
//   - Anything in the content itself: names in the text, faces and reflections in photos, the
//     image's own pixels (sensor noise can identify a camera), the recording's voices.
//
// # Use
//
//	k := Detect(head)                  // the first 4 KiB
//	if k == Zip { k, err = DetectZip(f, size) }
//	if k == Unknown { refuse }
//	rep, err := StripAt(k, f, size, w) // or StripStream(k, r, w) when Streamable(k)
//
// # Limits
//
// Besides size, a few things are refused as malformed so that a crafted upload cannot exhaust the
// server: a zip directory over 20,000 entries or 8 MiB, zip entries inflating to more than 100
// times the file's size (plus 256 MiB) in what we read, an XML token over 8 MiB, more than 16,384
// metadata objects or blocks in a PDF. An embedded picture that does not parse fails the whole
// document: we would rather refuse than pass it on unstripped.
//
// Text is accepted only as UTF-8 without NULs or control characters other than tab, newline,
// vertical tab, form feed and carriage return, and not starting like markup; Big5 and UTF-16
// files are Unknown (convert them to UTF-8 first).
//
// # Report codes
//
// Report strings are stable English codes, localised by the web layer:
//
//   - Removed, images (also for pictures inside documents and PDFs): exif, gps, xmp, iptc,
//     comment, trailing-data, jpeg-vendor, png-text, png-time, png-private, gif-app, webp-private.
//   - Removed, PDF: pdf-info:title, pdf-info:author, pdf-info:subject, pdf-info:keywords,
//     pdf-info:creator, pdf-info:producer, pdf-info:creationdate, pdf-info:moddate,
//     pdf-info:custom, pdf-xmp, pdf-id.
//   - Removed, Office: ooxml-core:NAME (the property's element name: creator, lastModifiedBy,
//     title, created, modified, lastPrinted, revision…), ooxml-app:NAME (company, manager,
//     template, totalTime, hyperlinkBase, application, appVersion), ooxml-custom,
//     ooxml-comment-authors, ooxml-revision-authors, odf-meta:NAME (initial-creator, creator,
//     creation-date, date, editing-cycles, editing-duration, generator, template, user-defined,
//     printed-by, print-date…), odf-settings:printer, odf-comment-authors, odf-revision-authors,
//     zip-times, zip-extra, zip-comment.
//   - Remains: audio-tags, video-metadata, pdf-compressed-objects, pdf-xmp-compressed,
//     pdf-encrypted, pdf-attachments, pdf-signature, pdf-annotations, ooxml-embedded-objects,
//     ooxml-custom-xml, ooxml-file-paths, media-metadata.
package metastrip
