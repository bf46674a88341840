// run.mjs runs .tflite models with LiteRT.js, the TFLite runtime compiled to
// WASM, as a reference for octet's tests.
//
//   node --experimental-wasm-relaxed-simd tools/litert/run.mjs MODEL.tflite OUTDIR IN0.npy [IN1.npy ...]
//   node --experimental-wasm-relaxed-simd tools/litert/run.mjs --batch jobs.json
//
// The first form writes OUTDIR/out0.npy, out1.npy, ... in the order of the
// model's subgraph outputs (the contract of `octet run`), and inputs are
// matched by position to the subgraph inputs; they must have exactly the
// model's dtype and shape. LiteRT.js 2.5.3 itself orders inputs and outputs
// as the subgraph does, even when a SignatureDef lists them otherwise
// (internal/litert tests pin this). Every job also gets OUTDIR/outputs.json
// naming its outputs.
//
// The batch form runs [{"model": "...", "inputs": ["..."], "outdir": "..."}]
// in one process, compiling each model once. A failed job writes
// OUTDIR/error.txt instead of outputs; the rest still run and the process
// then exits 1.
//
// LiteRT always uses one thread and the XNNPACK CPU path.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy, writeNpy } from './npy.mjs';
import { loadRuntime } from './runtime.mjs';

const usage = 'usage: run.mjs MODEL.tflite OUTDIR IN0.npy [IN1.npy ...]\n       run.mjs --batch jobs.json';

function parseArgs(argv) {
  if (argv[0] === '--batch') {
    if (argv.length !== 2) throw new Error(usage);
    const jobs = JSON.parse(readFileSync(argv[1], 'utf8'));
    if (!Array.isArray(jobs)) throw new Error(`${argv[1]}: want a JSON array of jobs`);
    jobs.forEach((j, i) => {
      if (typeof j?.model !== 'string' || typeof j?.outdir !== 'string' || !Array.isArray(j?.inputs)) {
        throw new Error(`${argv[1]}: job ${i} needs "model", "outdir" and "inputs"`);
      }
    });
    return jobs;
  }
  if (argv.length < 2 || argv[0].startsWith('-')) throw new Error(usage);
  return [{ model: argv[0], outdir: argv[1], inputs: argv.slice(2) }];
}

const sameShape = (want, got) =>
  want.length === got.length && want.every((d, i) => d < 0 || d === got[i]);

// toTensor makes a LiteRT tensor for input i from a parsed .npy array.
function toTensor(core, arr, detail, i) {
  const want = `${detail.dtype}[${Array.from(detail.shape)}]`;
  if (arr.dtype !== detail.dtype || !sameShape(Array.from(detail.shape), arr.shape)) {
    throw new Error(`input ${i} (${detail.name}): model wants ${want}, got ${arr.dtype}[${arr.shape}]`);
  }
  if (arr.dtype !== 'bool') return new core.Tensor(arr.data, arr.shape);
  // A Uint8Array means uint8 to LiteRT.js, so bool buffers are built by hand.
  const w = core.getGlobalLiteRt().liteRtWasm;
  const dims = new w.VectorInt32();
  arr.shape.forEach((d) => dims.push_back(d));
  const layout = w.LiteRtLayout.create(dims);
  dims.delete();
  const type = w.LiteRtRankedTensorType.create({ value: 6 /* BOOL */ }, layout);
  layout.delete();
  const env = core.getDefaultEnvironment().liteRtEnvironment;
  const buf = w.LiteRtTensorBuffer.createManaged(env, w.LiteRtTensorBufferType.HOST_MEMORY, type, arr.data.length);
  type.delete();
  const ptr = buf.lock(w.LiteRtTensorBufferLockMode.WRITE);
  w.HEAPU8.set(arr.data, ptr);
  buf.unlock();
  return new core.Tensor(buf);
}

// compile loads a model once per process.
async function compile(core, cache, path) {
  if (!cache.has(path)) {
    const bytes = readFileSync(path);
    const model = await core.loadAndCompile(new Uint8Array(bytes), {
      accelerator: 'wasm',
      cpuOptions: { numThreads: 1 },
    });
    cache.set(path, model);
  }
  return cache.get(path);
}

async function runJob(core, cache, job) {
  const model = await compile(core, cache, job.model);
  const details = model.getInputDetails();
  if (job.inputs.length !== details.length) {
    throw new Error(`model has ${details.length} inputs, got ${job.inputs.length}`);
  }
  const inputs = [];
  let outs;
  try {
    job.inputs.forEach((p, i) => inputs.push(toTensor(core, readNpy(readFileSync(p), p), details[i], i)));
    outs = await model.run(inputs);
  } finally {
    inputs.forEach((t) => t.delete());
  }
  const names = model.getOutputDetails().map((d) => d.name);
  const manifest = [];
  outs.forEach((t, i) => {
    const shape = Array.from(t.type.layout.dimensions);
    const file = `out${i}.npy`;
    writeFileSync(join(job.outdir, file), writeNpy(t.type.dtype, shape, t.toTypedArray()));
    manifest.push({ file, name: names[i], dtype: t.type.dtype, shape });
  });
  outs.forEach((t) => t.delete());
  writeFileSync(join(job.outdir, 'outputs.json'), JSON.stringify(manifest, null, 1) + '\n');
}

async function main() {
  const jobs = parseArgs(process.argv.slice(2));
  const core = await loadRuntime();
  const cache = new Map();
  let failed = 0;
  for (const [i, job] of jobs.entries()) {
    try {
      mkdirSync(job.outdir, { recursive: true });
      for (const f of ['error.txt', 'outputs.json']) rmSync(join(job.outdir, f), { force: true });
      await runJob(core, cache, job);
    } catch (e) {
      failed++;
      const msg = `${job.model}: ${e?.message ?? e}`;
      try {
        writeFileSync(join(job.outdir, 'error.txt'), msg + '\n');
      } catch {
        // The message still goes to stderr.
      }
      console.error(jobs.length > 1 ? `run.mjs: job ${i}: ${msg}` : `run.mjs: ${msg}`);
    }
  }
  cache.forEach((model) => model.delete());
  if (failed > 0) {
    if (jobs.length > 1) console.error(`run.mjs: ${failed} of ${jobs.length} jobs failed`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`run.mjs: ${e?.message ?? e}`);
  process.exitCode = 2;
});
