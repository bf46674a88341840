// run.mjs runs .onnx models with ONNX Runtime (onnxruntime-node, native CPU
// execution provider, one thread) as a peer and oracle for octet's tests.
//
//   node tools/onnxruntime/run.mjs MODEL.onnx OUTDIR IN0.npy [IN1.npy ...]
//   node tools/onnxruntime/run.mjs --batch jobs.json
//
// The first form writes OUTDIR/out0.npy, out1.npy, ... in the order of the
// graph's outputs, and matches inputs by position to the graph's inputs;
// ONNX Runtime checks their dtypes and shapes. Every job also gets
// OUTDIR/outputs.json naming its outputs, written last.
//
// The batch form runs [{"model": "...", "inputs": ["..."], "outdir": "..."}]
// in one process, opening each model once. A failed job writes
// OUTDIR/error.txt instead of outputs; the rest still run and the process
// then exits 1 (2 for bad arguments or a runtime that does not load).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy, writeNpy } from '../litert/npy.mjs';
import { openSession, toTensor } from './ort.mjs';

const usage = 'usage: run.mjs MODEL.onnx OUTDIR IN0.npy [IN1.npy ...]\n       run.mjs --batch jobs.json';

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

async function runJob(cache, job) {
  if (!cache.has(job.model)) cache.set(job.model, await openSession(job.model));
  const session = cache.get(job.model);
  const names = session.inputNames;
  if (job.inputs.length !== names.length) {
    throw new Error(`model has ${names.length} inputs, got ${job.inputs.length}`);
  }
  const feeds = {};
  job.inputs.forEach((p, i) => {
    feeds[names[i]] = toTensor(readNpy(readFileSync(p), p), names[i]);
  });
  const results = await session.run(feeds);
  const manifest = [];
  session.outputNames.forEach((name, i) => {
    const t = results[name];
    const shape = t.dims.map(Number);
    const file = `out${i}.npy`;
    writeFileSync(join(job.outdir, file), writeNpy(t.type, shape, t.data));
    manifest.push({ file, name, dtype: t.type, shape });
  });
  writeFileSync(join(job.outdir, 'outputs.json'), JSON.stringify(manifest, null, 1) + '\n');
}

async function main() {
  const jobs = parseArgs(process.argv.slice(2));
  const cache = new Map();
  let failed = 0;
  for (const [i, job] of jobs.entries()) {
    try {
      mkdirSync(job.outdir, { recursive: true });
      for (const f of ['error.txt', 'outputs.json']) rmSync(join(job.outdir, f), { force: true });
      await runJob(cache, job);
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
  for (const s of cache.values()) await s.release();
  if (failed > 0) {
    if (jobs.length > 1) console.error(`run.mjs: ${failed} of ${jobs.length} jobs failed`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`run.mjs: ${e?.message ?? e}`);
  process.exitCode = 2;
});
