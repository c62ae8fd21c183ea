# The two commands of the README: `make run` serves the portal, `make test` runs every test.
GO ?= go
TEST_PG := var/test-pg

.PHONY: run build deps test test-deps vet fuzz bench clean

run: deps build
	./bin/portal serve

build:
	$(GO) build -trimpath -ldflags "-s -w" -o bin/portal ./cmd/portal

deps:
	./scripts/deps.sh run

test-deps:
	./scripts/deps.sh test

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...

# Tests share one private PostgreSQL under var/test-pg (or TEST_DATABASE_URL when set); it is
# stopped at the end whether the tests pass or not. testreport prints each package's result and the
# output of failed tests, and fails the run on any skipped test: make test never skips.
test: test-deps build vet
	mkdir -p var; $(GO) build -o var/testreport ./scripts/testreport
	status=0; { $(GO) test -count=1 -timeout 30m -json ./... 2>&1; echo $$? > var/test-status; } | ./var/testreport || status=1; \
	[ "$$(cat var/test-status)" = 0 ] || status=1; \
	./bin/portal db stop -dir $(TEST_PG) || true; \
	exit $$status

# Benchmarks at the real receipt KDF cost, several runs each: report medians, and ratios against
# BenchmarkReceiptKDF from the same run, and of BenchmarkImport against BenchmarkCopyBaseline.
# Needs PostgreSQL like the tests. BENCH_RELEASES=1000000 imports a million releases (default
# 100,000; a million takes about 10 GB of temporary files and half an hour on two cores).
# BenchmarkPagesWhileUploadsStall reports the p50/p95 ms of the report form and /readyz while 12
# uploads stall; BenchmarkTextFieldsMemory the growth of resident memory under 4 concurrent bodies of
# 2,000 text fields of 96 KB with a wrong captcha.
# BenchmarkRecompute generates its processes once and times three recomputations
# (BENCH_PROCESSES, default 100,000).
# BenchmarkSignInMemory sends 16 sign-ins with unknown usernames at once and reports the resident
# memory before, at the peak and a minute later; each of its three runs is a fresh process.
# BenchmarkApplications runs its three repetitions itself and reports their medians
# (BENCH_APPLICATIONS=10000000 for the full size).
# BenchmarkProcurementPages serves the search, buyer, supplier and tender pages over loopback HTTP to
# 32 clients at once, over BENCH_PROCESSES generated processes stored as an import stores them
# (default 100,000), and reports p50/p95/p99 ms and requests/s per kind of page, and the peak memory
# of the test process (server and clients) and of the server's PostgreSQL backends. The size of
# issue #5, a million, takes 5 to 15 minutes to generate: run that one alone, with -count 1 (the
# command is in docs/procurement.md). With BENCH_KEEP=1 the procurement benchmarks keep their database
# of BENCH_PROCESSES processes on the test server and reuse it on the next run.
bench: test-deps
	status=0; \
	$(GO) test -run '^$$' -bench 'ReceiptKDF|SubmitReport|RejectedCaptcha' -count 5 ./intake/ || status=$$?; \
	$(GO) test -run '^$$' -bench 'ConcurrentSubmissions' -benchtime 60s -count 1 ./intake/ || status=$$?; \
	$(GO) test -run '^$$' -bench 'BigUpload' -benchtime 1x -count 3 -timeout 30m ./intake/ || status=$$?; \
	$(GO) test -run '^$$' -bench 'PagesWhileUploadsStall' -benchtime 200x -count 3 -timeout 30m ./intake/ || status=$$?; \
	$(GO) test -run '^$$' -bench 'TextFieldsMemory' -benchtime 1x -count 3 -timeout 30m ./intake/ || status=$$?; \
	$(GO) test -run '^$$' -bench . -count 3 ./crypto/ ./intake/metastrip/ || status=$$?; \
	$(GO) test -run '^$$' -bench 'CaseList|OpenCase|Stats|DashboardWithApprovals' -benchtime 30x -count 3 -timeout 30m ./admin/ || status=$$?; \
	for i in 1 2 3; do $(GO) test -run '^$$' -bench SignInMemory -benchtime 1x -count 1 -timeout 10m ./admin/ || status=$$?; done; \
	$(GO) test -run '^$$' -bench 'LoginRefusal' -benchtime 5x -count 3 -timeout 30m ./admin/ || status=$$?; \
	$(GO) test -run '^$$' -bench Search -count 3 -timeout 30m ./portal/procurement/store/ || status=$$?; \
	$(GO) test -run '^$$' -bench ProcurementPages -benchtime 2000x -count 3 -timeout 2h ./portal/ || status=$$?; \
	$(GO) test -run '^$$' -bench OpenData -benchtime 20x -count 3 -timeout 30m ./portal/ || status=$$?; \
	$(GO) test -run '^$$' -bench ApplicationPages -benchtime 2000x -count 3 -timeout 30m ./portal/ || status=$$?; \
	$(GO) test -run '^$$' -bench ApplicationData -benchtime 20x -count 3 -timeout 30m ./portal/ || status=$$?; \
	$(GO) test -run '^$$' -bench DecodeValue -count 5 ./portal/procurement/ocds/ || status=$$?; \
	$(GO) test -run '^$$' -bench Recompute -benchtime 3x -count 1 -timeout 30m ./portal/procurement/flags/ || status=$$?; \
	$(GO) test -run '^$$' -bench 'Import|CopyBaseline' -benchtime 1x -count 3 -timeout 3h ./portal/procurement/store/ || status=$$?; \
	$(GO) test -run '^$$' -bench Applications -benchtime 1x -timeout 3h ./portal/applications/ || status=$$?; \
	$(GO) run ./cmd/portal db stop -dir $(TEST_PG) || true; \
	exit $$status

# A short run of every fuzz target (go test runs their seed corpora in `make test` already).
fuzz:
	$(GO) test ./internal/config -run '^$$' -fuzz FuzzLoad -fuzztime 20s
	$(GO) test ./internal/i18n -run '^$$' -fuzz FuzzNegotiate -fuzztime 20s
	$(GO) test ./crypto -run '^$$' -fuzz FuzzParseReceipt -fuzztime 20s
	$(GO) test ./portal/procurement/indicators -run '^$$' -fuzz FuzzParseSettings -fuzztime 20s
	$(GO) test ./intake -run '^$$' -fuzz FuzzFormReader -fuzztime 20s
	$(GO) test ./portal/procurement/csvimport -run '^$$' -fuzz FuzzRead -fuzztime 20s
	$(GO) test ./portal/procurement/importer -run '^$$' -fuzz FuzzReadJSON -fuzztime 20s
	$(GO) test ./portal/procurement/ocds -run '^$$' -fuzz FuzzReadPackage -fuzztime 20s
	$(GO) test ./portal/procurement/store -run '^$$' -fuzz FuzzBigrams -fuzztime 20s
	for f in FuzzParseMoney FuzzParseROCDate FuzzReadNotices; do \
		$(GO) test ./portal/procurement/pcc -run '^$$' -fuzz $$f -fuzztime 20s || exit 1; done
	$(GO) test ./portal/procurement/ocds -run '^$$' -fuzz FuzzDecodeValue -fuzztime 20s
	for f in FuzzReadApplications FuzzReadPeriods FuzzReadCalendar; do \
		$(GO) test ./portal/applications -run '^$$' -fuzz "^$$f$$" -fuzztime 20s || exit 1; done
	for f in FuzzStripJPEG FuzzStripPNG FuzzStripPDF FuzzStripOOXML; do \
		$(GO) test ./intake/metastrip -run '^$$' -fuzz $$f -fuzztime 20s || exit 1; done

clean:
	-./bin/portal db stop -dir $(TEST_PG)
	rm -rf bin
