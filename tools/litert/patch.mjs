// patch.mjs writes node_modules/@litertjs/core/dist/index.octet.js: a copy of
// LiteRT.js's dist/index.js whose DATATYPES table also knows int8, int16,
// int64, float16 (as raw bits in a Uint16Array) and bool (a Uint8Array that
// only element-type lookups reach, since uint8 comes first). Stock LiteRT.js
// refuses even to compile a model with such inputs or outputs, because
// getInputDetails/getOutputDetails look every I/O type up in this table.
//
// Usage: node patch.mjs  (run by setup.sh; the result is not committed)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), 'node_modules/@litertjs/core/dist');
const src = readFileSync(join(dist, 'index.js'), 'utf8');

// The last entry of the stock table, followed by its closing bracket.
const anchor = `    elementType: ElementType.UINT8
  }
]);`;
const extra = [
  ['int8', 'Int8Array', 'INT8'],
  ['int16', 'Int16Array', 'INT16'],
  ['int64', 'BigInt64Array', 'INT64'],
  ['float16', 'Uint16Array', 'FLOAT16'],
  ['bool', 'Uint8Array', 'BOOL'],
].map(([dtype, ctor, et]) => `,
  {
    dtype: "${dtype}",
    typedArrayConstructor: ${ctor},
    elementType: ElementType.${et}
  }`).join('');

const at = src.indexOf(anchor);
if (at < 0 || src.indexOf(anchor, at + 1) >= 0 || !src.includes('var DATATYPES = Object.freeze([')) {
  console.error('patch.mjs: DATATYPES table not found where expected in @litertjs/core/dist/index.js; ' +
    'the LiteRT.js version changed, update the patch');
  process.exit(1);
}
const cut = at + anchor.length - '\n]);'.length;
const out = '// Patched by octet tools/litert/patch.mjs: extra DATATYPES entries.\n' +
  src.slice(0, cut) + extra + src.slice(cut);
writeFileSync(join(dist, 'index.octet.js'), out);
