package metastrip

import (
	"bytes"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	long := strings.Repeat("貪污舉報 ", 400) // multi-byte text longer than 4 KiB
	cases := []struct {
		name string
		head string
		want Kind
	}{
		{"jpeg", "\xFF\xD8\xFF\xE0\x00\x10JFIF", JPEG},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", PNG},
		{"gif87", "GIF87a\x01\x00", GIF},
		{"gif89", "GIF89a\x01\x00", GIF},
		{"webp", "RIFF\x24\x00\x00\x00WEBPVP8L", WebP},
		{"wav", "RIFF\x24\x00\x00\x00WAVEfmt ", WAV},
		{"pdf", "%PDF-1.7\n", PDF},
		{"zip", "PK\x03\x04\x14\x00", Zip},
		{"mp3 id3", "ID3\x04\x00\x00\x00\x00\x01\x00", MP3},
		{"mp3 frame", "\xFF\xFB\x90\x64" + strings.Repeat("\x00", 413) + "\xFF\xFB\x90\x64", MP3},
		{"one mp3 frame header", "\xFF\xFB\x90\x64\x00", Unknown},
		{"m4a", "\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom\x00\x00", M4A},
		{"mp4", "\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2", MP4},
		{"mov", "\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", MP4},
		{"3gp", "\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00isom3gp4", MP4},
		{"text", "舉報人：\n某局長收受回扣。\r\n\tOK", Text},
		{"text with BOM", "\xEF\xBB\xBFhello", Text},
		{"long text cut mid-character", long[:4096], Text},
		{"heic", "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", Unknown},
		{"avif", "\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", Unknown},
		{"unknown ftyp", "\x00\x00\x00\x10ftypzzzz\x00\x00\x00\x00", Unknown},
		{"exe", "MZ\x90\x00\x03\x00\x00\x00", Unknown},
		{"elf", "\x7FELF\x02\x01\x01", Unknown},
		{"html", "<!DOCTYPE html><html><body>hi</body></html>", Unknown},
		{"html lower", "  \n<html>\n<script>alert(1)</script>", Unknown},
		{"html fragment", "<p>hello</p>", Unknown},
		{"html comment", "<!-- x --><b>bold</b>", Unknown},
		{"script later", "Dear officer,\nplease see <script src=//evil></script>", Unknown},
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, Unknown},
		{"xml svg", `<?xml version="1.0"?><svg/>`, Unknown},
		{"text with NUL", "hello\x00world", Unknown},
		{"text with escape", "hello\x1b[31mred", Unknown},
		{"utf-16", "\xFF\xFEh\x00i\x00", Unknown},
		{"big5", "\xC1\x6D\xAC\x47", Unknown}, // 貪污 in Big5
		{"latin-1", "caf\xE9", Unknown},
		{"empty", "", Unknown},
		{"adts aac", "\xFF\xF1\x50\x80", Unknown},
		{"angle text", "<bank statement attached>", Text},
	}
	for _, c := range cases {
		if got := Detect([]byte(c.head)); got != c.want {
			t.Errorf("%s: Detect = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestKindNames(t *testing.T) {
	for _, k := range []Kind{JPEG, PNG, GIF, WebP, PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, Text, MP3, M4A, MP4, WAV} {
		if k.MIME() == "application/octet-stream" || !strings.HasPrefix(k.Ext(), ".") {
			t.Errorf("%q: MIME %q, Ext %q", k, k.MIME(), k.Ext())
		}
	}
	if Unknown.MIME() != "application/octet-stream" || Unknown.Ext() != "" {
		t.Error("Unknown")
	}
	if JPEG.MIME() != "image/jpeg" || DOCX.Ext() != ".docx" {
		t.Error("wrong names")
	}
}

func TestText(t *testing.T) {
	good := strings.Repeat("舉報內容 abc\n", 20000) // crosses read boundaries mid-character
	var out bytes.Buffer
	if _, err := StripStream(Text, strings.NewReader(good), &out); err != nil || out.String() != good {
		t.Fatalf("err %v, equal %v", err, out.String() == good)
	}
	for _, bad := range []string{good + "\x00", good + "\xE8\x88", good[:len(good)-1] + "\xFF", "a\x07b"} {
		if _, err := StripStream(Text, strings.NewReader(bad), &bytes.Buffer{}); !errorsIsMalformed(err) {
			t.Errorf("%q: %v", bad[max(0, len(bad)-5):], err)
		}
	}
}

func TestPassThrough(t *testing.T) {
	in := "ID3\x04\x00\x00\x00\x00\x01\x00TIT2 some tag"
	for k, code := range map[Kind]string{MP3: "audio-tags", M4A: "audio-tags", WAV: "audio-tags", MP4: "video-metadata"} {
		var out bytes.Buffer
		rep, err := StripStream(k, strings.NewReader(in), &out)
		if err != nil || out.String() != in || !contains(rep.Remains, code) {
			t.Errorf("%s: %v %q %q", k, err, out.String(), rep.Remains)
		}
		if !Streamable(k) {
			t.Errorf("%s not streamable", k)
		}
	}
	for _, k := range []Kind{WebP, PDF, DOCX, ODT, Zip, Unknown} {
		if Streamable(k) {
			t.Errorf("%s streamable", k)
		}
		if _, err := StripStream(k, strings.NewReader(in), &bytes.Buffer{}); err == nil {
			t.Errorf("StripStream(%s) did not refuse", k)
		}
	}
	if _, err := StripAt(Zip, strings.NewReader(in), int64(len(in)), &bytes.Buffer{}); err == nil {
		t.Error("StripAt(Zip) did not refuse")
	}
}
