// bench.mjs times ONNX Runtime (onnxruntime-node, native CPU execution
// provider) running an .onnx model, for comparison with octet.
//
//   node tools/onnxruntime/bench.mjs MODEL.onnx [IN0.npy ...]
//        [--runs N] [--warmup N] [--warmup-ms MS] [--threads N]
//        [--opt disabled|basic|extended|all]
//
// The session runs with --threads intra-op threads (default 1), one
// inter-op thread, sequential execution, and ONNX Runtime's default graph
// optimisation (all) unless --opt says otherwise. Without .npy inputs every
// input is filled with deterministic pseudo-random values (floats uniform in
// [0, 1), integers over a small range); free dimensions are then 1. The
// input tensors are built once; each timed run is one
// `await session.run(feeds)`: what a Node program sees, including the
// binding's output wrapping and one setImmediate hop. The warm-up lasts at
// least --warmup runs (default 20) and --warmup-ms milliseconds (default
// 500); then --runs runs (default 200) are timed. It prints a summary and,
// on the last line,
//
//   median_ms=<float> p90_ms=<float> min_ms=<float> runs=<int>
//
// (percentiles by nearest rank, like octet's bench package).
import { readFileSync } from 'node:fs';
import { readNpy } from '../litert/npy.mjs';
import { openSession, ort, toTensor, version } from './ort.mjs';

const usage =
  'usage: bench.mjs MODEL.onnx [IN0.npy ...] [--runs N] [--warmup N] [--warmup-ms MS] [--threads N] [--opt LEVEL]';

function parseArgs(argv) {
  const opts = { runs: 200, warmup: 20, warmupMs: 500, threads: 1, opt: null, model: null, inputs: [] };
  const keys = { runs: 'runs', warmup: 'warmup', 'warmup-ms': 'warmupMs', threads: 'threads', opt: 'opt' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--?(runs|warmup|warmup-ms|threads|opt)(?:=(.*))?$/.exec(a);
    if (m) {
      const v = m[2] ?? argv[++i];
      if (m[1] === 'opt') {
        if (!['disabled', 'basic', 'extended', 'all'].includes(v)) throw new Error(`--opt ${v}: want disabled, basic, extended or all`);
        opts.opt = v;
        continue;
      }
      if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${a}: want a number\n${usage}`);
      opts[keys[m[1]]] = Number(v);
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
  if (opts.threads < 1) throw new Error('--threads must be at least 1');
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

const ARRAYS = { float32: Float32Array, int8: Int8Array, uint8: Uint8Array, int32: Int32Array };

// randomInput builds an ort.Tensor for an input from its metadata.
function randomInput(meta, i) {
  if (!meta.isTensor) throw new Error(`input ${i} (${meta.name}) is not a tensor: pass an .npy`);
  const shape = meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : 1));
  const n = shape.reduce((a, b) => a * b, 1);
  const Arr = ARRAYS[meta.type];
  if (!Arr) throw new Error(`input ${i} (${meta.name}): no random fill for ${meta.type}: pass an .npy`);
  const data = new Arr(n);
  const r = rng(0x6f637465 + i);
  const lo = meta.type === 'uint8' ? 0 : -50;
  for (let k = 0; k < n; k++) data[k] = meta.type === 'float32' ? r() : lo + Math.floor(r() * 100);
  return new ort.Tensor(meta.type, data, shape);
}

// rank is the nearest-rank p-th percentile of sorted values.
function rank(sorted, p) {
  const k = Math.ceil((p * sorted.length) / 100);
  return sorted[Math.max(k, 1) - 1];
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const session = await openSession(opts.model, opts);
  const names = session.inputNames;
  if (opts.inputs.length !== 0 && opts.inputs.length !== names.length) {
    throw new Error(`model has ${names.length} inputs, got ${opts.inputs.length} .npy files`);
  }
  const feeds = {};
  names.forEach((name, i) => {
    feeds[name] = opts.inputs.length
      ? toTensor(readNpy(readFileSync(opts.inputs[i]), opts.inputs[i]), name)
      : randomInput(session.inputMetadata[i], i);
  });
  const once = async () => {
    const t0 = process.hrtime.bigint();
    await session.run(feeds);
    return Number(process.hrtime.bigint() - t0) / 1e6;
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
    const f = (x) => x.toFixed(4);
    console.log(`model: ${opts.model}`);
    console.log(`runtime: onnxruntime-node ${version} (native CPU EP, ${opts.threads} intra-op thread${opts.threads > 1 ? 's' : ''}, graph optimization ${opts.opt ?? 'default (all)'}), node ${process.version}`);
    console.log(`warm-up: ${warm} runs in ${warmMs.toFixed(0)} ms`);
    console.log(`latency: min ${f(times[0])} ms  median ${f(rank(times, 50))} ms  p90 ${f(rank(times, 90))} ms  p99 ${f(rank(times, 99))} ms  mean ${f(mean)} ms  (${times.length} runs)`);
    console.log(`median_ms=${f(rank(times, 50))} p90_ms=${f(rank(times, 90))} min_ms=${f(times[0])} runs=${times.length}`);
  } finally {
    await session.release();
  }
}

main().catch((e) => {
  console.error(`bench.mjs: ${e?.message ?? e}`);
  process.exitCode = 1;
});
