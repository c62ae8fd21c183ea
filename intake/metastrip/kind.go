package metastrip

// Kind is a file type recognised by content (magic bytes), never by name or by the client's
// Content-Type.
type Kind string

const (
	JPEG Kind = "jpeg"
	PNG  Kind = "png"
	GIF  Kind = "gif"
	WebP Kind = "webp"
	PDF  Kind = "pdf"

	// OOXML
	DOCX Kind = "docx"
	XLSX Kind = "xlsx"
	PPTX Kind = "pptx"

	// ODF
	ODT Kind = "odt"
	ODS Kind = "ods"
	ODP Kind = "odp"

	// Text is UTF-8 plain text without NULs or stray control characters that does not look like
	// markup.
	Text Kind = "text"

	// Recordings are common evidence; they are passed through (see Report.Remains).
	MP3 Kind = "mp3"
	M4A Kind = "m4a"
	MP4 Kind = "mp4" // also QuickTime .mov and 3GP, which browsers play as MP4
	WAV Kind = "wav"

	// Zip is provisional: Detect cannot see inside a zip from its head; resolve it with DetectZip.
	Zip Kind = "zip"

	Unknown Kind = ""
)

var kinds = map[Kind]struct{ mime, ext string }{
	JPEG: {"image/jpeg", ".jpg"},
	PNG:  {"image/png", ".png"},
	GIF:  {"image/gif", ".gif"},
	WebP: {"image/webp", ".webp"},
	PDF:  {"application/pdf", ".pdf"},
	DOCX: {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
	XLSX: {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
	PPTX: {"application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"},
	ODT:  {"application/vnd.oasis.opendocument.text", ".odt"},
	ODS:  {"application/vnd.oasis.opendocument.spreadsheet", ".ods"},
	ODP:  {"application/vnd.oasis.opendocument.presentation", ".odp"},
	Text: {"text/plain; charset=utf-8", ".txt"},
	MP3:  {"audio/mpeg", ".mp3"},
	M4A:  {"audio/mp4", ".m4a"},
	MP4:  {"video/mp4", ".mp4"},
	WAV:  {"audio/wav", ".wav"},
	Zip:  {"application/zip", ".zip"},
}

// MIME returns the media type to store and serve for a kind, "application/octet-stream" for
// Unknown.
func (k Kind) MIME() string {
	if m, ok := kinds[k]; ok {
		return m.mime
	}
	return "application/octet-stream"
}

// Ext returns a file extension for the kind, with its dot (".jpg"), or "" for Unknown.
func (k Kind) Ext() string {
	return kinds[k].ext
}
