#!/bin/sh
# setup.sh installs LiteRT.js (npm @litertjs/core, pinned by package-lock.json)
# into tools/litert/node_modules, writes the int8-patched copy of its module
# (patch.mjs) and checks that it loads. It is idempotent: when the stamp in
# node_modules matches the lock file and the patch, it does nothing.
set -eu
cd "$(dirname "$0")"

die() {
	echo "tools/litert/setup.sh: $*" >&2
	exit 1
}

command -v node >/dev/null 2>&1 || die "node not found: install Node.js 20 or newer"
command -v npm >/dev/null 2>&1 || die "npm not found: install npm"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || die "Node.js $(node --version) is too old: need 20 or newer"

# Keep in sync with stampHash in internal/litert.
hash=$(node -e '
const c = require("crypto").createHash("sha256");
for (const f of ["package-lock.json", "patch.mjs"]) c.update(require("fs").readFileSync(f));
console.log(c.digest("hex"));')
stamp=node_modules/.octet-setup
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -f node_modules/@litertjs/core/dist/index.octet.js ]; then
	exit 0
fi

rm -f "$stamp"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || die "npm ci failed (is the npm registry reachable?)"
node patch.mjs || die "patching LiteRT.js failed"
node --experimental-wasm-relaxed-simd verify.mjs || die "LiteRT.js does not load or the int8 patch did not take"
echo "$hash" >"$stamp"
echo "tools/litert: LiteRT.js $(node -p 'require("./node_modules/@litertjs/core/package.json").version') installed"
