package intake

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

// FuzzFormReader feeds arbitrary multipart bodies to the streaming form reader and the decoder: no
// panic, no field over its cap, and files only after fields.
func FuzzFormReader(f *testing.F) {
	body, ctype := multipartBody([]field{{name: "what", value: "x"}, {name: "what", value: "y"}, {name: "files", filename: "a.jpg", content: []byte{0xff, 0xd8}}})
	f.Add(body.Bytes(), ctype)
	body, ctype = multipartBody([]field{{name: "category", value: "\xff"}, {name: "whistleblower_act", value: "on"}})
	f.Add(body.Bytes(), ctype)
	f.Add([]byte("--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--X--"), "multipart/form-data; boundary=X")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		req := httptest.NewRequest("POST", "/report", bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		form, err := newFormReader(req)
		if err != nil {
			return
		}
		if err := form.readFields(); err != nil {
			return
		}
		for name, v := range form.values {
			if len(v) > maxFieldBytes {
				t.Fatalf("field %q kept %d bytes", name, len(v))
			}
		}
		var r reportForm
		decodeForm(form.values, &r)
		for i := 0; i < 100; i++ {
			p, err := form.nextFile()
			if err != nil || p == nil {
				return
			}
			if p.FileName() == "" {
				t.Fatal("nextFile returned a part without a file name")
			}
		}
	})
}
