package metastrip

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
)

// Detect identifies a file from its first bytes: give it at least the first 4 KiB, or the whole
// file if shorter. ZIP-based formats come back as the provisional Zip, to be resolved with
// DetectZip. Anything not positively recognised, including HTML and SVG, is Unknown. A PDF
// must start with "%PDF-" (readers tolerate junk before it; we do not).
func Detect(head []byte) Kind {
	switch {
	case bytes.HasPrefix(head, []byte("\xFF\xD8\xFF")):
		return JPEG
	case bytes.HasPrefix(head, pngSig):
		return PNG
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return GIF
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return WebP
	case len(head) >= 12 && (string(head[:4]) == "RIFF" || string(head[:4]) == "RF64") &&
		string(head[8:12]) == "WAVE":
		return WAV
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return Zip
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		return detectISOBMFF(head)
	case isID3(head), isMPEGFrame(head):
		return MP3
	case isText(head):
		return Text
	}
	return Unknown
}

// detectISOBMFF tells audio (M4A) from video (MP4/QuickTime/3GP) by the ftyp brands, and refuses
// HEIF/AVIF images, which share the container but are not video.
func detectISOBMFF(head []byte) Kind {
	n := int(binary.BigEndian.Uint32(head))
	if n < 16 || n > len(head) {
		n = min(len(head), 256)
	}
	var brands []string
	for i := 8; i+4 <= n; i += 4 {
		if i == 12 {
			continue // minor version, not a brand
		}
		brands = append(brands, string(head[i:i+4]))
	}
	for _, b := range brands {
		switch b {
		case "mif1", "msf1", "miaf", "heic", "heix", "heim", "heis", "hevc", "hevx", "avif", "avis":
			return Unknown
		}
	}
	switch brands[0] {
	case "M4A ", "M4B ", "M4P ", "F4A ":
		return M4A
	}
	for _, b := range brands {
		switch b {
		case "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso8", "iso9", "mp41", "mp42", "avc1",
			"M4V ", "M4VH", "M4VP", "mmp4", "MSNV", "dash", "qt  ", "f4v ",
			"3gp4", "3gp5", "3gp6", "3gp7", "3g2a", "3g2b", "3g2c":
			return MP4
		}
	}
	return Unknown
}

// isID3 recognises an ID3v2 tag header, which starts most MP3 files.
func isID3(b []byte) bool {
	return len(b) >= 10 && string(b[:3]) == "ID3" && b[3] >= 2 && b[3] <= 4 && b[4] != 0xFF &&
		b[6] < 0x80 && b[7] < 0x80 && b[8] < 0x80 && b[9] < 0x80
}

// isMPEGFrame recognises an MP3 without ID3 tag by two consecutive MPEG audio frame headers (one
// alone is too easily matched, e.g. by a UTF-16 byte order mark). ADTS AAC has layer 0 and is
// not matched.
func isMPEGFrame(b []byte) bool {
	n := mpegFrameLen(b)
	return n > 0 && mpegFrameLen(b[min(n, len(b)):]) > 0
}

var (
	mpegRates    = [4][3]int{{11025, 12000, 8000}, {}, {22050, 24000, 16000}, {44100, 48000, 32000}}
	mpegBitrates = [2][3][15]int{ // [MPEG1?][layer III, II, I][index], kbit/s
		{{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}},
		{{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
			{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}},
	}
)

// mpegFrameLen returns the length of the MPEG audio frame whose header starts b, or 0.
func mpegFrameLen(b []byte) int {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return 0
	}
	version, layer := b[1]>>3&3, b[1]>>1&3
	bitrate, rate, pad := b[2]>>4, b[2]>>2&3, int(b[2]>>1&1)
	if version == 1 || layer == 0 || bitrate == 0 || bitrate == 15 || rate == 3 {
		return 0
	}
	mpeg1 := 0
	if version == 3 {
		mpeg1 = 1
	}
	br := mpegBitrates[mpeg1][layer-1][bitrate] * 1000
	sr := mpegRates[version][rate]
	switch {
	case layer == 3: // layer I
		return (12*br/sr + pad) * 4
	case layer == 1 && mpeg1 == 0: // layer III, MPEG 2 and 2.5
		return 72*br/sr + pad
	}
	return 144*br/sr + pad
}

// isText accepts UTF-8 text (a BOM is allowed) without NULs or control characters other than
// tab, LF, VT, FF and CR, that does not look like HTML, SVG or XML. An incomplete character at the
// end of a head of 4 KiB or more is allowed, since it may cut the file anywhere; StripStream checks
// the whole file.
func isText(head []byte) bool {
	b := bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	if len(b) == 0 {
		return false
	}
	for i := len(b) - 1; len(head) >= 4096 && i >= 0 && i >= len(b)-3; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				b = b[:i]
			}
			break
		}
	}
	return utf8.Valid(b) && !hasControl(b) && !looksLikeMarkup(b)
}

// hasControl reports a C0 control character other than tab, LF, VT, FF and CR, or DEL.
func hasControl(b []byte) bool {
	for _, c := range b {
		if (c < 0x20 && (c < '\t' || c > '\r')) || c == 0x7F {
			return true
		}
	}
	return false
}

// leadingMarkup and anywhereMarkup are tags that make browsers (or an officer's viewer) treat text as HTML, SVG or
// XML. Following the MIME sniffing standard, they are looked for at the start of the text; the
// script-capable ones anywhere in the head too, to be safe with lenient viewers.
var (
	leadingMarkup = []string{"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div",
		"<font", "<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<!--", "<?xml",
		"<svg", "<meta", "<img", "<object", "<embed", "<form", "<link", "<base", "<math"}
	anywhereMarkup = []string{"<script", "<html", "<svg", "<iframe", "<!doctype html", "<body",
		"<object", "<embed", "<?xml"}
)

func looksLikeMarkup(b []byte) bool {
	lead := bytes.ToLower(bytes.TrimLeft(b[:min(len(b), 512)], " \t\n\v\f\r"))
	for _, t := range leadingMarkup {
		if rest, ok := bytes.CutPrefix(lead, []byte(t)); ok {
			// The tag must end here, as in "<b>" or "<a href", not "<bank statement".
			if len(rest) == 0 || bytes.IndexByte([]byte(" \t\n\f\r>/"), rest[0]) >= 0 || t[1] == '!' || t[1] == '?' {
				return true
			}
		}
	}
	low := bytes.ToLower(b)
	for _, t := range anywhereMarkup {
		if bytes.Contains(low, []byte(t)) {
			return true
		}
	}
	return false
}
