/**
 * What an uploaded answer file really is, from its bytes (issue 14 §3) — never from its name or the
 * type the browser declared. PDF by `%PDF-`; PNG, JPEG, GIF and WebP by their signatures; office
 * documents as ZIP archives: OOXML (Word, Excel, PowerPoint) holds `[Content_Types].xml` and a
 * `word/`, `xl/` or `ppt/` part, ODF starts with a stored `mimetype` entry naming an OpenDocument
 * type. Pure: the object is read through `read(offset, length)` (ranged reads on S3), so only the
 * head and the ZIP central directory are fetched.
 */
import type { FileKind } from './questions.ts';

export type FileFormat = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods' | 'odp' | 'odg';

export const FORMAT_INFO: Record<FileFormat, { kind: FileKind; contentType: string; extension: string }> = {
  pdf: { kind: 'pdf', contentType: 'application/pdf', extension: 'pdf' },
  png: { kind: 'image', contentType: 'image/png', extension: 'png' },
  jpeg: { kind: 'image', contentType: 'image/jpeg', extension: 'jpg' },
  gif: { kind: 'image', contentType: 'image/gif', extension: 'gif' },
  webp: { kind: 'image', contentType: 'image/webp', extension: 'webp' },
  docx: { kind: 'office', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { kind: 'office', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  pptx: { kind: 'office', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' },
  odt: { kind: 'office', contentType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  ods: { kind: 'office', contentType: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' },
  odp: { kind: 'office', contentType: 'application/vnd.oasis.opendocument.presentation', extension: 'odp' },
  odg: { kind: 'office', contentType: 'application/vnd.oasis.opendocument.graphics', extension: 'odg' },
};

export type SniffResult = { ok: true; format: FileFormat; kind: FileKind } | { ok: false; code: 'EMPTY' | 'ZIP_NOT_OFFICE' | 'NOT_RECOGNISED' };

export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const u16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16)) + b[i + 3]! * 0x1000000;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EOCD = [0x50, 0x4b, 0x05, 0x06];
const ZIP_CENTRAL = [0x50, 0x4b, 0x01, 0x02];
/** The end-of-central-directory record is 22 bytes plus a comment of at most 65 535. */
const EOCD_SEARCH = 22 + 0xffff;
const CENTRAL_MAX = 4 * 1024 * 1024;
const ODF_MIME = 'application/vnd.oasis.opendocument.';
const ODF_FORMATS: Record<string, FileFormat> = { text: 'odt', spreadsheet: 'ods', presentation: 'odp', graphics: 'odg' };

/** The format of a file whose first bytes (≥ 64 if it has them) are `head`, or undefined when it is no ZIP-free known format. */
export function sniffHead(head: Uint8Array): FileFormat | 'zip' | undefined {
  if (ascii(head, 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(head, PNG)) return 'png';
  if (startsWith(head, JPEG)) return 'jpeg';
  const six = ascii(head, 0, 6);
  if (six === 'GIF87a' || six === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(head, ZIP_LOCAL)) return 'zip';
  return undefined;
}

/** Entry names in a ZIP's central directory, or undefined when it has none that parses. */
export async function zipEntryNames(read: RangeReader, size: number): Promise<string[] | undefined> {
  if (size < 22) return undefined;
  const tailStart = Math.max(0, size - EOCD_SEARCH);
  const tail = await read(tailStart, size - tailStart);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (startsWith(tail, ZIP_EOCD, i)) {
      at = i;
      break;
    }
  if (at < 0) return undefined;
  const entries = u16(tail, at + 10);
  const cdSize = u32(tail, at + 12);
  const cdOffset = u32(tail, at + 16);
  if (cdSize > CENTRAL_MAX || cdOffset + cdSize > tailStart + at || entries === 0) return undefined;
  const cd = await read(cdOffset, cdSize);
  if (cd.length < cdSize) return undefined;
  const names: string[] = [];
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > cd.length || !startsWith(cd, ZIP_CENTRAL, p)) return undefined;
    const nameLength = u16(cd, p + 28);
    const extra = u16(cd, p + 30);
    const comment = u16(cd, p + 32);
    if (p + 46 + nameLength > cd.length) return undefined;
    names.push(new TextDecoder().decode(cd.subarray(p + 46, p + 46 + nameLength)));
    p += 46 + nameLength + extra + comment;
  }
  return names;
}

async function sniffZip(read: RangeReader, size: number): Promise<FileFormat | undefined> {
  // ODF: the first entry is `mimetype`, stored (not compressed), holding the document's type.
  const head = await read(0, Math.min(size, 30 + 8 + 64));
  if (u16(head, 8) === 0 && u16(head, 26) === 8 && ascii(head, 30, 38) === 'mimetype') {
    const start = 30 + 8 + u16(head, 28);
    const body = await read(start, 80);
    const mime = ascii(body, 0, Math.min(u32(head, 18), body.length));
    if (mime.startsWith(ODF_MIME)) {
      const format = ODF_FORMATS[mime.slice(ODF_MIME.length)];
      if (format) {
        const names = await zipEntryNames(read, size);
        return names?.[0] === 'mimetype' ? format : undefined;
      }
    }
  }
  const names = await zipEntryNames(read, size);
  if (!names || !names.includes('[Content_Types].xml')) return undefined;
  if (names.some((n) => n.startsWith('word/'))) return 'docx';
  if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (names.some((n) => n.startsWith('ppt/'))) return 'pptx';
  return undefined;
}

/** What the object of `size` bytes behind `read` is, judged from its content. */
export async function sniffFile(read: RangeReader, size: number): Promise<SniffResult> {
  if (size === 0) return { ok: false, code: 'EMPTY' };
  const head = await read(0, Math.min(size, 64));
  const first = sniffHead(head);
  const format = first === 'zip' ? await sniffZip(read, size) : first;
  if (!format) return { ok: false, code: first === 'zip' ? 'ZIP_NOT_OFFICE' : 'NOT_RECOGNISED' };
  return { ok: true, format, kind: FORMAT_INFO[format].kind };
}

/** `sniffFile` over bytes in memory. */
export function sniffBytes(bytes: Uint8Array): Promise<SniffResult> {
  return sniffFile(async (offset, length) => bytes.subarray(offset, offset + length), bytes.length);
}
