// runtime.mjs loads LiteRT.js (TFLite compiled to WASM, with XNNPACK) under
// Node. The loader expects a browser or a worker, so a few globals stand in:
// `self`, a `require` for the Emscripten glue, and an `importScripts` that
// evaluates the glue script in this context with `__dirname` set so it finds
// its .wasm next to it. Node needs --experimental-wasm-relaxed-simd, or
// LiteRT.js falls back to its slower "compat" build.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
export const coreDir = join(here, 'node_modules/@litertjs/core');
const patched = join(coreDir, 'dist/index.octet.js');

// quiet drops LiteRT's start-up chatter (INFO lines and the warning that no
// NPU exists) but keeps its warnings and errors, which go to stderr.
function quiet(line) {
  return line.startsWith('INFO: ') || /NPU accelerator could not be loaded/.test(line);
}

function installShim() {
  globalThis.self = globalThis;
  globalThis.Module = {
    printErr: (line) => { if (!quiet(String(line))) console.error(line); },
  };
  globalThis.require = createRequire(import.meta.url);
  globalThis.importScripts = (url) => {
    const file = String(url).startsWith('file:') ? fileURLToPath(url) : String(url);
    globalThis.__filename = file;
    globalThis.__dirname = dirname(file);
    vm.runInThisContext(readFileSync(file, 'utf8'), { filename: file });
  };
}

/**
 * Loads the patched LiteRT.js module and its WASM runtime, and returns the
 * module's exports.
 */
export async function loadRuntime() {
  if (!existsSync(patched)) {
    throw new Error(`${patched} is missing: run tools/litert/setup.sh (make deps)`);
  }
  installShim();
  const core = await import(pathToFileURL(patched).href);
  // Environment.create tries WebGPU first and warns when there is none.
  const warn = console.warn;
  console.warn = (...a) => {
    if (!String(a[0]).startsWith('Failed to create default WebGPU device')) warn(...a);
  };
  try {
    await core.loadLiteRt(join(coreDir, 'wasm') + '/');
  } finally {
    console.warn = warn;
  }
  return core;
}
