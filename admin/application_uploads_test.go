package admin

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"integrity-portal/portal/applications"
)

// uploadApplications posts an application file the way the page's form does: the kind and the
// encoding, then the file; multipart, the CSRF token in the URL.
func (b *browser) uploadApplications(kind, name string, content []byte) answer {
	b.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if kind != "" {
		w.WriteField("kind", kind)
	}
	w.WriteField("encoding", "")
	if name != "" {
		fw, _ := w.CreateFormFile("file", name)
		fw.Write(content)
	}
	w.Close()
	req, _ := http.NewRequest("POST", b.e.srv.URL+"/admin/applications/uploads?csrf_token="+b.token(), &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Accept-Language", "zh-TW")
	return b.do(req)
}

var applicationUploadLocation = regexp.MustCompile(`^/admin/applications/uploads/(\d+)$`)

// uploadedID is the upload a POST redirected to.
func uploadedID(t *testing.T, a answer) int64 {
	t.Helper()
	m := applicationUploadLocation.FindStringSubmatch(a.location)
	if a.status != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: %d %q\n%.1500s", a.status, a.location, a.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// countJobs counts the queued jobs of a kind.
func countJobs(t *testing.T, e *testEnv, kind string) int {
	t.Helper()
	var n int
	if err := e.db.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = $1`, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// runApplicationImport does what River does with the queued job: it checks the job is there and
// works it, with the admin side's client to queue what follows.
func runApplicationImport(t *testing.T, e *testEnv, id int64) {
	t.Helper()
	var n int
	e.db.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'applications_import' AND (args->>'upload_id')::bigint = $1`, id).Scan(&n)
	if n != 1 {
		t.Fatalf("%d import jobs queued for upload %d", n, id)
	}
	w := &applications.ImportWorker{DB: e.db, Jobs: e.admin.Jobs, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	job := &river.Job[applications.ImportArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 25}, Args: applications.ImportArgs{UploadID: id}}
	if err := w.Work(context.Background(), job); err != nil {
		t.Fatal(err)
	}
}

func readApplicationsTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../portal/applications/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDataOfficerUploadsApplicationFiles: a data officer uploads the periods, the calendar and the
// applications; each is imported by the job, all or nothing, and one that changed anything queues
// the recomputation, which then fills the statistics. A file with bad rows stores nothing and its
// page lists every problem by line and column; an unreadable file says why; a form without a kind
// or a file, or too large, is refused with a clear message.
func TestDataOfficerUploadsApplicationFiles(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("data1", "data")
	b := e.signedIn(id, k, pw("data1"))
	page := b.get("/admin/applications/uploads")
	if page.status != 200 || !strings.Contains(page.body, `enctype="multipart/form-data"`) ||
		!strings.Contains(page.body, `name="kind" value="periods"`) || !strings.Contains(page.body, `href="/admin/applications/uploads" aria-current="page"`) {
		t.Fatalf("uploads page: %d\n%.3000s", page.status, page.body)
	}

	// The periods: a queued import's page refreshes itself with a progress bar until the job runs.
	a := b.uploadApplications("periods", "periods.csv", readApplicationsTestdata(t, "periods.csv"))
	periods := uploadedID(t, a)
	resp, err := b.c.Get(e.srv.URL + a.location)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Refresh") != "2" || !strings.Contains(string(body), "<progress") || !strings.Contains(string(body), "排隊中") {
		t.Errorf("a queued import's page does not refresh itself with a progress bar (Refresh %q)", resp.Header.Get("Refresh"))
	}
	if n := countJobs(t, e, "applications_recompute"); n != 0 {
		t.Errorf("%d recomputations queued before any import ran", n)
	}
	runApplicationImport(t, e, periods)
	resp, _ = b.c.Get(e.srv.URL + a.location)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Refresh") != "" || !strings.Contains(string(body), "已完成") || !strings.Contains(string(body), "<dd>2 / 3</dd>") {
		t.Errorf("the finished periods import's page: Refresh %q\n%.3000s", resp.Header.Get("Refresh"), body)
	}
	if n := countJobs(t, e, "applications_recompute"); n != 1 {
		t.Errorf("%d recomputations queued after the periods, want 1", n)
	}

	// The calendar and the applications.
	runApplicationImport(t, e, uploadedID(t, b.uploadApplications("calendar", "calendar.csv", readApplicationsTestdata(t, "calendar.csv"))))
	good := readApplicationsTestdata(t, "applications.csv")
	apps := uploadedID(t, b.uploadApplications("applications", "applications.csv", good))
	runApplicationImport(t, e, apps)
	show := b.get("/admin/applications/uploads/" + strconv.FormatInt(apps, 10))
	if !strings.Contains(show.body, "已完成") || !strings.Contains(show.body, "<dd>15</dd>") || !strings.Contains(show.body, "申請案件") {
		t.Errorf("the applications import's page:\n%.3000s", show.body)
	}
	var records, chunks int
	e.db.QueryRow(ctx, `SELECT count(*) FROM application_records`).Scan(&records)
	e.db.QueryRow(ctx, `SELECT count(*) FROM application_upload_chunks`).Scan(&chunks)
	if records != 15 || chunks != 0 {
		t.Errorf("after the imports: %d applications stored, %d chunks left", records, chunks)
	}
	if n := countJobs(t, e, "applications_recompute"); n != 3 {
		t.Errorf("%d recomputations queued after three imports that changed something, want 3", n)
	}

	// The same file again changes nothing, and queues no recomputation.
	again := uploadedID(t, b.uploadApplications("applications", "applications-again.csv", good))
	runApplicationImport(t, e, again)
	if show := b.get("/admin/applications/uploads/" + strconv.FormatInt(again, 10)); !strings.Contains(show.body, "已完成") {
		t.Errorf("the second import: %.2000s", show.body)
	}
	if n := countJobs(t, e, "applications_recompute"); n != 3 {
		t.Errorf("%d recomputations queued after an import that changed nothing, want still 3", n)
	}

	// The queued recomputation fills the statistics.
	var created time.Time
	e.db.QueryRow(ctx, `SELECT max(created_at) FROM river_job WHERE kind = 'applications_recompute'`).Scan(&created)
	rw := &applications.RecomputeWorker{DB: e.db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := rw.Work(ctx, &river.Job[applications.RecomputeArgs]{JobRow: &rivertype.JobRow{CreatedAt: created}}); err != nil {
		t.Fatal(err)
	}
	var received int
	e.db.QueryRow(ctx, `SELECT sum(received) FROM application_stats WHERE agency_id = 0`).Scan(&received)
	if received != 15 {
		t.Errorf("the city received %d applications in the statistics, want 15", received)
	}

	// A file with bad rows: nothing stored, no recomputation, and the page says where and why.
	bad := []byte("機關代碼,機關名稱,案件編號,申請項目代碼,申請項目,申請方式,收件日期,結案日期,補正日數,展延,展延日數,處理結果\n" +
		"387000001A,臺中市政府民政局,Z-001,01,戶籍謄本,臨櫃,2024-04-01,2024-04-02,0,否,0,核准\n" +
		"999999999Z,不存在的機關,Z-002,01,戶籍謄本,臨櫃,2024-04-01,2024-04-02,0,否,0,核准\n" +
		"387000001A,臺中市政府民政局,Z-003,01,戶籍謄本,臨櫃,2024-04-31,2024-04-02,0,否,0,核准\n")
	rejected := uploadedID(t, b.uploadApplications("applications", "bad.csv", bad))
	runApplicationImport(t, e, rejected)
	show = b.get("/admin/applications/uploads/" + strconv.FormatInt(rejected, 10))
	show.unmarked().mustHave(t, "the rejected import's page", "未匯入（有問題）", "完全沒有匯入", "<th scope=\"row\">3</th><td>機關代碼</td>",
		"<th scope=\"row\">4</th><td>收件日期</td>")
	e.db.QueryRow(ctx, `SELECT count(*) FROM application_records`).Scan(&records)
	if records != 15 {
		t.Errorf("a rejected file was partly stored: %d applications", records)
	}
	if n := countJobs(t, e, "applications_recompute"); n != 3 {
		t.Errorf("a rejected file queued a recomputation: %d", n)
	}

	// A file that cannot be read at all: the page says why.
	unreadable := uploadedID(t, b.uploadApplications("periods", "notes.csv", []byte("hello,world\n1,2\n")))
	runApplicationImport(t, e, unreadable)
	show = b.get("/admin/applications/uploads/" + strconv.FormatInt(unreadable, 10))
	show.mustHave(t, "the unreadable file's page", "無法讀取", "標題列有不認得的欄位「hello」")

	// No kind, no file, too large, an unknown kind: a clear message, nothing stored or queued.
	if a := b.uploadApplications("", "x.csv", good); a.status != 400 || !strings.Contains(a.body, "請選擇檔案種類") {
		t.Errorf("no kind: %d", a.status)
	}
	if a := b.uploadApplications("applications", "", nil); a.status != 400 || !strings.Contains(a.body, "請選擇要上傳的 CSV 檔") {
		t.Errorf("no file: %d", a.status)
	}
	if a := b.uploadApplications("records", "x.csv", good); a.status != 400 || !strings.Contains(a.body, "請選擇檔案種類") {
		t.Errorf("unknown kind: %d", a.status)
	}
	if a := b.uploadApplications("applications", "big.csv", bytes.Repeat([]byte(" "), 3<<19)); a.status != 413 || !strings.Contains(a.body, "檔案太大") {
		t.Errorf("too large: %d", a.status)
	}
	var uploads int
	e.db.QueryRow(ctx, `SELECT count(*) FROM application_uploads`).Scan(&uploads)
	if uploads != 6 || countJobs(t, e, "applications_import") != 6 {
		t.Errorf("%d uploads stored, %d imports queued; want the 6 accepted ones", uploads, countJobs(t, e, "applications_import"))
	}
	list := b.get("/admin/applications/uploads")
	list.mustHave(t, "the uploads page", "periods.csv", "bad.csv", "<dd>處理期間</dd>", "<dd>辦公日曆</dd>", "<dd>申請案件</dd>")
	var audited int
	e.db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'applications.upload'`).Scan(&audited)
	if audited != 6 {
		t.Errorf("%d uploads audited, want 6", audited)
	}
}

// mustHave fails t for each of want that the answer's body lacks.
func (a answer) mustHave(t *testing.T, what string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(a.body, s) {
			t.Errorf("%s lacks %q:\n%.4000s", what, s, a.body)
		}
	}
}
