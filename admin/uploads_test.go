package admin

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"integrity-portal/internal/testdata"
	"integrity-portal/portal/procurement/importer"
)

// upload posts a file the way the page's form does: multipart, the CSRF token in the URL.
func (b *browser) upload(name string, content []byte, encoding string) answer {
	b.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("encoding", encoding)
	if name != "" {
		fw, _ := w.CreateFormFile("file", name)
		fw.Write(content)
	}
	w.Close()
	req, _ := http.NewRequest("POST", b.e.srv.URL+"/admin/procurement/uploads?csrf_token="+b.token(), &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Accept-Language", "zh-TW")
	return b.do(req)
}

// runImport does what River does with the queued job: it checks the job is there and works it.
func runImport(t *testing.T, e *testEnv, id int64) {
	t.Helper()
	var n int
	e.db.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'procurement_import' AND (args->>'upload_id')::bigint = $1`, id).Scan(&n)
	if n != 1 {
		t.Fatalf("%d import jobs queued for upload %d", n, id)
	}
	w := &importer.Worker{DB: e.db, OCIDPrefix: "ocds-twpcc", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := w.Work(context.Background(), &river.Job[importer.Args]{JobRow: &rivertype.JobRow{}, Args: importer.Args{UploadID: id}}); err != nil {
		t.Fatal(err)
	}
}

var uploadLocation = regexp.MustCompile(`^/admin/procurement/uploads/(\d+)$`)

func TestDataOfficerUploadsAndFollowsAnImport(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("data1", "data")
	b := e.signedIn(id, k, pw("data1"))
	if a := b.get("/admin/procurement/uploads"); a.status != 200 || !strings.Contains(a.body, `enctype="multipart/form-data"`) {
		t.Fatalf("uploads page: %d", a.status)
	}
	pkg, err := os.ReadFile(filepath.Join(testdata.Dir(t, "ocds"), "ocp-fictional_release-package_ocds-213czf-000-00001.json"))
	if err != nil {
		t.Fatal(err)
	}
	a := b.upload("fictional.json", pkg, "")
	m := uploadLocation.FindStringSubmatch(a.location)
	if a.status != 303 || m == nil {
		t.Fatalf("upload: %d %q", a.status, a.location)
	}
	uploadID, _ := strconv.ParseInt(m[1], 10, 64)
	req, _ := http.NewRequest("GET", e.srv.URL+a.location, nil)
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Refresh") != "2" || !strings.Contains(string(page), "<progress") {
		t.Errorf("a queued import's page does not refresh itself with a progress bar (Refresh %q)", resp.Header.Get("Refresh"))
	}

	runImport(t, e, uploadID)
	resp, _ = b.c.Get(e.srv.URL + a.location)
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Refresh") != "" || !strings.Contains(string(page), "已完成") || !regexp.MustCompile(`<dd>6</dd>`).Match(page) {
		t.Errorf("the finished import's page: Refresh %q\n%.2000s", resp.Header.Get("Refresh"), page)
	}
	var processes, chunks int
	e.db.QueryRow(ctx, `SELECT count(*) FROM procurement_processes WHERE ocid = 'ocds-213czf-000-00001'`).Scan(&processes)
	e.db.QueryRow(ctx, `SELECT count(*) FROM procurement_upload_chunks`).Scan(&chunks)
	if processes != 1 || chunks != 0 {
		t.Errorf("after the import: %d processes, %d chunks left", processes, chunks)
	}

	// A file with one bad line: nothing stored, and the page says where and why.
	bad := []byte(`{"ocid":"ocds-upload-1","id":"r1","date":"2026-01-01T00:00:00Z","tag":["tender"],"tender":{"title":"道路維護"}}
{"id":"r2","date":"2026-01-02T00:00:00Z"}
`)
	a = b.upload("bad.jsonl", bad, "")
	m = uploadLocation.FindStringSubmatch(a.location)
	if m == nil {
		t.Fatalf("bad upload: %d %q", a.status, a.location)
	}
	uploadID, _ = strconv.ParseInt(m[1], 10, 64)
	runImport(t, e, uploadID)
	show := b.get(a.location).unmarked()
	if !strings.Contains(show.body, "未匯入（有問題）") || !strings.Contains(show.body, "第 2 行") || !strings.Contains(show.body, "完全沒有匯入") {
		t.Errorf("rejected import's page:\n%.3000s", show.body)
	}
	e.db.QueryRow(ctx, `SELECT count(*) FROM procurement_releases WHERE ocid = 'ocds-upload-1'`).Scan(&processes)
	if processes != 0 {
		t.Error("a rejected file was partly stored")
	}

	// Too large, or no file at all: a clear message, nothing queued.
	if a := b.upload("big.json", bytes.Repeat([]byte(" "), 3<<19), ""); a.status != 413 || !strings.Contains(a.body, "檔案太大") {
		t.Errorf("too large: %d", a.status)
	}
	if a := b.upload("", nil, ""); a.status != 400 || !strings.Contains(a.body, "請選擇要上傳的資料檔") {
		t.Errorf("no file: %d", a.status)
	}
	if a := b.upload("x.csv", []byte("a"), "latin1"); a.status != 400 {
		t.Errorf("unknown encoding: %d", a.status)
	}
	var uploads int
	e.db.QueryRow(ctx, `SELECT count(*) FROM procurement_uploads`).Scan(&uploads)
	if uploads != 2 {
		t.Errorf("%d uploads stored, want the 2 accepted ones", uploads)
	}
	if list := b.get("/admin/procurement/uploads"); !strings.Contains(list.body, "fictional.json") || !strings.Contains(list.body, "bad.jsonl") {
		t.Error("the uploads page does not list the imports")
	}
}
