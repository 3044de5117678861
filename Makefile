# sqlmongo: see README.md.
GO ?= go

.PHONY: test demo bench vet fmt

test: vet
	$(GO) test -race -count=1 -timeout 20m ./...

vet:
	$(GO) vet ./...

demo:
	$(GO) run ./examples/demo

bench:
	$(GO) test -run '^$$' -bench . -benchtime 20x -count 1 ./bench/

fmt:
	gofmt -w .
