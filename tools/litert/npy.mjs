// npy.mjs reads and writes NumPy .npy files (C order, little-endian), for the
// element types octet's tensor/npy package writes. float16 travels as raw
// binary16 bits in a Uint16Array.

// descr -> [dtype name, TypedArray constructor]
const DESCRS = {
  '<f4': ['float32', Float32Array],
  '<f2': ['float16', Uint16Array],
  '|i1': ['int8', Int8Array],
  '|u1': ['uint8', Uint8Array],
  '<i2': ['int16', Int16Array],
  '<i4': ['int32', Int32Array],
  '<i8': ['int64', BigInt64Array],
  '|b1': ['bool', Uint8Array],
};
const ALIASES = { 'i1': '|i1', '<i1': '|i1', 'u1': '|u1', '<u1': '|u1', 'b1': '|b1', '<b1': '|b1' };

/** Returns the descr NumPy writes for a dtype name, such as '<f4' for 'float32'. */
export function descrOf(dtype) {
  for (const [d, [name]] of Object.entries(DESCRS)) {
    if (name === dtype) return d;
  }
  throw new Error(`npy: no .npy type for dtype ${dtype}`);
}

/** The TypedArray constructor that holds a dtype. */
export function arrayTypeOf(dtype) {
  return DESCRS[descrOf(dtype)][1];
}

/**
 * Parses an .npy file held in a Uint8Array into {dtype, shape, data}, where
 * data is a TypedArray over a fresh, aligned copy of the elements.
 */
export function readNpy(buf, name = 'npy') {
  const fail = (msg) => { throw new Error(`${name}: ${msg}`); };
  if (buf.length < 10 || String.fromCharCode(...buf.subarray(1, 6)) !== 'NUMPY' || buf[0] !== 0x93) {
    fail('not an .npy file');
  }
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const major = buf[6];
  let hlen, start;
  if (major === 1) {
    hlen = dv.getUint16(8, true); start = 10;
  } else if (major === 2 || major === 3) {
    if (buf.length < 12) fail('truncated header');
    hlen = dv.getUint32(8, true); start = 12;
  } else {
    fail(`unsupported .npy version ${major}.${buf[7]}`);
  }
  if (start + hlen > buf.length) fail('truncated header');
  const header = new TextDecoder().decode(buf.subarray(start, start + hlen));
  const descrM = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header);
  const fortranM = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  const shapeM = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descrM || !fortranM || !shapeM) fail(`cannot parse header ${JSON.stringify(header)}`);
  const descr = ALIASES[descrM[1]] ?? descrM[1];
  if (!DESCRS[descr]) fail(`unsupported descr ${descrM[1]}`);
  const shape = shapeM[1].split(',').map((s) => s.trim().replace(/L$/, '')).filter((s) => s !== '').map((s) => {
    if (!/^\d+$/.test(s)) fail(`bad shape (${shapeM[1]})`);
    return Number(s);
  });
  const count = shape.reduce((a, b) => a * b, 1);
  if (fortranM[1] === 'True' && shape.filter((d) => d > 1).length > 1) fail('fortran_order arrays are not supported');
  const [dtype, Ctor] = DESCRS[descr];
  const nbytes = count * Ctor.BYTES_PER_ELEMENT;
  const off = start + hlen;
  if (off + nbytes > buf.length) fail(`data truncated: want ${nbytes} bytes, have ${buf.length - off}`);
  const copy = new Uint8Array(nbytes);
  copy.set(buf.subarray(off, off + nbytes));
  return { dtype, shape, data: new Ctor(copy.buffer, 0, count) };
}

/**
 * Encodes a TypedArray of the given dtype and shape as .npy bytes, with the
 * same header numpy.save writes (version 1.0, padded to 64 bytes).
 */
export function writeNpy(dtype, shape, data) {
  const descr = descrOf(dtype);
  const dims = shape.map(String);
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims.join(', ')}${dims.length === 1 ? ',' : ''}), }`;
  if (dims.length > 0) dict += ' '.repeat(Math.max(0, 21 - dims[0].length)); // NumPy's growth-axis room
  let hlen = dict.length + 1;
  let prefix = 10;
  let pad = 64 - ((prefix + hlen) % 64);
  if (hlen + pad > 0xffff) {
    prefix = 12;
    pad = 64 - ((prefix + hlen) % 64);
  }
  const head = new Uint8Array(prefix + hlen + pad);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, prefix === 10 ? 1 : 2, 0]);
  const dv = new DataView(head.buffer);
  if (prefix === 10) dv.setUint16(8, hlen + pad, true); else dv.setUint32(8, hlen + pad, true);
  head.set(new TextEncoder().encode(dict + ' '.repeat(pad) + '\n'), prefix);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}
