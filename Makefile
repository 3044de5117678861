# sqlmongo: see README.md.
GO ?= go

.PHONY: test demo bench vet fmt

test: vet
	$(GO) test -race -count=1 -timeout 20m ./...

vet:
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
