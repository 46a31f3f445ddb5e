/** Byte builders for the probe's tests (video-probe, video-codecs): ISO BMFF boxes and EBML numbers, by hand. */

export const ascii = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

export const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
};

/** `value` big-endian in `bytes` bytes. */
export const be = (value: number, bytes: number) => {
  const out = new Uint8Array(bytes);
  for (let i = bytes - 1, v = BigInt(value); i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
};

export const zeros = (n: number) => new Uint8Array(n);

/** A big-endian IEEE 754 double (EBML floats). */
export const f64 = (v: number) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, v);
  return out;
};

/** An ISO box with a 32-bit size (or an explicit `sizeField`, e.g. 0). */
export const box = (type: string, payload: Uint8Array, sizeField?: number) => concat(be(sizeField ?? 8 + payload.length, 4), ascii(type), payload);

export const ftyp = (brand = 'isom') => box('ftyp', concat(ascii(brand), be(512, 4), ascii(brand), ascii('mp41')));
