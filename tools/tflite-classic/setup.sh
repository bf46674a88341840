#!/bin/sh
# setup.sh installs TFLite's classic interpreter compiled to WASM (npm
# @tensorflow/tfjs-tflite, pinned by package-lock.json) into
# tools/tflite-classic/node_modules and checks that it loads. It is
# idempotent: when the stamp in node_modules matches the lock file, it does
# nothing. Only the package's WASM interpreter is used (not its tfjs-core
# peer), so peers are not installed.
set -eu
cd "$(dirname "$0")"

die() {
	echo "tools/tflite-classic/setup.sh: $*" >&2
	exit 1
}

command -v node >/dev/null 2>&1 || die "node not found: install Node.js 20 or newer"
command -v npm >/dev/null 2>&1 || die "npm not found: install npm"

# Keep in sync with classicStamp in internal/litert.
hash=$(node -e 'console.log(require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex"))')
stamp=node_modules/.octet-setup
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
	exit 0
fi
rm -f "$stamp"
npm ci --ignore-scripts --legacy-peer-deps --no-audit --no-fund --loglevel=error || die "npm ci failed (is the npm registry reachable?)"
[ -f node_modules/@tensorflow/tfjs-tflite/wasm/tflite_web_api_cc_simd.wasm ] || die "the package has no WASM interpreter"
echo "$hash" >"$stamp"
echo "tools/tflite-classic: @tensorflow/tfjs-tflite $(node -p 'require("./node_modules/@tensorflow/tfjs-tflite/package.json").version') installed"
