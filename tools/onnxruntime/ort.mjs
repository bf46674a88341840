// ort.mjs loads onnxruntime-node (native ONNX Runtime, CPU) and opens
// sessions the way octet's comparisons want them: one intra-op and one
// inter-op thread, sequential execution, ONNX Runtime's default graph
// optimisation level (ORT_ENABLE_ALL) unless told otherwise.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);

/** The onnxruntime-node module (its native binding is loaded on import). */
export const ort = require('onnxruntime-node');

/** The installed onnxruntime-node version. */
export const version = JSON.parse(
  readFileSync(new URL('./node_modules/onnxruntime-node/package.json', import.meta.url), 'utf8'),
).version;

/**
 * Opens an InferenceSession on an .onnx file. opts.threads sets
 * intraOpNumThreads (default 1); opts.opt, if set, the
 * graphOptimizationLevel ('disabled', 'basic', 'extended', 'all').
 */
export async function openSession(path, opts = {}) {
  const o = {
    executionProviders: ['cpu'],
    intraOpNumThreads: opts.threads ?? 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  };
  if (opts.opt) o.graphOptimizationLevel = opts.opt;
  return ort.InferenceSession.create(new Uint8Array(readFileSync(path)), o);
}

// ONNX Runtime's tensor type names and octet's .npy dtype names.
const TYPES = new Set(['float32', 'int8', 'uint8', 'int16', 'int32', 'int64', 'bool']);

/** Wraps a parsed .npy array (see ../litert/npy.mjs) as an ort.Tensor. */
export function toTensor(arr, name) {
  if (!TYPES.has(arr.dtype)) throw new Error(`input ${name}: dtype ${arr.dtype} not supported`);
  return new ort.Tensor(arr.dtype, arr.data, arr.shape);
}
