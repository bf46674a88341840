// bench.mjs times LiteRT.js (TFLite in WASM, XNNPACK CPU path, one thread)
// running a .tflite model, for comparison with `octet bench`.
//
//   node --experimental-wasm-relaxed-simd --no-liftoff tools/litert/bench.mjs MODEL.tflite [IN0.npy ...]
//        [--runs N] [--warmup N] [--warmup-ms MS]
//
// Without .npy inputs every input is filled with deterministic
// pseudo-random values (floats uniform in [0, 1), integers over their
// type's range, bools 0/1), which is fine for timing. The inputs are
// built once; each timed run is one `await model.run(inputs)` (which
// copies the inputs into the interpreter, invokes it and returns the
// output tensors); the outputs are freed after the clock stops.
//
// V8 first runs WASM in its baseline compiler (Liftoff) and recompiles hot
// functions with TurboFan in the background, so early runs can be several
// times slower. The warm-up therefore lasts at least --warmup runs (default
// 5) and at least --warmup-ms milliseconds (default 1000), and
// scripts/bench-peers.sh also passes --no-liftoff, which compiles all of
// the module with TurboFan up front. It then times --runs runs (default 50)
// and prints a summary and, on the last line, the same machine-readable
// line as `octet bench`:
//
//   median_ms=<float> p90_ms=<float> runs=<int>
//
// Percentiles use the nearest-rank method, like octet's bench package.
import { readFileSync } from 'node:fs';
import { readNpy } from './npy.mjs';
import { loadRuntime } from './runtime.mjs';

const usage = 'usage: bench.mjs MODEL.tflite [IN0.npy ...] [--runs N] [--warmup N] [--warmup-ms MS]';

function parseArgs(argv) {
  const opts = { runs: 50, warmup: 5, warmupMs: 1000, model: null, inputs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--?(runs|warmup|warmup-ms)(?:=(.*))?$/.exec(a);
    if (m) {
      const v = m[2] ?? argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${a}: want a number\n${usage}`);
      opts[{ runs: 'runs', warmup: 'warmup', 'warmup-ms': 'warmupMs' }[m[1]]] = Number(v);
    } else if (a.startsWith('-')) {
      throw new Error(`unknown flag ${a}\n${usage}`);
    } else if (opts.model === null) {
      opts.model = a;
    } else {
      opts.inputs.push(a);
    }
  }
  if (opts.model === null) throw new Error(usage);
  if (opts.runs < 1) throw new Error('--runs must be at least 1');
  return opts;
}

// rng is a small deterministic generator (xorshift32) returning [0, 1).
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

const RANGES = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], int32: [-1000, 1000], bool: [0, 1],
};
const ARRAYS = {
  float32: Float32Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array, int32: Int32Array,
};

// randomInput fills a typed array for an input detail.
function randomInput(detail, i) {
  const shape = Array.from(detail.shape);
  if (shape.some((d) => d < 0)) throw new Error(`input ${i} (${detail.name}) has a dynamic shape ${shape}: pass an .npy`);
  const n = shape.reduce((a, b) => a * b, 1);
  const Arr = ARRAYS[detail.dtype];
  if (!Arr) throw new Error(`input ${i} (${detail.name}): no random fill for ${detail.dtype}: pass an .npy`);
  const data = new Arr(n);
  const r = rng(0x6f637465 + i);
  if (detail.dtype === 'float32') {
    for (let k = 0; k < n; k++) data[k] = r();
  } else {
    const [lo, hi] = RANGES[detail.dtype];
    for (let k = 0; k < n; k++) data[k] = lo + Math.floor(r() * (hi - lo + 1));
  }
  return { data, shape };
}

// rank is the nearest-rank p-th percentile of sorted values.
function rank(sorted, p) {
  const k = Math.ceil((p * sorted.length) / 100);
  return sorted[Math.max(k, 1) - 1];
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const core = await loadRuntime();
  const model = await core.loadAndCompile(new Uint8Array(readFileSync(opts.model)), {
    accelerator: 'wasm',
    cpuOptions: { numThreads: 1 },
  });
  const details = model.getInputDetails();
  if (opts.inputs.length !== 0 && opts.inputs.length !== details.length) {
    throw new Error(`model has ${details.length} inputs, got ${opts.inputs.length} .npy files`);
  }
  const inputs = details.map((d, i) => {
    let arr;
    if (opts.inputs.length) {
      arr = readNpy(readFileSync(opts.inputs[i]), opts.inputs[i]);
      if (arr.dtype !== d.dtype) throw new Error(`input ${i} (${d.name}): model wants ${d.dtype}, got ${arr.dtype}`);
    } else {
      arr = randomInput(d, i);
    }
    return new core.Tensor(arr.data, arr.shape);
  });
  const once = async () => {
    const t0 = process.hrtime.bigint();
    const outs = await model.run(inputs);
    const dt = Number(process.hrtime.bigint() - t0) / 1e6;
    outs.forEach((t) => t.delete());
    return dt;
  };
  try {
    const start = performance.now();
    let warm = 0;
    while (warm < opts.warmup || performance.now() - start < opts.warmupMs) {
      await once();
      warm++;
    }
    const warmMs = performance.now() - start;
    const times = [];
    for (let i = 0; i < opts.runs; i++) times.push(await once());
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const f = (x) => x.toFixed(3);
    const version = JSON.parse(readFileSync(new URL('./node_modules/@litertjs/core/package.json', import.meta.url))).version;
    console.log(`model: ${opts.model}`);
    console.log(`runtime: LiteRT.js ${version} (wasm, 1 thread), node ${process.version}, ${process.execArgv.join(' ') || 'no node flags'}`);
    console.log(`warm-up: ${warm} runs in ${warmMs.toFixed(0)} ms`);
    console.log(`latency: min ${f(times[0])} ms  median ${f(rank(times, 50))} ms  p90 ${f(rank(times, 90))} ms  p99 ${f(rank(times, 99))} ms  mean ${f(mean)} ms  (${times.length} runs)`);
    console.log(`median_ms=${f(rank(times, 50))} p90_ms=${f(rank(times, 90))} runs=${times.length}`);
  } finally {
    inputs.forEach((t) => t.delete());
    model.delete();
  }
}

main().catch((e) => {
  console.error(`bench.mjs: ${e?.message ?? e}`);
  process.exitCode = 1;
});
