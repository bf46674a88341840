// verify.mjs checks that the patched LiteRT.js loads under Node and that the
// int8 patch took: an int8 tensor must round-trip through a LiteRT buffer.
// setup.sh runs it; it prints nothing on success.
import { loadRuntime } from './runtime.mjs';

const core = await loadRuntime();
const want = [-128, -1, 0, 1, 127];
const t = new core.Tensor(new Int8Array(want), [5]);
const got = t.toTypedArray();
t.delete();
if (t.type.dtype !== 'int8' || !(got instanceof Int8Array) || want.some((v, i) => got[i] !== v)) {
  console.error(`verify.mjs: int8 tensor came back as ${t.type.dtype} ${got}`);
  process.exit(1);
}
if (!(await core.supportsFeature('relaxedSimd'))) {
  console.error('verify.mjs: no WASM relaxed SIMD; run node with --experimental-wasm-relaxed-simd');
  process.exit(1);
}
