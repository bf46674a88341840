# octet: `make test` installs what the tests need (once) and runs every test.

GO ?= go
QEMU ?= qemu-aarch64

.PHONY: all deps test vet cross test-amd64 test-arm64 fuzz segment

all: test

# Test dependencies, each idempotent and quick once installed:
# LiteRT.js (the real TFLite runtime in WASM, under Node) for conformance
# tests, TFLite's classic interpreter in WASM for the stateful LSTM ops,
# qemu-user to run arm64 test binaries, and Fashion-MNIST (Debian)
# for the BLSTM training and model checks.
deps:
	./tools/litert/setup.sh
	./tools/onnxruntime/setup.sh
	./tools/tflite-classic/setup.sh
	./scripts/install-qemu.sh
	./scripts/install-fashion-mnist.sh

vet:
	@test -z "$$(gofmt -l .)" || { echo "gofmt would change:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	GOARCH=arm64 $(GO) vet ./...

# The library builds with no cgo for phones. (ios/arm64 always links
# externally, so vet, which sets up test links, runs with cgo enabled; no
# package of the library has C code, so nothing is compiled with it.)
LIB = ./tensor/... ./ops/... ./quant/... ./asm/... ./tflite/... ./models/... ./mobile/ .
cross:
	GOOS=android GOARCH=arm64 CGO_ENABLED=0 $(GO) build ./...
	GOOS=ios GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LIB)
	GOOS=ios GOARCH=arm64 CGO_ENABLED=1 $(GO) vet $(LIB)

test-amd64:
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -tags purego ./asm/... ./ops/... ./quant/...

# arm64 under emulation: the default CPU (with dotprod), then a Cortex-A53
# (no dotprod) so that fallbacks run too.
test-arm64:
	GOARCH=arm64 $(GO) test -count=1 -exec $(QEMU) ./...
	QEMU_CPU=cortex-a53 GOARCH=arm64 $(GO) test -count=1 -exec $(QEMU) ./asm/... ./ops/... ./quant/...

test: deps vet cross test-amd64 test-arm64

# Longer fuzzing of the parsers (their seed corpora run in every `make test`).
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=10m -fuzzminimizetime=5s ./tflite/
	$(GO) test -run='^$$' -fuzz=FuzzLoadAndRun -fuzztime=10m -fuzzminimizetime=5s .
	$(GO) test -run='^$$' -fuzz=FuzzRead -fuzztime=3m ./tensor/npy/
	$(GO) test -run='^$$' -fuzz=FuzzDecode -fuzztime=3m ./internal/imgio/

segment:
	$(GO) run ./cmd/octet segment testdata/astronaut.png -o mask.png
