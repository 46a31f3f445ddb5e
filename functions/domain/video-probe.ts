/**
 * Video probe: reads a video's container header through ranged reads and reports its format,
 * duration and picture size — without downloading the media data.
 *
 * - MP4 / QuickTime (ISO BMFF): walks the top-level boxes reading only their 8/16-byte headers,
 *   finds `moov` wherever it sits (start or end), reads just that box and parses `mvhd` (duration)
 *   and the video track's `tkhd` (size). `mdat` is never read.
 * - WebM / Matroska (EBML): reads the first chunk, walks the Segment's top-level elements up to
 *   the first Cluster (following the SeekHead when Info or Tracks sit elsewhere) and parses Info
 *   (TimecodeScale, Duration) and Tracks (PixelWidth, PixelHeight). Matroska (DocType
 *   `matroska`, e.g. .mkv) is read the same way and reported as 'webm'.
 *
 * - Codecs (issue 14): the first sample entry in each track's `stsd` (its four-character code,
 *   and for `mp4a` the object type from `esds`), or the Matroska TrackEntry's CodecID. A file
 *   whose codec cannot be read is still a video; `codecs.video` is then undefined.
 *
 * Pure: no I/O of its own, no Node or AWS imports. Malformed input never throws — every problem
 * with the file becomes an `ok: false` result. The promise rejects only if `read` itself rejects
 * (an I/O failure says nothing about the file, so the caller should retry rather than refuse it).
 */

export type ContainerFormat = 'mp4' | 'quicktime' | 'webm';

/** Reads `length` bytes at `offset` (fewer at end of file). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

export type ProbeFailureReason = 'not-a-video' | 'unsupported-format' | 'truncated' | 'no-duration';

export type VideoCodec = 'h264' | 'hevc' | 'av1' | 'vp8' | 'vp9' | 'mpeg4' | 'prores' | 'mjpeg' | 'theora' | 'other';
export type AudioCodec = 'aac' | 'mp3' | 'opus' | 'vorbis' | 'flac' | 'ac3' | 'eac3' | 'alac' | 'pcm' | 'other';

/** A track's codec: what it is, and the identifier the file used (`hvc1`, `mp4a.40.2`, `V_VP9` …). */
export interface CodecOf<C extends string> {
  codec: C;
  id: string;
}

/** The codecs of the first video and the first audio track (the ones a player picks). */
export interface Codecs {
  video?: CodecOf<VideoCodec>;
  /** Absent: the file has no audio track (or its codec could not be read: see `audioUnread`). */
  audio?: CodecOf<AudioCodec>;
  /** An audio track exists but its codec could not be read. */
  audioUnread?: true;
}

export type ProbeResult =
  | { ok: true; format: ContainerFormat; durationSeconds: number; width?: number; height?: number; codecs: Codecs }
  | { ok: false; reason: ProbeFailureReason; detail: string };

/** Bounds that keep a hostile or broken file from costing unbounded reads, memory or time. */
export const PROBE_LIMITS = {
  /** Bytes read first, for sniffing (ISO BMFF) — never more than needed to see the first boxes. */
  isoHeadBytes: 64,
  /** Largest `moov` read into memory. */
  maxMoovBytes: 64 * 1024 * 1024,
  /** Top-level ISO boxes walked before giving up (fragmented MP4 has two per fragment). */
  maxTopLevelBoxes: 1024,
  /** First EBML read; also covers Info and Tracks in every ordinary WebM file. */
  ebmlFirstChunkBytes: 256 * 1024,
  /** Later EBML reads (element headers further into the file). */
  ebmlChunkBytes: 4 * 1024,
  /** Largest EBML header / SeekHead / Info / Tracks element read into memory. */
  maxEbmlMasterBytes: 4 * 1024 * 1024,
  /** Top-level elements of a Segment walked before giving up. */
  maxSegmentChildren: 1024,
  /** Longest codec identifier kept (a Matroska CodecID is a free string). */
  maxCodecIdChars: 64,
  /** Calls to `read` per probe, whatever the file says. */
  maxReads: 4096,
} as const;

/** A problem with the file itself: becomes `{ ok: false }`. */
class ProbeFailure extends Error {
  constructor(
    readonly reason: ProbeFailureReason,
    detail: string,
  ) {
    super(detail);
  }
}

/** Wraps an error thrown by the caller's reader, so it is rethrown rather than reported. */
class ReaderFailure extends Error {
  constructor(readonly original: unknown) {
    super('read failed');
  }
}

const fail = (reason: ProbeFailureReason, detail: string): ProbeResult => ({ ok: false, reason, detail });

export async function probeVideo(read: RangeReader, size: number): Promise<ProbeResult> {
  if (!Number.isSafeInteger(size) || size < 0) return fail('not-a-video', `invalid file size ${String(size)}`);
  if (size === 0) return fail('not-a-video', 'the file is empty');
  const source = new Source(read, size);
  let format: ContainerFormat | undefined;
  try {
    const head = await source.bytes(0, PROBE_LIMITS.isoHeadBytes);
    format = sniffContainer(head);
    if (format === undefined) {
      const other = recogniseOther(head);
      return other?.video
        ? fail('unsupported-format', `${other.label}; only MP4, QuickTime and WebM are supported`)
        : fail('not-a-video', other ? `${other.label}, not a video` : 'not a recognised video container');
    }
    return format === 'webm' ? await probeEbml(source) : await probeIso(source, format);
  } catch (error) {
    if (error instanceof ReaderFailure) throw error.original;
    if (error instanceof ProbeFailure) return fail(error.reason, error.message);
    // A bug or an input shape not anticipated: still a verdict, never an exception.
    const message = error instanceof Error ? error.message : String(error);
    return fail(format === undefined ? 'not-a-video' : 'unsupported-format', `could not parse the ${format ?? 'file'} container: ${message}`);
  }
}

/** Sniffs the container from the first bytes (≥ 64 recommended); undefined if not a known video. */
export function sniffContainer(head: Uint8Array): ContainerFormat | undefined {
  if (head.length >= 4 && u32(head, 0) === EBML_ID.EBML) {
    const docType = sniffDocType(head);
    return docType === undefined || docType === 'webm' || docType === 'matroska' ? 'webm' : undefined;
  }
  if (head.length < 8) return undefined;
  const boxSize = u32(head, 0);
  const type = fourcc(head, 4);
  if (boxSize !== 0 && boxSize !== 1 && boxSize < 8) return undefined;
  if (type === 'ftyp') {
    if (head.length < 12) return 'mp4'; // brand not visible yet; the probe will find the rest
    const brand = fourcc(head, 8);
    if (brand === 'qt  ') return 'quicktime';
    return NON_VIDEO_BRANDS[brand] === undefined ? 'mp4' : undefined;
  }
  // Older QuickTime files have no ftyp and start straight with one of these.
  return QUICKTIME_FIRST_BOXES.has(type) ? 'quicktime' : undefined;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The file behind a RangeReader: bounds every read by the file size and counts reads. */
class Source {
  reads = 0;
  private cache: { offset: number; data: Uint8Array } | undefined;

  constructor(
    private readonly read: RangeReader,
    readonly size: number,
  ) {}

  /**
   * Up to `length` bytes at `offset` — fewer only at the end of the file or when the reader
   * returns less. On a cache miss, reads `minRead` bytes (default: exactly what was asked).
   */
  async bytes(offset: number, length: number, minRead = length): Promise<Uint8Array> {
    if (offset < 0 || offset >= this.size || length <= 0) return new Uint8Array(0);
    const want = Math.min(length, this.size - offset);
    const cached = this.cache;
    if (cached && offset >= cached.offset && offset + want <= cached.offset + cached.data.length) {
      return cached.data.subarray(offset - cached.offset, offset - cached.offset + want);
    }
    if (++this.reads > PROBE_LIMITS.maxReads) {
      throw new ProbeFailure('unsupported-format', `gave up after ${PROBE_LIMITS.maxReads} reads`);
    }
    const count = Math.min(Math.max(want, minRead), this.size - offset);
    let data: unknown;
    try {
      data = await this.read(offset, count);
    } catch (error) {
      throw new ReaderFailure(error);
    }
    if (!(data instanceof Uint8Array)) throw new ReaderFailure(new TypeError('RangeReader must resolve to a Uint8Array'));
    const chunk = data.length > count ? data.subarray(0, count) : data;
    this.cache = { offset, data: chunk };
    return chunk.subarray(0, Math.min(want, chunk.length));
  }
}

function u32(buf: Uint8Array, pos: number): number {
  return ((buf[pos]! << 24) | (buf[pos + 1]! << 16) | (buf[pos + 2]! << 8) | buf[pos + 3]!) >>> 0;
}

function i32(buf: Uint8Array, pos: number): number {
  return u32(buf, pos) | 0;
}

/** 64-bit big-endian as a number (exact up to 2^53; larger values only need to compare as huge). */
function u64(buf: Uint8Array, pos: number): number {
  return u32(buf, pos) * 0x1_0000_0000 + u32(buf, pos + 4);
}

function fourcc(buf: Uint8Array, pos: number): string {
  return String.fromCharCode(buf[pos]!, buf[pos + 1]!, buf[pos + 2]!, buf[pos + 3]!);
}

function isPrintableFourcc(type: string): boolean {
  return /^[\x20-\x7e]{4}$/.test(type);
}

function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

// ---------------------------------------------------------------------------------------------
// What else a file might be (for a helpful detail)

const NON_VIDEO_BRANDS: Record<string, string> = {
  heic: 'a HEIC image',
  heix: 'a HEIC image',
  heim: 'a HEIC image',
  heis: 'a HEIC image',
  mif1: 'a HEIF image',
  avif: 'an AVIF image',
  avci: 'an AVC still image',
  'crx ': 'a Canon raw photo',
  'M4A ': 'an audio file (M4A)',
  'M4B ': 'an audiobook (M4B)',
  'M4P ': 'an audio file (M4P)',
};

const QUICKTIME_FIRST_BOXES = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

function recogniseOther(head: Uint8Array): { label: string; video: boolean } | undefined {
  const ascii = (pos: number, text: string) =>
    head.length >= pos + text.length && [...text].every((ch, i) => head[pos + i] === ch.charCodeAt(0));
  const bytes = (pos: number, values: number[]) => head.length >= pos + values.length && values.every((v, i) => head[pos + i] === v);
  if (head.length >= 12 && fourcc(head, 4) === 'ftyp') {
    const label = NON_VIDEO_BRANDS[fourcc(head, 8)];
    if (label) return { label, video: false };
  }
  if (u32(head, 0) === EBML_ID.EBML) return { label: `an EBML document of type '${sniffDocType(head) ?? '?'}'`, video: false };
  if (ascii(0, 'RIFF') && ascii(8, 'AVI ')) return { label: 'an AVI video', video: true };
  if (bytes(0, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return { label: 'a Windows Media (ASF/WMV) video', video: true };
  if (ascii(0, 'FLV') && head[3] === 1) return { label: 'a Flash video (FLV)', video: true };
  if (bytes(0, [0x00, 0x00, 0x01, 0xba])) return { label: 'an MPEG program stream video', video: true };
  if (ascii(0, 'OggS')) return { label: 'an Ogg file', video: true };
  if (ascii(0, '%PDF')) return { label: 'a PDF document', video: false };
  if (bytes(0, [0x89, 0x50, 0x4e, 0x47])) return { label: 'a PNG image', video: false };
  if (bytes(0, [0xff, 0xd8, 0xff])) return { label: 'a JPEG image', video: false };
  if (ascii(0, 'GIF8')) return { label: 'a GIF image', video: false };
  if (ascii(0, 'PK') && (head[2] === 3 || head[2] === 5)) return { label: 'a ZIP archive (or Office document)', video: false };
  if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return { label: 'a WAV audio file', video: false };
  if (ascii(0, 'ID3') || bytes(0, [0xff, 0xfb])) return { label: 'an MP3 audio file', video: false };
  if (head.length > 0 && head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f))) {
    return { label: 'a text file', video: false };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// MP4 / QuickTime (ISO base media file format)

interface IsoBox {
  type: string;
  /** First payload byte (after the 8- or 16-byte header). */
  start: number;
  end: number;
}

/** The child boxes of `buf[start, end)`. Stops quietly at anything malformed (players do too). */
function* isoChildren(buf: Uint8Array, start: number, end: number): Generator<IsoBox> {
  let pos = start;
  while (end - pos >= 8) {
    let size = u32(buf, pos);
    const type = fourcc(buf, pos + 4);
    let header = 8;
    if (size === 1) {
      if (end - pos < 16) return;
      size = u64(buf, pos + 8);
      header = 16;
    } else if (size === 0) {
      size = end - pos;
    }
    if (size < header || size > end - pos) return;
    yield { type, start: pos + header, end: pos + size };
    pos += size;
  }
}

function child(buf: Uint8Array, parent: IsoBox, type: string): IsoBox | undefined {
  for (const box of isoChildren(buf, parent.start, parent.end)) if (box.type === type) return box;
  return undefined;
}

async function probeIso(src: Source, format: ContainerFormat): Promise<ProbeResult> {
  const size = src.size;
  let moov: { offset: number; size: number; header: number } | undefined;
  let offset = 0;
  let boxes = 0;
  // Walk every top-level box by its header alone; carry on past moov so that a cut-off mdat after
  // it (a faststart file whose upload stopped early) is still noticed.
  while (offset < size) {
    if (++boxes > PROBE_LIMITS.maxTopLevelBoxes) {
      if (moov) break;
      throw new ProbeFailure('unsupported-format', `no 'moov' box within the first ${PROBE_LIMITS.maxTopLevelBoxes} top-level boxes`);
    }
    const remaining = size - offset;
    if (remaining < 8) {
      if (moov) break; // a few stray bytes after a complete file
      throw new ProbeFailure('truncated', `the file ends ${remaining} byte(s) into a box header at offset ${offset}, before any 'moov' box`);
    }
    const header = await src.bytes(offset, 8);
    if (header.length < 8) throw shortRead(offset, size);
    let boxSize = u32(header, 0);
    const type = fourcc(header, 4);
    let headerSize = 8;
    if (boxSize === 1) {
      const large = remaining >= 16 ? await src.bytes(offset + 8, 8) : new Uint8Array(0);
      if (large.length < 8) {
        if (moov) break;
        throw new ProbeFailure('truncated', `the file ends inside the 64-bit header of box '${printable(type)}' at offset ${offset}`);
      }
      boxSize = u64(large, 0);
      headerSize = 16;
    } else if (boxSize === 0) {
      boxSize = remaining; // "extends to the end of the file"
    }
    if (!isPrintableFourcc(type) || boxSize < headerSize) {
      if (moov) break; // junk after the movie box, which players ignore
      throw new ProbeFailure('unsupported-format', `unreadable box at offset ${offset} (type ${printable(type)}, size ${boxSize})`);
    }
    if (boxSize > remaining) {
      throw new ProbeFailure(
        'truncated',
        `box '${type}' at offset ${offset} declares ${boxSize} bytes but the file ends ${remaining} bytes later (file size ${size}) — the upload looks cut off`,
      );
    }
    if (type === 'moov' && !moov) moov = { offset, size: boxSize, header: headerSize };
    offset += boxSize;
  }
  if (!moov) {
    throw new ProbeFailure(
      'truncated',
      `no 'moov' box (the movie header) in ${size} bytes — the upload was cut off or the recording was never finalised`,
    );
  }
  if (moov.size > PROBE_LIMITS.maxMoovBytes) {
    throw new ProbeFailure('unsupported-format', `the 'moov' box is ${moov.size} bytes, more than the ${PROBE_LIMITS.maxMoovBytes}-byte limit`);
  }
  const buf = await src.bytes(moov.offset, moov.size);
  if (buf.length < moov.size) throw shortRead(moov.offset + buf.length, size);
  return parseMoov(buf, { type: 'moov', start: moov.header, end: moov.size }, format, size);
}

interface IsoTrack {
  handler?: string;
  width: number;
  height: number;
  /** Largest chunk offset in stco/co64 (-1 if none): media data the file must contain. */
  lastChunkOffset: number;
  /** The first sample entry's type in stsd, and for `mp4a` its object type. */
  sampleEntry?: string;
}

function parseMoov(buf: Uint8Array, moov: IsoBox, format: ContainerFormat, fileSize: number): ProbeResult {
  let timescale: number | undefined;
  let duration: number | undefined;
  let fragmentDuration: number | undefined;
  let fragmented = false;
  const tracks: IsoTrack[] = [];
  for (const box of isoChildren(buf, moov.start, moov.end)) {
    const length = box.end - box.start;
    if (box.type === 'mvhd' && timescale === undefined) {
      const version = buf[box.start]!;
      if (version === 1 && length >= 32) {
        timescale = u32(buf, box.start + 20);
        duration = u32(buf, box.start + 24) === 0xffffffff && u32(buf, box.start + 28) === 0xffffffff ? undefined : u64(buf, box.start + 24);
      } else if (version === 0 && length >= 20) {
        timescale = u32(buf, box.start + 12);
        const d = u32(buf, box.start + 16);
        duration = d === 0xffffffff ? undefined : d;
      }
    } else if (box.type === 'trak') {
      tracks.push(parseTrak(buf, box));
    } else if (box.type === 'mvex') {
      fragmented = true;
      const mehd = child(buf, box, 'mehd');
      if (mehd) {
        const version = buf[mehd.start]!;
        const len = mehd.end - mehd.start;
        if (version === 1 && len >= 12) fragmentDuration = u64(buf, mehd.start + 4);
        else if (version === 0 && len >= 8) fragmentDuration = u32(buf, mehd.start + 4);
      }
    }
  }

  const video = tracks.find((t) => t.handler === 'vide') ?? tracks.find((t) => t.width > 0 && t.height > 0);
  if (!video) {
    const handlers = tracks.map((t) => t.handler ?? '?').join(', ');
    return fail('not-a-video', tracks.length === 0 ? `the ${format} file has no tracks` : `the ${format} file has no video track (tracks: ${handlers})`);
  }
  if (timescale === undefined) return fail('unsupported-format', `no readable 'mvhd' box in the ${format} movie header`);
  if (timescale === 0) return fail('no-duration', `the ${format} movie header has a timescale of 0`);
  const units = duration !== undefined && duration > 0 ? duration : fragmentDuration;
  if (units === undefined || !(units > 0)) {
    return fail(
      'no-duration',
      fragmented
        ? `the fragmented ${format} file does not state its duration in its header (mvhd/mehd)`
        : `the ${format} movie header gives a duration of 0`,
    );
  }
  const lastChunk = tracks.reduce((max, t) => Math.max(max, t.lastChunkOffset), -1);
  if (lastChunk >= fileSize) {
    return fail('truncated', `the movie header points at media data at offset ${lastChunk}, but the file ends at ${fileSize} — the upload looks cut off`);
  }
  const durationSeconds = units / timescale;
  if (!Number.isFinite(durationSeconds)) return fail('no-duration', `the ${format} duration is not a finite number`);
  const audio = tracks.find((t) => t.handler === 'soun');
  const codecs: Codecs = {};
  if (video.sampleEntry) codecs.video = isoVideoCodec(video.sampleEntry);
  if (audio?.sampleEntry) codecs.audio = isoAudioCodec(audio.sampleEntry);
  else if (audio) codecs.audioUnread = true;
  return withSize({ ok: true, format, durationSeconds, codecs }, video.width, video.height);
}

// ---- ISO codecs ---------------------------------------------------------------------------

/**
 * The codec identifier of a sample table's first sample entry: its four-character code, the
 * original format for an encrypted entry (`encv`/`enca` → `sinf/frma`, reported as `encv:avc1`),
 * and `mp4a.<object type>[.<audio object type>]` for MPEG-4 audio. Undefined if unreadable.
 */
function sampleEntryOf(buf: Uint8Array, stbl: IsoBox, handler: string | undefined): string | undefined {
  const stsd = child(buf, stbl, 'stsd');
  if (!stsd || stsd.end - stsd.start < 8 || u32(buf, stsd.start + 4) === 0) return undefined;
  const first = isoChildren(buf, stsd.start + 8, stsd.end).next();
  if (first.done) return undefined;
  const entry = first.value;
  if (!isPrintableFourcc(entry.type)) return undefined;
  const audio = handler === 'soun' || AUDIO_FOURCCS[entry.type] !== undefined;
  // Fixed fields before the entry's child boxes: 78 bytes for a visual entry, 28 for a sound
  // entry (QuickTime sound versions 1 and 2 add 16 and 36 bytes).
  let skip = 78;
  if (audio) {
    const version = entry.end - entry.start >= 10 ? (buf[entry.start + 8]! << 8) | buf[entry.start + 9]! : 0;
    skip = version === 1 ? 44 : version === 2 ? 64 : 28;
  }
  const childrenStart = Math.min(entry.start + skip, entry.end);
  let type = entry.type;
  if (type === 'encv' || type === 'enca') {
    const sinf = childIn(buf, childrenStart, entry.end, 'sinf');
    const frma = sinf && child(buf, sinf, 'frma');
    return frma && frma.end - frma.start >= 4 ? `${type}:${fourcc(buf, frma.start)}` : type;
  }
  if (type !== 'mp4a') return type;
  // MPEG-4 audio: the object type in esds (directly inside, or inside QuickTime's `wave`).
  const wave = childIn(buf, childrenStart, entry.end, 'wave');
  const esds = childIn(buf, childrenStart, entry.end, 'esds') ?? (wave && child(buf, wave, 'esds'));
  const objectType = esds ? esdsObjectType(buf, esds) : undefined;
  if (objectType) type += `.${objectType.oti.toString(16).toUpperCase().padStart(2, '0')}${objectType.aot ? `.${objectType.aot}` : ''}`;
  return type;
}

function childIn(buf: Uint8Array, start: number, end: number, type: string): IsoBox | undefined {
  for (const box of isoChildren(buf, start, end)) if (box.type === type) return box;
  return undefined;
}

/** objectTypeIndication (0x40 = MPEG-4 audio, 0x69/0x6B = MP3 …) and, for 0x40, the audio object type (2 = AAC-LC). */
function esdsObjectType(buf: Uint8Array, esds: IsoBox): { oti: number; aot?: number } | undefined {
  let pos = esds.start + 4; // version and flags
  const end = esds.end;
  // A descriptor: tag, then a length in 1–4 bytes of 7 bits each.
  const descriptor = (at: number): { tag: number; start: number; end: number } | undefined => {
    if (at >= end) return undefined;
    const tag = buf[at]!;
    let length = 0;
    let p = at + 1;
    for (let i = 0; i < 4; i++) {
      if (p >= end) return undefined;
      const b = buf[p++]!;
      length = (length << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    return { tag, start: p, end: Math.min(end, p + length) };
  };
  const es = descriptor(pos);
  if (!es || es.tag !== 0x03 || es.end - es.start < 3) return undefined;
  const flags = buf[es.start + 2]!;
  pos = es.start + 3;
  if (flags & 0x80) pos += 2; // dependsOn_ES_ID
  if (flags & 0x40) pos += 1 + (buf[pos] ?? 0); // URL
  if (flags & 0x20) pos += 2; // OCR_ES_Id
  const config = descriptor(pos);
  if (!config || config.tag !== 0x04 || config.end - config.start < 13) return undefined;
  const oti = buf[config.start]!;
  if (oti !== 0x40) return { oti };
  const specific = descriptor(config.start + 13);
  if (!specific || specific.tag !== 0x05 || specific.end <= specific.start) return { oti };
  let aot = buf[specific.start]! >> 3;
  if (aot === 31 && specific.end - specific.start >= 2) aot = 32 + (((buf[specific.start]! & 0x07) << 3) | (buf[specific.start + 1]! >> 5));
  return { oti, aot };
}

const VIDEO_FOURCCS: Record<string, VideoCodec> = {
  avc1: 'h264', avc2: 'h264', avc3: 'h264', avc4: 'h264',
  hvc1: 'hevc', hev1: 'hevc', dvh1: 'hevc', dvhe: 'hevc',
  av01: 'av1',
  vp08: 'vp8',
  vp09: 'vp9',
  mp4v: 'mpeg4',
  apch: 'prores', apcn: 'prores', apcs: 'prores', apco: 'prores', ap4h: 'prores', ap4x: 'prores',
  jpeg: 'mjpeg', mjpa: 'mjpeg', mjpb: 'mjpeg',
};

const AUDIO_FOURCCS: Record<string, AudioCodec> = {
  mp4a: 'aac',
  '.mp3': 'mp3',
  Opus: 'opus',
  fLaC: 'flac',
  'ac-3': 'ac3',
  'ec-3': 'eac3',
  alac: 'alac',
  lpcm: 'pcm', sowt: 'pcm', twos: 'pcm', ipcm: 'pcm', fpcm: 'pcm', 'raw ': 'pcm', in24: 'pcm', in32: 'pcm', fl32: 'pcm', fl64: 'pcm',
};

function isoVideoCodec(entry: string): CodecOf<VideoCodec> {
  return { codec: VIDEO_FOURCCS[entry] ?? 'other', id: entry.slice(0, PROBE_LIMITS.maxCodecIdChars) };
}

function isoAudioCodec(entry: string): CodecOf<AudioCodec> {
  const id = entry.slice(0, PROBE_LIMITS.maxCodecIdChars);
  if (entry.startsWith('mp4a.')) {
    const oti = entry.slice(5, 7);
    // 0x40 MPEG-4 audio, 0x66–0x68 MPEG-2 AAC; 0x69 and 0x6B MPEG-1/2 audio (MP3).
    if (oti === '40' || oti === '66' || oti === '67' || oti === '68') return { codec: 'aac', id };
    if (oti === '69' || oti === '6B') return { codec: 'mp3', id };
    return { codec: 'other', id };
  }
  return { codec: AUDIO_FOURCCS[entry] ?? 'other', id };
}

function parseTrak(buf: Uint8Array, trak: IsoBox): IsoTrack {
  const track: IsoTrack = { width: 0, height: 0, lastChunkOffset: -1 };
  for (const box of isoChildren(buf, trak.start, trak.end)) {
    if (box.type === 'tkhd') {
      const p = box.start;
      const version = buf[p]!;
      const fields = version === 1 ? 52 : 40; // offset of the matrix, after the version-dependent times
      if (box.end - p >= fields + 44) {
        const [a, b, c, d] = [i32(buf, p + fields), i32(buf, p + fields + 4), i32(buf, p + fields + 12), i32(buf, p + fields + 16)];
        let width = Math.round(u32(buf, p + fields + 36) / 0x10000);
        let height = Math.round(u32(buf, p + fields + 40) / 0x10000);
        // A quarter turn (portrait phone video): report the size as it is shown.
        if (a === 0 && d === 0 && b !== 0 && c !== 0) [width, height] = [height, width];
        track.width = width;
        track.height = height;
      }
    } else if (box.type === 'mdia') {
      const hdlr = child(buf, box, 'hdlr');
      if (hdlr && hdlr.end - hdlr.start >= 12) track.handler = fourcc(buf, hdlr.start + 8);
      const minf = child(buf, box, 'minf');
      const stbl = minf && child(buf, minf, 'stbl');
      if (stbl) {
        track.lastChunkOffset = lastChunkOffset(buf, stbl);
        track.sampleEntry = sampleEntryOf(buf, stbl, track.handler);
      }
    }
  }
  return track;
}

/** The largest chunk offset in a sample table's stco (32-bit) or co64 (64-bit) box; -1 if none. */
function lastChunkOffset(buf: Uint8Array, stbl: IsoBox): number {
  let last = -1;
  for (const box of isoChildren(buf, stbl.start, stbl.end)) {
    const width = box.type === 'stco' ? 4 : box.type === 'co64' ? 8 : 0;
    if (width === 0 || box.end - box.start < 8) continue;
    const count = Math.min(u32(buf, box.start + 4), Math.floor((box.end - box.start - 8) / width));
    for (let i = 0, pos = box.start + 8; i < count; i++, pos += width) {
      last = Math.max(last, width === 4 ? u32(buf, pos) : u64(buf, pos));
    }
  }
  return last;
}

function withSize(result: ProbeResult & { ok: true }, width?: number, height?: number): ProbeResult {
  return width && height && width > 0 && height > 0 ? { ...result, width, height } : result;
}

function printable(type: string): string {
  return isPrintableFourcc(type) ? `'${type}'` : `0x${[...type].map((ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('')}`;
}

function shortRead(offset: number, size: number): ProbeFailure {
  return new ProbeFailure('truncated', `reading at offset ${offset} returned fewer bytes than the file size (${size}) promises`);
}

// ---------------------------------------------------------------------------------------------
// WebM / Matroska (EBML)

const EBML_ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackType: 0x83,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  CodecID: 0x86,
  Cluster: 0x1f43b675,
} as const;

interface EbmlHeader {
  id: number;
  headerLength: number;
  /** undefined: "unknown size" (all ones), as live muxers write for Segment and Cluster. */
  size: number | undefined;
}

/** Parses an element header at `pos`; null if `buf` ends before it does. Throws if malformed. */
function parseEbmlHeader(buf: Uint8Array, pos: number, end: number): EbmlHeader | null {
  if (pos >= end) return null;
  const first = buf[pos]!;
  const idLength = first === 0 ? 9 : Math.clz32(first) - 23;
  if (idLength > 4) throw new ProbeFailure('unsupported-format', `invalid EBML element id at byte ${pos}`);
  if (pos + idLength >= end) return null;
  let id = 0;
  for (let i = 0; i < idLength; i++) id = id * 256 + buf[pos + i]!;
  const sizePos = pos + idLength;
  const sizeFirst = buf[sizePos]!;
  const sizeLength = sizeFirst === 0 ? 9 : Math.clz32(sizeFirst) - 23;
  if (sizeLength > 8) throw new ProbeFailure('unsupported-format', `invalid EBML element size at byte ${sizePos}`);
  if (sizePos + sizeLength > end) return null;
  const mask = 0xff >> sizeLength;
  let size = sizeFirst & mask;
  let allOnes = size === mask;
  for (let i = 1; i < sizeLength; i++) {
    const b = buf[sizePos + i]!;
    size = size * 256 + b;
    allOnes &&= b === 0xff;
  }
  return { id, headerLength: idLength + sizeLength, size: allOnes ? undefined : size };
}

interface EbmlChild {
  id: number;
  start: number;
  end: number;
}

/** The children of an in-memory master element. Throws on anything malformed. */
function* ebmlChildren(buf: Uint8Array, start: number, end: number): Generator<EbmlChild> {
  let pos = start;
  while (pos < end) {
    const header = parseEbmlHeader(buf, pos, end);
    if (!header || header.size === undefined || pos + header.headerLength + header.size > end) {
      throw new ProbeFailure('unsupported-format', `malformed EBML element at byte ${pos} of its parent`);
    }
    const dataStart = pos + header.headerLength;
    yield { id: header.id, start: dataStart, end: dataStart + header.size };
    pos = dataStart + header.size;
  }
}

function ebmlUint(buf: Uint8Array, el: EbmlChild): number {
  if (el.end - el.start > 8) throw new ProbeFailure('unsupported-format', 'EBML unsigned integer longer than 8 bytes');
  let value = 0;
  for (let i = el.start; i < el.end; i++) value = value * 256 + buf[i]!;
  return value;
}

function ebmlString(buf: Uint8Array, el: EbmlChild): string {
  let text = '';
  for (let i = el.start; i < el.end && buf[i] !== 0; i++) text += String.fromCharCode(buf[i]!);
  return text;
}

/** DocType from the EBML header in `head`, or undefined when `head` is too short or malformed. */
function sniffDocType(head: Uint8Array): string | undefined {
  try {
    const header = parseEbmlHeader(head, 0, head.length);
    if (!header || header.size === undefined) return undefined;
    const end = header.headerLength + header.size;
    if (end > head.length) return undefined;
    for (const el of ebmlChildren(head, header.headerLength, end)) if (el.id === EBML_ID.DocType) return ebmlString(head, el);
    return undefined;
  } catch {
    return undefined;
  }
}

interface EbmlElement {
  id: number;
  offset: number;
  dataStart: number;
  size: number | undefined;
}

async function ebmlElementAt(src: Source, offset: number): Promise<EbmlElement> {
  const buf = await src.bytes(offset, 12, PROBE_LIMITS.ebmlChunkBytes);
  const header = parseEbmlHeader(buf, 0, buf.length);
  if (!header) throw new ProbeFailure('truncated', `the file ends inside an EBML element header at offset ${offset}`);
  return { id: header.id, offset, dataStart: offset + header.headerLength, size: header.size };
}

/** Reads a whole (known-size, bounded) master element's payload into memory. */
async function ebmlPayload(src: Source, el: EbmlElement, name: string): Promise<Uint8Array> {
  if (el.size === undefined) throw new ProbeFailure('unsupported-format', `the ${name} element has an unknown size`);
  if (el.size > PROBE_LIMITS.maxEbmlMasterBytes) {
    throw new ProbeFailure('unsupported-format', `the ${name} element is ${el.size} bytes, more than the ${PROBE_LIMITS.maxEbmlMasterBytes}-byte limit`);
  }
  if (el.dataStart + el.size > src.size) {
    throw new ProbeFailure('truncated', `the ${name} element at offset ${el.offset} runs past the end of the file (${src.size} bytes)`);
  }
  const buf = await src.bytes(el.dataStart, el.size);
  if (buf.length < el.size) throw shortRead(el.dataStart + buf.length, src.size);
  return buf;
}

interface WebmInfo {
  timecodeScale: number;
  duration?: number;
  durationDetail?: string;
}

interface WebmTracks {
  entries: number;
  video?: { width: number; height: number };
  videoCodecId?: string;
  /** undefined: no audio track; '': an audio track without a CodecID. */
  audioCodecId?: string;
}

async function probeEbml(src: Source): Promise<ProbeResult> {
  const size = src.size;
  // One larger first read covers the EBML header, SeekHead, Info and Tracks of any ordinary file.
  await src.bytes(0, PROBE_LIMITS.ebmlFirstChunkBytes);
  const ebml = await ebmlElementAt(src, 0);
  const header = await ebmlPayload(src, ebml, 'EBML header');
  let docType: string | undefined;
  for (const el of ebmlChildren(header, 0, header.length)) if (el.id === EBML_ID.DocType) docType = ebmlString(header, el);
  if (docType !== 'webm' && docType !== 'matroska') {
    return fail(docType === undefined ? 'not-a-video' : 'unsupported-format', `EBML document type ${JSON.stringify(docType ?? null)} is not WebM or Matroska`);
  }

  // The Segment follows the EBML header (possibly after Void elements).
  let pos = ebml.dataStart + header.length;
  let segment: EbmlElement | undefined;
  for (let i = 0; i < 16 && pos < size && !segment; i++) {
    const el = await ebmlElementAt(src, pos);
    if (el.id === EBML_ID.Segment) segment = el;
    else if (el.size === undefined) break;
    else pos = el.dataStart + el.size;
  }
  if (!segment) {
    return pos >= size
      ? fail('truncated', `the ${docType} file has an EBML header but no Segment (file size ${size})`)
      : fail('unsupported-format', `no Segment element after the EBML header`);
  }
  const segStart = segment.dataStart;
  let segEnd = size;
  if (segment.size !== undefined) {
    segEnd = segStart + segment.size;
    if (segEnd > size) {
      return fail('truncated', `the Segment declares ${segment.size} bytes but the file ends ${size - segStart} bytes into it — the upload looks cut off`);
    }
  }

  let info: WebmInfo | undefined;
  let tracks: WebmTracks | undefined;
  const seekPositions = new Map<number, number>();
  const visited = new Set<number>();

  const visit = async (el: EbmlElement): Promise<void> => {
    if (visited.has(el.offset)) return;
    visited.add(el.offset);
    if (el.id === EBML_ID.Info && !info) info = parseInfo(await ebmlPayload(src, el, 'Info'));
    else if (el.id === EBML_ID.Tracks && !tracks) tracks = parseTracks(await ebmlPayload(src, el, 'Tracks'));
    else if (el.id === EBML_ID.SeekHead) {
      const seekHead = await ebmlPayload(src, el, 'SeekHead');
      for (const [id, position] of parseSeekHead(seekHead)) if (!seekPositions.has(id)) seekPositions.set(id, position);
    }
  };
  /** Follows the SeekHead to `id`, if it points somewhere sensible. */
  const seekTo = async (id: number, name: string): Promise<void> => {
    const position = seekPositions.get(id);
    if (position === undefined) return;
    const offset = segStart + position;
    if (offset >= size) throw new ProbeFailure('truncated', `the SeekHead places ${name} at offset ${offset}, past the end of the file (${size} bytes)`);
    if (offset < segStart || visited.has(offset)) return;
    const el = await ebmlElementAt(src, offset);
    if (el.id === id) await visit(el);
  };

  // Walk the Segment's top-level elements until the media (Clusters) starts.
  let seekFollowed = false;
  pos = segStart;
  for (let count = 0; pos < segEnd && count < PROBE_LIMITS.maxSegmentChildren; count++) {
    const el = await ebmlElementAt(src, pos);
    if (el.id === EBML_ID.Cluster) {
      if (!seekFollowed) {
        // Info/Tracks not seen yet? The SeekHead may say where they are (e.g. after the media).
        seekFollowed = true;
        if (!info) await seekTo(EBML_ID.Info, 'Info');
        if (!tracks) await seekTo(EBML_ID.Tracks, 'Tracks');
      }
      if (info) break;
      // Still no Info: skip Clusters (by size) in case it comes later, within the limits.
    } else {
      await visit(el);
      if (info && tracks) break;
    }
    if (el.size === undefined) break; // cannot skip what has no size
    pos = el.dataStart + el.size;
  }
  if (!seekFollowed) {
    if (!info) await seekTo(EBML_ID.Info, 'Info');
    if (!tracks) await seekTo(EBML_ID.Tracks, 'Tracks');
  }

  // Copies with declared types: TypeScript cannot see the assignments made inside `visit`.
  const found: WebmTracks | undefined = tracks;
  if (found && found.entries > 0 && !found.video) return fail('not-a-video', `the ${docType} file has no video track`);
  const segmentInfo: WebmInfo | undefined = info;
  if (!segmentInfo) return fail('no-duration', `no Segment Info element found before the media data or via the SeekHead`);
  if (segmentInfo.timecodeScale === 0) return fail('unsupported-format', 'the Segment Info has a TimecodeScale of 0');
  if (segmentInfo.duration === undefined) {
    return fail(
      'no-duration',
      segmentInfo.durationDetail ??
        'the Segment Info has no Duration — typical of a live recording (e.g. the browser MediaRecorder); re-export the file so it states its length',
    );
  }
  const durationSeconds = (segmentInfo.duration * segmentInfo.timecodeScale) / 1e9;
  if (!Number.isFinite(durationSeconds) || !(durationSeconds > 0)) {
    return fail('no-duration', `the Segment Info gives a Duration of ${segmentInfo.duration}`);
  }
  const codecs: Codecs = {};
  if (found?.videoCodecId) codecs.video = matroskaVideoCodec(found.videoCodecId);
  if (found?.audioCodecId) codecs.audio = matroskaAudioCodec(found.audioCodecId);
  else if (found?.audioCodecId === '') codecs.audioUnread = true;
  return withSize({ ok: true, format: 'webm', durationSeconds, codecs }, found?.video?.width, found?.video?.height);
}

function parseInfo(buf: Uint8Array): WebmInfo {
  const info: WebmInfo = { timecodeScale: 1_000_000 };
  for (const el of ebmlChildren(buf, 0, buf.length)) {
    if (el.id === EBML_ID.TimecodeScale) info.timecodeScale = ebmlUint(buf, el);
    else if (el.id === EBML_ID.Duration) {
      const length = el.end - el.start;
      const data = view(buf.subarray(el.start, el.end));
      if (length === 4) info.duration = data.getFloat32(0);
      else if (length === 8) info.duration = data.getFloat64(0);
      else info.durationDetail = `the Segment Info's Duration is ${length} bytes long (must be 4 or 8)`;
    }
  }
  return info;
}

function parseTracks(buf: Uint8Array): WebmTracks {
  const result: WebmTracks = { entries: 0 };
  for (const entry of ebmlChildren(buf, 0, buf.length)) {
    if (entry.id !== EBML_ID.TrackEntry) continue;
    result.entries++;
    let trackType: number | undefined;
    let video: { width: number; height: number } | undefined;
    let codecId = '';
    for (const el of ebmlChildren(buf, entry.start, entry.end)) {
      if (el.id === EBML_ID.TrackType) trackType = ebmlUint(buf, el);
      else if (el.id === EBML_ID.CodecID) codecId = ebmlString(buf, { ...el, end: Math.min(el.end, el.start + PROBE_LIMITS.maxCodecIdChars) });
      else if (el.id === EBML_ID.Video) {
        video = { width: 0, height: 0 };
        for (const v of ebmlChildren(buf, el.start, el.end)) {
          if (v.id === EBML_ID.PixelWidth) video.width = ebmlUint(buf, v);
          else if (v.id === EBML_ID.PixelHeight) video.height = ebmlUint(buf, v);
        }
      }
    }
    if (!result.video && (trackType === 1 || video)) {
      result.video = video ?? { width: 0, height: 0 };
      if (codecId) result.videoCodecId = codecId;
    } else if (trackType === 2 && result.audioCodecId === undefined) result.audioCodecId = codecId;
  }
  return result;
}

function matroskaVideoCodec(id: string): CodecOf<VideoCodec> {
  const codec: VideoCodec =
    id === 'V_VP8' ? 'vp8'
    : id === 'V_VP9' ? 'vp9'
    : id === 'V_AV1' ? 'av1'
    : id === 'V_MPEG4/ISO/AVC' ? 'h264'
    : id === 'V_MPEGH/ISO/HEVC' ? 'hevc'
    : id === 'V_THEORA' ? 'theora'
    : id === 'V_PRORES' ? 'prores'
    : id === 'V_MJPEG' ? 'mjpeg'
    : id.startsWith('V_MPEG4/ISO/') ? 'mpeg4'
    : 'other';
  return { codec, id };
}

function matroskaAudioCodec(id: string): CodecOf<AudioCodec> {
  const codec: AudioCodec =
    id === 'A_OPUS' ? 'opus'
    : id === 'A_VORBIS' ? 'vorbis'
    : id === 'A_AAC' || id.startsWith('A_AAC/') ? 'aac'
    : id === 'A_MPEG/L3' ? 'mp3'
    : id === 'A_FLAC' ? 'flac'
    : id === 'A_AC3' ? 'ac3'
    : id === 'A_EAC3' ? 'eac3'
    : id === 'A_ALAC' ? 'alac'
    : id.startsWith('A_PCM/') ? 'pcm'
    : 'other';
  return { codec, id };
}

function parseSeekHead(buf: Uint8Array): Array<[number, number]> {
  const entries: Array<[number, number]> = [];
  for (const seek of ebmlChildren(buf, 0, buf.length)) {
    if (seek.id !== EBML_ID.Seek) continue;
    let id: number | undefined;
    let position: number | undefined;
    for (const el of ebmlChildren(buf, seek.start, seek.end)) {
      if (el.id === EBML_ID.SeekID && el.end - el.start <= 4) id = ebmlUint(buf, el);
      else if (el.id === EBML_ID.SeekPosition) position = ebmlUint(buf, el);
    }
    if (id !== undefined && position !== undefined) entries.push([id, position]);
  }
  return entries;
}
