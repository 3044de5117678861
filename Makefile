# sqlmongo: see README.md.
GO ?= go

.PHONY: test test-docdb demo shell bench vet fmt fuzz

# conformance LOG CMD...: runs CMD (a go test -v of ./conformance) into LOG;
# prints the log's tail only when it failed (without the per-file subtest
# lines), then the summary lines.
CONFORMANCE = conformance() { \
	  log=$$1; shift; tmp=$$(mktemp); "$$@" > $$tmp 2>&1; s=$$?; mv -f $$tmp $$log; \
	  if [ $$s -ne 0 ]; then \
	    grep -vE '^(=== |\s*--- PASS|\s+--- FAIL: \S+\.test |conformance(\[[^]]*\])?: |ok\s|FAIL(\s|$$))' $$log | tail -150; fi; \
	  grep -E '^(conformance|ok\s|FAIL\s)' $$log; return $$s; \
	}

# Every package but the conformance suite under the race detector (the
# driver tests run the concurrent paths: parallel connectors, a prepared
# statement from many goroutines); the suite without it, on the embedded
# FerretDB, since under -race it takes minutes to find nothing more.
test: vet
	$(GO) test -race -count=1 -timeout 20m $$($(GO) list ./... | grep -v /conformance$$)
	@$(CONFORMANCE); conformance .conformance.log $(GO) test -count=1 -timeout 20m -v ./conformance
	cd examples/ormtest && $(GO) test -count=1 -timeout 10m ./...

# On a server with the whole aggregation language (the docdb kit, see
# .ci/run): the conformance suite in modes auto and full, the twin tests,
# and the driver tests in auto, none and full.
DOCDB_URI ?= mongodb://127.0.0.1:27018/
test-docdb:
	@$(CONFORMANCE); s=0; \
	  echo "test-docdb: conformance on $(DOCDB_URI)"; \
	  conformance .conformance-docdb.log env MONGODB_URI='$(DOCDB_URI)' SQLMONGO_MODES=auto,full \
	    $(GO) test -count=1 -timeout 20m -v ./conformance || s=1; \
	  echo "test-docdb: twin tests on $(DOCDB_URI)"; \
	  DOCDB_URI='$(DOCDB_URI)' $(GO) test -count=1 -timeout 20m -v ./twins > .twins.log 2>&1 || { s=1; grep -vE '^(=== |\s+twins_test.go:[0-9]+: in-process: )' .twins.log | tail -100; }; \
	  grep -E '^(twins:|ok\s|FAIL\s|--- SKIP)' .twins.log; \
	  echo "test-docdb: driver tests on $(DOCDB_URI)"; \
	  MONGODB_URI='$(DOCDB_URI)' SQLMONGO_MODES=auto,none,full $(GO) test -race -count=1 -timeout 20m ./driver || s=1; \
	  echo "test-docdb: ORM and migration tools on $(DOCDB_URI)"; \
	  (cd examples/ormtest && MONGODB_URI='$(DOCDB_URI)' $(GO) test -count=1 -timeout 10m ./...) || s=1; \
	  exit $$s

vet:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

demo:
	$(GO) run ./examples/demo

# The interactive shell (cmd/sqlmongo) on a fresh embedded server with the
# sample tables; SQLMONGO_ARGS="mongodb://host/db" for your own server.
# go build -v names each package as it compiles it: the first build
# compiles the embedded FerretDB server, minutes on a cold cache.
SQLMONGO_ARGS ?= --embedded --sample
shell:
	@echo "make shell: building bin/sqlmongo; the first build compiles the embedded FerretDB server (minutes on a cold cache), package names scroll meanwhile"
	@$(GO) build -v -o bin/sqlmongo ./cmd/sqlmongo
	@./bin/sqlmongo $(SQLMONGO_ARGS)

# Driver vs hand-written mongo-driver code on the same server and data, and
# the in-process hash join (no server): a ratio table, then the rows per
# second of the joins. BENCHTIME=5x (or 10s) to change the run length.
BENCHTIME ?= 2s
bench:
	{ $(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) -count 1 -timeout 30m -v ./bench/ 2>&1; \
	  $(GO) test -run '^$$' -bench '^BenchmarkHashJoin$$' -benchtime $(BENCHTIME) -count 1 ./exec/ 2>&1; } | $(GO) run ./bench/cmd/benchreport

fmt:
	gofmt -w .

# The fuzz targets one after another, FUZZTIME each (not part of make
# test): the SQL parser, the planner under every profile, the DSN parser.
# A crasher is written to the package's testdata/fuzz/<target>/ and then
# runs as a seed in every go test.
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./sqlparse
	$(GO) test -run '^$$' -fuzz '^FuzzPlan$$' -fuzztime $(FUZZTIME) ./planner
	$(GO) test -run '^$$' -fuzz '^FuzzParseDSN$$' -fuzztime $(FUZZTIME) ./driver
