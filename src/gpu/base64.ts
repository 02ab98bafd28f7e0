// Typed arrays as base64 text: how numeric data crosses the Node ↔ page boundary of puppeteer,
// whose evaluate() only carries JSON (a 784k-entry JSON number array would be ~10× larger and slow).

export function toBase64(a: ArrayBufferView): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  const CH = 0x8000; // String.fromCharCode's argument count is bounded
  for (let i = 0; i < bytes.length; i += CH) s += String.fromCharCode(...bytes.subarray(i, i + CH));
  return btoa(s);
}

function bytesOf(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function f64FromBase64(b64: string): Float64Array {
  return new Float64Array(bytesOf(b64).buffer);
}

export function f32FromBase64(b64: string): Float32Array<ArrayBuffer> {
  return new Float32Array(bytesOf(b64).buffer);
}
