package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/admin"
	"integrity-portal/crypto"
	"integrity-portal/intake"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/database"
	"integrity-portal/internal/web"
	"integrity-portal/portal"
	"integrity-portal/portal/procurement/store"
)

func runServe(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("serve", "serve [-migrate]", "Serve the portal. With no DATABASE_URL it starts a private PostgreSQL under\nPORTAL_VAR_DIR. On first start it creates the schema, the recovery key (development)\nand a bootstrap administrator.", out)
	migrate := fs.Bool("migrate", false, "apply pending migrations before serving (as PORTAL_AUTO_MIGRATE=true)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	start := time.Now()
	e, err := loadEnv(os.Stderr)
	if err != nil {
		return err
	}
	if err := e.openDatabase(ctx); err != nil {
		return err
	}
	defer e.close()

	if err := e.prepareSchema(ctx, *migrate || e.cfg.AutoMigrate); err != nil {
		return err
	}
	if err := e.checkLeastPrivilege(ctx); err != nil {
		return err
	}
	if err := e.firstStart(ctx, os.Stderr); err != nil {
		return err
	}
	if e.cfg.MetricsListen != "" {
		e.metrics = web.NewMetrics()
	}
	if e.intakePool, err = database.OpenSized(ctx, e.dbURL, e.cfg.DBIntakeConns, "intake"); err != nil {
		return err
	}
	handler, err := e.buildHandler()
	if err != nil {
		return err
	}
	go e.intake.Housekeep(ctx, 5*time.Minute)
	jobs, err := e.startJobs(ctx)
	if err != nil {
		return fmt.Errorf("background jobs: %w", err)
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), e.cfg.ShutdownTimeout)
		defer cancel()
		jobs.Stop(sctx)
	}()
	return e.listenAndServe(ctx, handler, start)
}

// prepareSchema migrates when allowed, as the owner, and otherwise refuses a schema that is behind.
func (e *env) prepareSchema(ctx context.Context, migrate bool) error {
	return e.withOwner(ctx, func(owner *pgxpool.Pool) error {
		st, err := database.SchemaStatus(ctx, owner)
		if err != nil {
			return err
		}
		if !st.Behind() {
			return nil
		}
		if !migrate {
			return fmt.Errorf("the database schema is behind (%d migration(s) pending): run `portal migrate`, or serve with -migrate", len(st.Pending))
		}
		n, err := database.Migrate(ctx, owner)
		if err != nil {
			return err
		}
		e.log.Info("applied migrations", "count", n)
		return nil
	})
}

// checkLeastPrivilege refuses, in production, a serving connection that could change the audit log's
// history; in development it warns.
func (e *env) checkLeastPrivilege(ctx context.Context) error {
	problems, err := database.ServingProblems(ctx, e.pool)
	if err != nil || len(problems) == 0 {
		return err
	}
	if e.cfg.Production() {
		return fmt.Errorf("refusing to serve: %s; DATABASE_URL must connect as a serving role and MIGRATION_DATABASE_URL as the owner (docs/operations.md, \"Database roles\")",
			strings.Join(problems, "; "))
	}
	for _, p := range problems {
		e.log.Warn("the serving database connection has more rights than it needs (production refuses this; docs/operations.md)", "problem", p)
	}
	return nil
}

// buildHandler assembles the web site with every actor's routes.
func (e *env) buildHandler() (http.Handler, error) {
	site, err := web.NewSite(web.Options{
		Config:  e.cfg,
		Logger:  e.log,
		Pages:   map[string]fs.FS{"portal": portal.Templates(), "intake": intake.Templates(), "admin": admin.Templates()},
		CSRFKey: []byte(e.cfg.SessionSecret),
		Ready:   func(ctx context.Context) error { return database.Ready(ctx, e.pool) },
		Demo:    func(ctx context.Context) bool { return admin.DemoLoaded(ctx, e.pool) },
		Metrics: e.metrics,
	})
	if err != nil {
		return nil, err
	}
	r := site.Engine()
	e.search = store.NewSearcher(e.pool, e.log)
	e.search.Start()
	portal.Routes(r, site, e.pool, e.search)
	// One budget for every memory-hard run in the process: sign-ins and receipts share the memory.
	memory := crypto.NewMemoryBudget(e.cfg.MemoryBudget, e.cfg.MemoryWait)
	// One set of deadlines for the officers' queues and the reporter's mailbox.
	deadlines := cases.Deadlines{
		Acknowledge: e.cfg.DeadlineAcknowledge, Feedback: e.cfg.DeadlineFeedback,
		ActAccept: e.cfg.DeadlineActAccept, ActResult: e.cfg.DeadlineActResult,
	}
	e.intake = intake.New(intake.Options{
		Site: site, DB: e.pool, WriteDB: e.intakePool, Logger: e.log, Pepper: []byte(e.cfg.ReceiptPepper), ReceiptParams: e.receiptParams,
		FileMax: e.cfg.UploadFileMax, TotalMax: e.cfg.UploadTotalMax, UploadTimeout: e.cfg.UploadTimeout, Memory: memory, Deadlines: deadlines,
	})
	e.intake.Routes(r)
	jobs, err := e.jobClient()
	if err != nil {
		return nil, err
	}
	admin.New(admin.Options{Site: site, DB: e.pool, Logger: e.log, Pepper: []byte(e.cfg.ReceiptPepper), ReceiptParams: e.receiptParams,
		Jobs: jobs, UploadMax: e.cfg.ProcurementUploadMax, UploadTimeout: e.cfg.UploadTimeout, Memory: memory, Deadlines: deadlines}).Routes(r)
	if err := site.Check(); err != nil {
		return nil, err
	}
	return r, nil
}

// listenAndServe serves until ctx ends (SIGINT/SIGTERM), then lets in-flight requests finish.
func (e *env) listenAndServe(ctx context.Context, handler http.Handler, start time.Time) error {
	srv := &http.Server{
		Addr:              e.cfg.Listen,
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		// No server-wide read or write timeout: each route's deadline is set per request
		// (web.Limits), since an upload over Tor needs far longer than a page.
		IdleTimeout: 2 * time.Minute,
	}
	ln, err := net.Listen("tcp", e.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", e.cfg.Listen, err)
	}
	servers := []*http.Server{srv}
	errs := make(chan error, 2)
	go func() { errs <- srv.Serve(ln) }()
	if m := e.metricsServer(); m != nil {
		servers = append(servers, m)
		go func() { errs <- m.ListenAndServe() }()
	}
	e.log.Info("portal serving", "url", e.cfg.BaseURL, "listen", ln.Addr().String(), "mode", e.cfg.Mode,
		"startup", time.Since(start).Round(time.Millisecond))

	select {
	case err := <-errs:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
	}
	e.log.Info("shutting down: letting in-flight requests finish", "timeout", e.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), e.cfg.ShutdownTimeout)
	defer cancel()
	for _, s := range servers {
		if err := s.Shutdown(sctx); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
	}
	return nil
}
