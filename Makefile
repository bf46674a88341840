# octet: `make test` installs what the tests need (once) and runs every test.

GO ?= go

.PHONY: all deps test vet cross fuzz segment

all: test

# Test dependencies: LiteRT.js (the real TFLite runtime, under Node) for the
# conformance tests. Idempotent and quick when already installed.
deps:
	./tools/litert/setup.sh

vet:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet ./...

# The library must build with no cgo for phones.
cross:
	GOOS=android GOARCH=arm64 CGO_ENABLED=0 $(GO) build ./...
	GOOS=ios GOARCH=arm64 CGO_ENABLED=0 $(GO) vet ./tensor/... ./ops/... ./tflite/... ./models/...
	GOARCH=arm64 $(GO) vet ./...

test: deps vet cross
	$(GO) test -count=1 ./...

# Longer fuzzing of the parsers (the seed corpora also run in `make test`).
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=10m ./tflite/
	$(GO) test -run='^$$' -fuzz=FuzzRead -fuzztime=3m ./tensor/npy/

segment:
	$(GO) run ./cmd/octet segment testdata/astronaut.png -o mask.png
