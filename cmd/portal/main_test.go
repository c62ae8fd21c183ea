package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/admin"
	"integrity-portal/crypto"
	"integrity-portal/internal/config"
	"integrity-portal/internal/officekeys"
	"integrity-portal/internal/testdb"
	"integrity-portal/internal/web"
)

// testEnv is an env on a fresh migrated database with a development configuration.
func testEnv(t *testing.T, pool *pgxpool.Pool, vars map[string]string) *env {
	t.Helper()
	if vars == nil {
		vars = map[string]string{}
	}
	if _, ok := vars["PORTAL_VAR_DIR"]; !ok {
		vars["PORTAL_VAR_DIR"] = t.TempDir()
	}
	cfg, err := config.Load(config.Source{Lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok }, ReadFile: os.ReadFile})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SessionSecret == "" {
		cfg.SessionSecret = strings.Repeat("s", 32)
	}
	if cfg.ReceiptPepper == "" {
		cfg.ReceiptPepper = strings.Repeat("p", 32)
	}
	// The receipt KDF at full cost is benchmarked, not paid in every test.
	cheap := crypto.ReceiptParams{Time: 1, MemoryKiB: 1024, Threads: 1}
	return &env{cfg: cfg, log: slog.New(slog.NewTextHandler(io.Discard, nil)), pool: pool, receiptParams: cheap}
}

func TestFirstStartMakesRecoveryKeyAndAdministratorOnce(t *testing.T) {
	ctx := context.Background()
	e := testEnv(t, testdb.New(t), nil)
	var out bytes.Buffer
	if err := e.firstStart(ctx, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.Contains(text, "DEVELOPMENT RECOVERY KEY") || !strings.Contains(text, "OFFLINE") {
		t.Errorf("no loud recovery key message:\n%s", text)
	}
	if !strings.Contains(text, "username: admin") || !strings.Contains(text, "password: ") {
		t.Errorf("bootstrap password not printed:\n%s", text)
	}

	keyFile := filepath.Join(e.cfg.VarDir, "recovery-key.txt")
	st, err := os.Stat(keyFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("recovery key file: %v, mode %v", err, st)
	}
	recipient, err := officekeys.RecoveryRecipient(ctx, e.pool)
	if err != nil {
		t.Fatal(err)
	}
	// The file holds the identity of the stored recipient: what is sealed to one opens with the other.
	sealed, _ := crypto.Seal([]byte("probe"), mustRecipient(t, recipient))
	id := mustIdentityFromFile(t, keyFile)
	if got, err := crypto.Open(sealed, id); err != nil || string(got) != "probe" {
		t.Errorf("recovery file does not open what is sealed to the stored recipient: %v", err)
	}

	// The printed password opens the administrator's key.
	password := strings.TrimSpace(strings.SplitN(strings.SplitN(text, "password: ", 2)[1], "\n", 2)[0])
	var k crypto.OfficerKey
	e.pool.QueryRow(ctx, "SELECT age_recipient, sealed_identity FROM officers WHERE username = 'admin' AND roles = '{sysadmin}'").Scan(&k.Recipient, &k.Sealed)
	if _, err := crypto.OpenOfficerKey(k, password); err != nil {
		t.Errorf("printed password does not open the administrator's key: %v", err)
	}

	out.Reset()
	if err := e.firstStart(ctx, &out); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("second start printed again:\n%s", out.String())
	}
	if n, _ := admin.CountOfficers(ctx, e.pool); n != 1 {
		t.Errorf("%d officers after two starts", n)
	}
}

func TestProductionFirstStartNeedsKeysInit(t *testing.T) {
	e := testEnv(t, testdb.New(t), nil)
	e.cfg.Mode = config.Production
	err := e.firstStart(context.Background(), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "portal keys init") {
		t.Errorf("production start without a recovery key: %v", err)
	}
}

func TestServeRefusesASchemaThatIsBehind(t *testing.T) {
	pool, _ := testdb.Empty(t)
	e := testEnv(t, pool, nil)
	err := e.prepareSchema(context.Background(), false)
	if err == nil || !strings.Contains(err.Error(), "portal migrate") {
		t.Fatalf("serve on an old schema: %v", err)
	}
	if err := e.prepareSchema(context.Background(), true); err != nil {
		t.Fatalf("told to migrate: %v", err)
	}
	if err := e.prepareSchema(context.Background(), false); err != nil {
		t.Fatalf("current schema refused: %v", err)
	}
}

func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	e := testEnv(t, nil, nil)
	e.cfg.Listen = freeAddr(t)
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(700 * time.Millisecond)
		io.WriteString(w, "finished")
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.listenAndServe(ctx, slow, time.Now()) }()

	var body string
	var reqErr error
	got := make(chan struct{})
	go func() {
		defer close(got)
		for i := 0; i < 50; i++ { // wait for the listener
			resp, err := http.Get("http://" + e.cfg.Listen + "/")
			if err != nil {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			body, reqErr = string(b), err
			return
		}
		reqErr = io.ErrUnexpectedEOF
	}()
	<-started
	cancel() // as SIGTERM does
	<-got
	if reqErr != nil || body != "finished" {
		t.Errorf("in-flight request: %q, %v", body, reqErr)
	}
	if err := <-done; err != nil {
		t.Errorf("listenAndServe: %v", err)
	}
	if _, err := http.Get("http://" + e.cfg.Listen + "/"); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands() {
		var out bytes.Buffer
		if err := dispatch(context.Background(), []string{c.name, "-h"}, &out); err != nil && err.Error() != "flag: help requested" {
			t.Errorf("%s -h: %v", c.name, err)
		}
		if !strings.Contains(out.String(), "Usage: portal") {
			t.Errorf("%s -h printed no usage:\n%s", c.name, out.String())
		}
	}
	var out bytes.Buffer
	if err := dispatch(context.Background(), []string{"-h"}, &out); err != nil || !strings.Contains(out.String(), "serve") {
		t.Errorf("portal -h: %v\n%s", err, out.String())
	}
	if err := dispatch(context.Background(), []string{"frobnicate"}, io.Discard); err == nil {
		t.Error("unknown command accepted")
	}
}

func TestCommandsAgainstDatabase(t *testing.T) {
	_, url := testdb.NewWithURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PORTAL_VAR_DIR", t.TempDir())
	ctx := context.Background()
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := dispatch(ctx, args, &out)
		return out.String(), err
	}
	keyFile := filepath.Join(t.TempDir(), "recovery.txt")
	if out, err := run("keys", "init", "-out", keyFile); err != nil || !strings.Contains(out, "offline") {
		t.Fatalf("keys init: %v\n%s", err, out)
	}
	if _, err := run("keys", "init", "-out", keyFile+".2"); err == nil {
		t.Error("a second keys init replaced the recovery key")
	}
	if out, err := run("user", "add", "-username", "wang", "-name", "王小明", "-roles", "intake,supervisor"); err != nil || !strings.Contains(out, "password (shown once): ") {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	if _, err := run("user", "add", "-username", "xy", "-name", "X", "-roles", "emperor"); err == nil || !strings.Contains(err.Error(), "roles must be") {
		t.Errorf("bad role: %v", err)
	}
	if out, err := run("user", "reset", "wang"); err != nil || !strings.Contains(out, "one-time password") {
		t.Errorf("user reset: %v\n%s", err, out)
	}
	// Made and reset on the command line: the case roles await approval, here with the recovery key.
	if _, err := run("keys", "regrant", "-identity", keyFile, "-user", "wang"); err == nil || !strings.Contains(err.Error(), "approval") {
		t.Errorf("keys regrant before the approval: %v", err)
	}
	wrongFile := filepath.Join(t.TempDir(), "wrong.txt")
	wrong, _ := crypto.NewRecoveryKey()
	if err := crypto.WriteIdentityFile(wrongFile, wrong, "not the office's"); err != nil {
		t.Fatal(err)
	}
	if _, err := run("user", "approve", "-identity", wrongFile, "wang"); err == nil || !strings.Contains(err.Error(), "recovery identity") {
		t.Errorf("user approve with another identity: %v", err)
	}
	if out, err := run("user", "approve", "-identity", keyFile, "wang"); err != nil || !strings.Contains(out, "approved") {
		t.Errorf("user approve: %v\n%s", err, out)
	}
	if out, err := run("keys", "regrant", "-identity", keyFile, "-user", "wang"); err != nil || !strings.Contains(out, "granted 0 case key(s) to wang") {
		t.Errorf("keys regrant: %v\n%s", err, out)
	}
	if _, err := run("user", "disable", "wang"); err != nil {
		t.Fatal(err)
	}
	if out, _ := run("demo", "-procurement", "20"); !strings.Contains(out, "demo-supervisor") {
		t.Errorf("demo printed:\n%s", out)
	}
	if out, _ := run("demo", "-procurement", "20"); !strings.Contains(out, "0 officer account(s) added") {
		t.Errorf("second demo added again:\n%s", out)
	}
	out, err := run("user", "list")
	if err != nil || !strings.Contains(out, "wang") || !strings.Contains(out, "disabled") || !strings.Contains(out, "[DEMO]") {
		t.Errorf("user list: %v\n%s", err, out)
	}
	if strings.Contains(out, "await") {
		t.Errorf("the demo accounts' case roles were not approved:\n%s", out)
	}
	if out, err := run("migrate", "-status"); err != nil || !strings.Contains(out, "0 pending") {
		t.Errorf("migrate -status: %v\n%s", err, out)
	}
	if out, err := run("audit", "verify"); err != nil || !strings.Contains(out, "audit log intact") {
		t.Errorf("audit verify: %v\n%s", err, out)
	}
	if out, _ := run("version"); !strings.HasPrefix(out, "portal ") {
		t.Errorf("version: %q", out)
	}

	t.Setenv("PORTAL_DEV_DEMO", "false")
	if _, err := run("demo"); err == nil {
		t.Error("demo loaded with PORTAL_DEV_DEMO=false")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.Listener.Addr().String()
	srv.Close()
	return addr
}

func TestMetricsListenerIsSeparateAndOffByDefault(t *testing.T) {
	e := testEnv(t, nil, nil)
	if e.metricsServer() != nil {
		t.Fatal("metrics served without PORTAL_METRICS_LISTEN")
	}
	e.cfg.Listen, e.cfg.MetricsListen = freeAddr(t), freeAddr(t)
	e.metrics = web.NewMetrics()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.listenAndServe(ctx, http.NotFoundHandler(), time.Now()) }()
	defer func() { cancel(); <-done }()

	var resp *http.Response
	var err error
	for i := 0; i < 50; i++ {
		if resp, err = http.Get("http://" + e.cfg.MetricsListen + "/metrics"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "go_goroutines") {
		t.Errorf("metrics listener: %d\n%.300s", resp.StatusCode, b)
	}
}
