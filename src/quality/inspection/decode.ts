import { ValidationError } from "../../kernel/index.js";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { toGray, type GrayImage } from "./image.js";

/** The image formats the inspection trainer and classifier read. */
export type ImageFormat = "jpeg" | "png" | "bmp";

/** Tells the format from the file's first bytes (magic numbers), not from its name. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "png";
  if (bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d) return "bmp";
  return undefined;
}

/** Largest image accepted (pixels): a station camera frame, not a panorama; guards memory. */
const MAX_PIXELS = 40_000_000;

/**
 * Decodes a JPEG, PNG or BMP file to greyscale. A file that is not one of these or is damaged
 * throws a ValidationError naming `name` and the reason, so a batch can report it and go on.
 * @example decodeImage(readFileSync("a.jpg"), "a.jpg") // { width: 200, height: 200, data }
 */
export function decodeImage(bytes: Uint8Array, name = "image"): GrayImage {
  const format = sniffFormat(bytes);
  if (!format) throw new ValidationError(`${name}: not a JPEG, PNG or BMP image (unknown signature)`, [{ path: name, message: "unknown image format" }]);
  try {
    if (format === "jpeg") {
      const im = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
      const channels = im.data.length / (im.width * im.height);
      return toGray(im.width, im.height, im.data, channels);
    }
    if (format === "png") {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return toGray(png.width, png.height, png.data, 4);
    }
    return decodeBmp(bytes);
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new ValidationError(`${name}: damaged ${format.toUpperCase()} image (${why})`, [{ path: name, message: why }]);
  }
}

/**
 * Reads an uncompressed Windows BMP (BITMAPINFOHEADER or later): 8-bit palettized, 24-bit and
 * 32-bit (BI_RGB / BI_BITFIELDS with the usual masks), bottom-up or top-down rows.
 * NEU-CLS ships as 8-bit greyscale BMP.
 */
export function decodeBmp(bytes: Uint8Array): GrayImage {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (m: string): never => {
    throw new Error(m);
  };
  if (bytes.length < 54) fail("file shorter than the BMP headers");
  const offset = dv.getUint32(10, true);
  const headerSize = dv.getUint32(14, true);
  if (headerSize < 40) fail(`unsupported BMP header size ${headerSize}`);
  const width = dv.getInt32(18, true);
  const rawHeight = dv.getInt32(22, true);
  const bpp = dv.getUint16(28, true);
  const compression = dv.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height <= 0 || width * height > MAX_PIXELS) fail(`bad BMP size ${width}×${rawHeight}`);
  if (compression !== 0 && !(compression === 3 && bpp === 32)) fail(`compressed BMP (method ${compression}) is not supported`);
  if (bpp !== 8 && bpp !== 24 && bpp !== 32) fail(`${bpp}-bit BMP is not supported`);
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (offset + stride * height > bytes.length) fail("BMP pixel data is truncated");
  let palette: Float32Array | undefined;
  if (bpp === 8) {
    const colours = dv.getUint32(46, true) || 256;
    const pstart = 14 + headerSize;
    palette = new Float32Array(256);
    for (let i = 0; i < colours && pstart + i * 4 + 2 < offset; i++) {
      const b = bytes[pstart + i * 4]!;
      const g = bytes[pstart + i * 4 + 1]!;
      const r = bytes[pstart + i * 4 + 2]!;
      palette[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    }
  }
  const data = new Float32Array(width * height);
  const step = bpp / 8;
  for (let y = 0; y < height; y++) {
    const row = offset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const p = row + x * step;
      data[y * width + x] = palette ? palette[bytes[p]!]! : 0.299 * bytes[p + 2]! + 0.587 * bytes[p + 1]! + 0.114 * bytes[p]!;
    }
  }
  return { width, height, data };
}

/** Writes an 8-bit greyscale BMP (for tests and for exporting crops). */
export function encodeBmpGray(img: GrayImage): Uint8Array {
  const stride = Math.ceil(img.width / 4) * 4;
  const offset = 14 + 40 + 256 * 4;
  const size = offset + stride * img.height;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  dv.setUint32(2, size, true);
  dv.setUint32(10, offset, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, img.width, true);
  dv.setInt32(22, img.height, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, 8, true);
  dv.setUint32(46, 256, true);
  for (let i = 0; i < 256; i++) out.set([i, i, i, 0], 54 + i * 4);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      out[offset + (img.height - 1 - y) * stride + x] = Math.max(0, Math.min(255, Math.round(img.data[y * img.width + x]!)));
  return out;
}
