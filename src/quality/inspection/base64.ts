const ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const LOOKUP = (() => {
  const m = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHA.length; i++) m[ALPHA.charCodeAt(i)] = i;
  return m;
})();

/** Float32 array → base64 of its little-endian bytes (compact weights in a JSON model file). */
export function f32ToBase64(a: Float32Array): string {
  const le = new Float32Array(a);
  const bytes = new Uint8Array(le.buffer);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    out += ALPHA[b0 >> 2]! + ALPHA[((b0 & 3) << 4) | (b1 >> 4)]!;
    out += i + 1 < bytes.length ? ALPHA[((b1 & 15) << 2) | (b2 >> 6)]! : "=";
    out += i + 2 < bytes.length ? ALPHA[b2 & 63]! : "=";
  }
  return out;
}

/** Inverse of f32ToBase64; throws RangeError on a malformed string. */
export function base64ToF32(s: string): Float32Array {
  const clean = s.replace(/=+$/, "");
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const c = [0, 1, 2, 3].map((k) => (i + k < clean.length ? LOOKUP[clean.charCodeAt(i + k)] ?? -1 : 0));
    if (c.some((v) => v < 0)) throw new RangeError("malformed base64 weights");
    const n = (c[0]! << 18) | (c[1]! << 12) | (c[2]! << 6) | c[3]!;
    if (o < bytes.length) bytes[o++] = (n >> 16) & 255;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  if (bytes.length % 4 !== 0) throw new RangeError("weights length is not a multiple of 4 bytes");
  return new Float32Array(bytes.buffer);
}
