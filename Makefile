# sqlmongo: see README.md.
GO ?= go

.PHONY: test demo bench vet fmt

# Every package under the race detector; the conformance suite runs with -v
# so its summary line ("conformance: N passed, N failed") is printed.
test: vet
	$(GO) test -race -count=1 -timeout 20m $$($(GO) list ./... | grep -v /conformance)
	@$(GO) test -race -count=1 -timeout 20m -v ./conformance > .conformance.log 2>&1; s=$$?; \
	  if [ $$s -ne 0 ]; then grep -vE '^(=== |    --- PASS|--- PASS)' .conformance.log | tail -150; fi; \
	  grep -E '^(conformance|ok|FAIL)' .conformance.log; exit $$s

vet:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

demo:
	$(GO) run ./examples/demo

# Driver vs hand-written mongo-driver code on the same server and data, then
# a ratio table. BENCHTIME=5x (or 10s) to change the run length.
BENCHTIME ?= 2s
bench:
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) -count 1 -timeout 30m -v ./bench/ 2>&1 | $(GO) run ./bench/cmd/benchreport

fmt:
	gofmt -w .
