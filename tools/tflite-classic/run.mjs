// run.mjs runs .tflite models with TFLite's classic interpreter, as compiled
// to WASM in the npm package @tensorflow/tfjs-tflite. Unlike LiteRT.js's
// CompiledModel loader it accepts variable tensors, so it runs the LSTM ops
// with their state, including TFLite's full-integer (8x8_16) LSTM kernel.
//
//	node run.mjs --batch jobs.json
//
// jobs.json is the protocol of tools/litert/run.mjs: a list of
// {model, inputs: [npy paths], outdir}; each job writes out<k>.npy and
// outputs.json to its outdir, or error.txt. Jobs naming the same model path
// share one interpreter, so variable tensors carry over from one job to the
// next, as consecutive Invoke calls in TFLite.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { readNpy, writeNpy } = await import(join(here, '..', 'litert', 'npy.mjs'));
const wasmDir = join(here, 'node_modules/@tensorflow/tfjs-tflite/wasm');

if (process.argv[2] !== '--batch' || !process.argv[3]) {
  console.error('usage: node run.mjs --batch jobs.json');
  process.exit(2);
}
const jobs = JSON.parse(readFileSync(process.argv[3], 'utf8'));
// The plain SIMD build: one thread, no SharedArrayBuffer needed.
const factory = require(join(wasmDir, 'tflite_web_api_cc_simd.js'));
const M = await factory({ wasmBinary: readFileSync(join(wasmDir, 'tflite_web_api_cc_simd.wasm')), printErr: () => {} });
const runners = new Map();
let failed = 0;
for (const [i, job] of jobs.entries()) {
  try {
    mkdirSync(job.outdir, { recursive: true });
    if (!runners.has(job.model)) {
      const bytes = new Uint8Array(readFileSync(job.model));
      const ptr = M._malloc(bytes.length);
      M.HEAPU8.set(bytes, ptr);
      const r = M.TFLiteWebModelRunner.CreateFromBufferAndOptions(ptr, bytes.length,
        { numThreads: 1, enableProfiling: false, maxProfilingBufferEntries: 1024 });
      if (!r.ok()) throw new Error('load: ' + r.errorMessage());
      runners.set(job.model, r.value());
    }
    const runner = runners.get(job.model);
    const ins = runner.GetInputs();
    if (ins.size() !== job.inputs.length) throw new Error(`model has ${ins.size()} inputs, got ${job.inputs.length}`);
    for (let k = 0; k < ins.size(); k++) {
      const t = ins.get(k);
      const a = readNpy(readFileSync(job.inputs[k]), job.inputs[k]);
      if (a.dtype !== t.dataType || a.shape.join(',') !== t.shape) {
        throw new Error(`input ${k}: want ${t.dataType}[${t.shape}], got ${a.dtype}[${a.shape}]`);
      }
      t.data().set(a.data);
    }
    if (!runner.Infer()) throw new Error('Infer failed');
    const outs = runner.GetOutputs();
    const manifest = [];
    for (let k = 0; k < outs.size(); k++) {
      const t = outs.get(k);
      const shape = t.shape === '' ? [] : t.shape.split(',').map(Number);
      const file = `out${k}.npy`;
      writeFileSync(join(job.outdir, file), writeNpy(t.dataType, shape, t.data().slice()));
      manifest.push({ file, name: t.name, dtype: t.dataType, shape });
    }
    writeFileSync(join(job.outdir, 'outputs.json'), JSON.stringify(manifest, null, 1) + '\n');
  } catch (e) {
    failed++;
    writeFileSync(join(job.outdir, 'error.txt'), `${job.model}: ${e?.message ?? e}\n`);
    console.error(`run.mjs: job ${i}: ${job.model}: ${e?.message ?? e}`);
  }
}
process.exitCode = failed ? 1 : 0;
