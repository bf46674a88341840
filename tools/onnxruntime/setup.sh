#!/bin/sh
# setup.sh installs ONNX Runtime for Node (npm onnxruntime-node, pinned by
# package-lock.json, with its native CPU library) into
# tools/onnxruntime/node_modules and checks that the native binding for this
# platform loads. It is idempotent: when the stamp in node_modules matches
# the lock file, it does nothing.
set -eu
cd "$(dirname "$0")"

die() {
	echo "tools/onnxruntime/setup.sh: $*" >&2
	exit 1
}

command -v node >/dev/null 2>&1 || die "node not found: install Node.js 20 or newer"
command -v npm >/dev/null 2>&1 || die "npm not found: install npm"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || die "Node.js $(node --version) is too old: need 20 or newer"

# Keep in sync with stampHash in internal/ort.
hash=$(node -e '
const c = require("crypto").createHash("sha256");
c.update(require("fs").readFileSync("package-lock.json"));
console.log(c.digest("hex"));')
stamp=node_modules/.octet-setup
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
	exit 0
fi

rm -f "$stamp"
# --ignore-scripts: onnxruntime-node's postinstall only fetches optional
# GPU (CUDA) libraries from outside npm; the CPU library ships in the
# package itself, under bin/napi-v6/<platform>/<arch>/.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || die "npm ci failed (is the npm registry reachable?)"
binding=node_modules/onnxruntime-node/bin/napi-v6/$(node -p 'process.platform + "/" + process.arch')/onnxruntime_binding.node
[ -f "$binding" ] || die "onnxruntime-node has no native binding for this platform ($binding)"
node --input-type=module -e '
import { ort, version } from "./ort.mjs";
if (typeof ort.InferenceSession?.create !== "function") throw new Error("no InferenceSession");
// A session on bytes that are no model must fail inside the native library.
let msg = "";
try { await ort.InferenceSession.create(new Uint8Array([1, 2, 3])); } catch (e) { msg = String(e?.message ?? e); }
if (!msg) throw new Error("the native library accepted garbage as a model");
console.log(version);
' >/dev/null || die "onnxruntime-node does not load"
echo "$hash" >"$stamp"
echo "tools/onnxruntime: onnxruntime-node $(node -p 'require("./node_modules/onnxruntime-node/package.json").version') installed"
