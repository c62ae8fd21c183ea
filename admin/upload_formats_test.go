package admin

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/testdata"
	"integrity-portal/portal/procurement/importer"
)

// TestUploadReadsOlderLayoutAndNamesUnknownFormats: notices in g0v's older layout upload as YAML;
// a file of no format the importer reads (an image, random YAML, a bare JSON number, NUL bytes,
// text that is not UTF-8, nothing at all, one line of 50 MB) is answered "format not recognised"
// with the formats it reads, in the officer's language, and never 500.
func TestUploadReadsOlderLayoutAndNamesUnknownFormats(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("data1", "data")
	b := e.signedIn(id, k, pw("data1"))
	uploaded := func(name string, content []byte) string {
		t.Helper()
		a := b.upload(name, content, "")
		m := uploadLocation.FindStringSubmatch(a.location)
		if a.status != http.StatusSeeOther || m == nil {
			t.Fatalf("%s: %d %q", name, a.status, a.location)
		}
		var uid int64
		e.db.QueryRow(context.Background(), `SELECT max(id) FROM procurement_uploads`).Scan(&uid)
		runImport(t, e, uid)
		return a.location
	}

	stream, err := os.ReadFile(filepath.Join(testdata.Dir(t, "pcc"), "project_g0v-older_notices.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	page := b.get(uploaded("notices.yaml", stream))
	if page.status != 200 || !strings.Contains(page.body, "政府電子採購網決標公告") || strings.Contains(page.body, "error-summary") {
		t.Errorf("YAML notices upload: %d\n%.3000s", page.status, page.body)
	}
	var n int
	e.db.QueryRow(context.Background(), `SELECT count(*) FROM procurement_releases WHERE ocid = 'ocds-twpcc-3.80.15-1010102A'`).Scan(&n)
	if n != 2 {
		t.Errorf("%d releases stored from the YAML stream, want 2", n)
	}

	unknown := map[string][]byte{
		"photo.png":   []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"),
		"config.yaml": []byte("server:\n  port: 8080\n"),
		"number.json": []byte("42"),
		"nul.bin":     []byte("\x00\x00\x00\x00"),
		"latin1.txt":  []byte("caf\xe9\n"),
		"empty.json":  nil,
	}
	for name, content := range unknown {
		at := uploaded(name, content)
		checkReasons(t, name, b.get(at).body, "無法辨認這個檔案的格式", "g0v 舊版分段格式（YAML 或 JSON）")
		if en := b.getIn("en", at); en.status != 200 || !strings.Contains(en.body, "format not recognised. The importer reads: OCDS release") {
			t.Errorf("%s: the English page does not name the formats: %d\n%.3000s", name, en.status, en.body)
		}
	}

	// One line of 50 MB, stored as the page stores it (the test server takes 1 MiB a request).
	var uid int64
	err = pgx.BeginFunc(context.Background(), e.db, func(tx pgx.Tx) error {
		var err error
		if uid, err = importer.Store(context.Background(), tx, bytes.NewReader(bytes.Repeat([]byte("x"), 50<<20)), "line.csv", "", id, 64<<20); err != nil {
			return err
		}
		_, err = e.admin.Jobs.InsertTx(context.Background(), tx, importer.Args{UploadID: uid}, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	runImport(t, e, uid)
	checkReasons(t, "a line of 50 MB", b.get("/admin/procurement/uploads/"+strconv.FormatInt(uid, 10)).body, "無法辨認這個檔案的格式")
}
