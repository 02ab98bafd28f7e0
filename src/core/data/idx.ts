// IDX files (the MNIST format): bytes 0–1 are zero, byte 2 is the element type, byte 3 the number of
// dimensions; then one big-endian u32 per dimension, then the elements, big-endian, row-major.
// Every way a file can be wrong gets its own DataError, because a wrong path or a truncated download is
// the usual cause and the message should say so. Trailing bytes after the data are an error too: they
// mean the header does not describe the file (wrong file, or dims written wrongly), and reading on
// would silently give shifted samples.

import { DataError } from '../config-error';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  dims: number[];
  data: IdxData;
}

/** Deeper arrays are not used by any IDX file in practice; a larger count means the header is garbage. */
export const MAX_IDX_DIMS = 8;

interface ElementType {
  name: string;
  size: number;
}

const TYPES: Record<number, ElementType> = {
  0x08: { name: 'unsigned byte', size: 1 },
  0x09: { name: 'signed byte', size: 1 },
  0x0b: { name: 'short (16-bit)', size: 2 },
  0x0c: { name: 'int (32-bit)', size: 4 },
  0x0d: { name: 'float (32-bit)', size: 4 },
  0x0e: { name: 'double (64-bit)', size: 8 },
};

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}

/**
 * Parses an IDX file. For unsigned bytes (MNIST) the result is a view into `bytes`, not a copy;
 * other types are decoded from big-endian into a fresh array.
 */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  if (bytes.length === 0) throw new DataError(source, 'the file is empty (expected an IDX file)');
  if (bytes.length < 4) {
    throw new DataError(source, `truncated: ${bytes.length} bytes, but an IDX header alone needs at least 4`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(
      source,
      `not an IDX file: it must start with two zero bytes, found ${hex(bytes[0])} ${hex(bytes[1])}` +
        (bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (this is a gzip file; decompress it first)' : ''),
    );
  }
  const type = TYPES[bytes[2]];
  if (!type) {
    const known = Object.keys(TYPES).map((k) => hex(Number(k))).join(', ');
    throw new DataError(source, `unknown IDX element type ${hex(bytes[2])} at byte 2 (known: ${known})`);
  }
  const ndims = bytes[3];
  if (ndims === 0 || ndims > MAX_IDX_DIMS) {
    throw new DataError(source, `bad IDX header: ${ndims} dimensions at byte 3 (expected 1 to ${MAX_IDX_DIMS})`);
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DataError(
      source,
      `truncated: the header of a ${ndims}-dimensional IDX file needs ${headerBytes} bytes, found ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let k = 0; k < ndims; k++) {
    const dim = view.getUint32(4 + 4 * k, false);
    dims.push(dim);
    count *= dim;
  }
  const expected = headerBytes + count * type.size;
  const shape = dims.join(' × ');
  if (bytes.length < expected) {
    throw new DataError(
      source,
      `truncated: dims ${shape} of ${type.name} need ${expected} bytes, found ${bytes.length} ` +
        `(${expected - bytes.length} missing)`,
    );
  }
  if (bytes.length > expected) {
    throw new DataError(
      source,
      `${bytes.length - expected} trailing byte(s): dims ${shape} of ${type.name} need ${expected} bytes, ` +
        `found ${bytes.length}; the header does not match the data`,
    );
  }
  return { dims, data: decode(bytes, view, headerBytes, count, bytes[2]) };
}

function decode(bytes: Uint8Array, view: DataView, offset: number, count: number, code: number): IdxData {
  switch (code) {
    case 0x08:
      return bytes.subarray(offset, offset + count);
    case 0x09:
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
    case 0x0b: {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 0x0c: {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 0x0d: {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    default: {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/** Writes an IDX file (tests and tools that export data); the inverse of parseIdx. */
export function encodeIdx(dims: number[], data: IdxData): Uint8Array {
  const code = typeCode(data);
  const size = TYPES[code].size;
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((dim, k) => view.setUint32(4 + 4 * k, dim, false));
  for (let i = 0; i < data.length; i++) {
    const at = header + i * size;
    if (code === 0x08) view.setUint8(at, data[i]);
    else if (code === 0x09) view.setInt8(at, data[i]);
    else if (code === 0x0b) view.setInt16(at, data[i], false);
    else if (code === 0x0c) view.setInt32(at, data[i], false);
    else if (code === 0x0d) view.setFloat32(at, data[i], false);
    else view.setFloat64(at, data[i], false);
  }
  return out;
}

function typeCode(data: IdxData): number {
  if (data instanceof Uint8Array) return 0x08;
  if (data instanceof Int8Array) return 0x09;
  if (data instanceof Int16Array) return 0x0b;
  if (data instanceof Int32Array) return 0x0c;
  if (data instanceof Float32Array) return 0x0d;
  return 0x0e;
}
