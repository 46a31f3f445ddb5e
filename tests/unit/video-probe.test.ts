import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROBE_LIMITS, probeVideo, sniffContainer, type ProbeResult } from '../../functions/domain/video-probe.ts';
import { ascii, be, box, concat, f64, ftyp, zeros } from '../support/video-bytes.ts';

// Fixtures: tests/fixtures/video (regenerate with generate.sh). Expected values from ffprobe.
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/video/${name}`, import.meta.url)));

interface Read {
  offset: number;
  length: number;
}

/** A RangeReader over bytes in memory that records every read and checks it stays in bounds. */
function recordingReader(data: Uint8Array) {
  const reads: Read[] = [];
  const read = async (offset: number, length: number) => {
    reads.push({ offset, length });
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length <= 0 || offset >= data.length) {
      throw new Error(`out-of-bounds read ${offset}+${length} of ${data.length}`);
    }
    return data.slice(offset, offset + length);
  };
  const bytesRead = () => reads.reduce((sum, r) => sum + r.length, 0);
  return { read, reads, bytesRead };
}

async function probe(data: Uint8Array) {
  const reader = recordingReader(data);
  const result = await probeVideo(reader.read, data.length);
  return { result, ...reader };
}

/** Top-level ISO boxes of a file: [type, offset, size]. */
function topLevelBoxes(data: Uint8Array): Array<{ type: string; offset: number; size: number; header: number }> {
  const boxes = [];
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let offset = 0; offset + 8 <= data.length; ) {
    const size = dv.getUint32(offset);
    const type = String.fromCharCode(...data.subarray(offset + 4, offset + 8));
    boxes.push({ type, offset, size, header: 8 });
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

const GOOD = [
  { name: 'faststart.mp4', format: 'mp4', duration: 3, width: 160, height: 90 },
  { name: 'moov-at-end.mp4', format: 'mp4', duration: 3, width: 160, height: 90 },
  { name: 'clip.mov', format: 'quicktime', duration: 2, width: 160, height: 90 },
  { name: 'clip.webm', format: 'webm', duration: 2, width: 64, height: 48 },
  { name: 'too-long.mp4', format: 'mp4', duration: 181, width: 16, height: 16 },
] as const;

describe('probeVideo on real files (ffmpeg fixtures)', () => {
  it.each(GOOD)('$name: $format, $duration s, $width x $height', async ({ name, format, duration, width, height }) => {
    const { result } = await probe(fixture(name));
    expect(result).toMatchObject({ ok: true, format, width, height });
    expect(result.ok && result.durationSeconds).toBeCloseTo(duration, 1); // ±0.05 s
    expect(result.ok && Math.abs(result.durationSeconds - duration)).toBeLessThanOrEqual(0.05);
  });

  it('finds moov at the end of the file without reading the media data', async () => {
    const data = fixture('moov-at-end.mp4');
    const boxes = topLevelBoxes(data);
    expect(boxes.map((b) => b.type)).toEqual(['ftyp', 'free', 'mdat', 'moov']); // the layout under test
    const mdat = boxes.find((b) => b.type === 'mdat')!;
    const payload = { start: mdat.offset + mdat.header, end: mdat.offset + mdat.size };
    expect(payload.end - payload.start).toBeGreaterThan(data.length * 0.8);

    const { result, reads, bytesRead } = await probe(data);
    expect(result.ok).toBe(true);
    expect(bytesRead()).toBeLessThan(data.length * 0.25);
    // Apart from the 64-byte sniff at offset 0, no read touches the mdat payload.
    expect(reads[0]).toEqual({ offset: 0, length: PROBE_LIMITS.isoHeadBytes });
    for (const r of reads.slice(1)) {
      const overlaps = r.offset < payload.end && r.offset + r.length > payload.start;
      expect(overlaps, `read ${r.offset}+${r.length} overlaps mdat payload`).toBe(false);
    }
    expect(reads.length).toBeLessThanOrEqual(4);
  });

  it('reads only headers and moov of a faststart file', async () => {
    const data = fixture('faststart.mp4');
    const { result, bytesRead } = await probe(data);
    expect(result.ok).toBe(true);
    expect(bytesRead()).toBeLessThan(data.length * 0.25);
  });

  it('rejects a PDF renamed to .mp4 as not a video, after one small read', async () => {
    const { result, reads } = await probe(fixture('not-a-video.mp4'));
    expect(result).toMatchObject({ ok: false, reason: 'not-a-video' });
    expect(!result.ok && result.detail).toMatch(/PDF/);
    expect(reads).toHaveLength(1);
  });

  it('rejects a cut-off upload (moov missing) as truncated', async () => {
    const { result } = await probe(fixture('truncated.mp4'));
    expect(result).toMatchObject({ ok: false, reason: 'truncated' });
    expect(!result.ok && result.detail).toMatch(/mdat/);
  });

  it('rejects a WebM without Duration (MediaRecorder-style) as no-duration', async () => {
    const { result } = await probe(fixture('no-duration.webm'));
    expect(result).toMatchObject({ ok: false, reason: 'no-duration' });
    expect(!result.ok && result.detail).toMatch(/Duration/);
  });

  it('notices a faststart file whose mdat was cut off (moov present, data missing)', async () => {
    const data = fixture('faststart.mp4');
    const { result } = await probe(data.subarray(0, Math.floor(data.length * 0.6)));
    expect(result).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('notices a faststart file cut exactly before mdat (moov points at missing media)', async () => {
    const data = fixture('faststart.mp4');
    const mdat = topLevelBoxes(data).find((b) => b.type === 'mdat')!;
    const { result } = await probe(data.subarray(0, mdat.offset));
    expect(result).toMatchObject({ ok: false, reason: 'truncated' });
    expect(!result.ok && result.detail).toMatch(/points at media data/);
  });

  it('notices a cut-off WebM (Segment longer than the file)', async () => {
    const data = fixture('clip.webm');
    const { result } = await probe(data.subarray(0, Math.floor(data.length * 0.6)));
    expect(result).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('never throws on any prefix of a real file', async () => {
    for (const name of ['moov-at-end.mp4', 'faststart.mp4', 'clip.mov', 'clip.webm', 'no-duration.webm']) {
      const data = fixture(name);
      for (let cut = 0; cut < data.length; cut += Math.max(1, Math.floor(data.length / 97))) {
        const { result } = await probe(data.subarray(0, cut));
        expect(result.ok, `${name} cut at ${cut}`).toBe(false);
      }
    }
  });

  it('sniffs every fixture', () => {
    const sniff = (name: string) => sniffContainer(fixture(name).subarray(0, 64));
    expect(sniff('faststart.mp4')).toBe('mp4');
    expect(sniff('moov-at-end.mp4')).toBe('mp4');
    expect(sniff('too-long.mp4')).toBe('mp4');
    expect(sniff('truncated.mp4')).toBe('mp4');
    expect(sniff('clip.mov')).toBe('quicktime');
    expect(sniff('clip.webm')).toBe('webm');
    expect(sniff('no-duration.webm')).toBe('webm');
    expect(sniff('not-a-video.mp4')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-made files

/** An ISO box with size == 1 and a 64-bit largesize. */
const largeBox = (type: string, payload: Uint8Array, largesize = 16 + payload.length) =>
  concat(be(1, 4), ascii(type), be(largesize, 8), payload);

const mvhd0 = (timescale: number, duration: number) => box('mvhd', concat(zeros(4), zeros(8), be(timescale, 4), be(duration, 4), zeros(80)));
const mvhd1 = (timescale: number, duration: number) =>
  box('mvhd', concat(Uint8Array.of(1, 0, 0, 0), zeros(16), be(timescale, 4), be(duration, 8), zeros(80)));
const IDENTITY = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];
const QUARTER_TURN = [0, 0x10000, 0, -0x10000 >>> 0, 0, 0, 0, 0, 0x40000000];
const matrix = (m: number[]) => concat(...m.map((v) => be(v >>> 0, 4)));
const tkhd0 = (width: number, height: number, m = IDENTITY) =>
  box('tkhd', concat(be(3, 4), zeros(16), zeros(4), zeros(8), zeros(8), matrix(m), be(width * 0x10000, 4), be(height * 0x10000, 4)));
const tkhd1 = (width: number, height: number) =>
  box('tkhd', concat(Uint8Array.of(1, 0, 0, 3), zeros(32), zeros(8), zeros(8), matrix(IDENTITY), be(width * 0x10000, 4), be(height * 0x10000, 4)));
const mdia = (handler: string) => box('mdia', box('hdlr', concat(zeros(4), zeros(4), ascii(handler), zeros(12), Uint8Array.of(0))));
const trak = (tkhd: Uint8Array, handler: string) => box('trak', concat(tkhd, mdia(handler)));

describe('probeVideo on hand-made ISO files', () => {
  it('walks past a 64-bit largesize mdat and parses a version-1 mvhd and tkhd', async () => {
    const media = zeros(5000);
    const moov = box('moov', concat(mvhd1(90_000, 90_000 * 42.5), trak(tkhd1(1920, 1080), 'vide')));
    const data = concat(ftyp(), largeBox('mdat', media), moov);
    const { result, reads } = await probe(data);
    expect(result).toEqual({ ok: true, format: 'mp4', durationSeconds: 42.5, width: 1920, height: 1080, codecs: {} });
    const payloadStart = ftyp().length + 16;
    for (const r of reads.slice(1)) expect(r.offset + r.length <= payloadStart || r.offset >= payloadStart + media.length).toBe(true);
  });

  it('treats a largesize running past the end of the file as truncated', async () => {
    const data = concat(ftyp(), largeBox('mdat', zeros(100), 2 ** 60));
    expect((await probe(data)).result).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('accepts a last box of size 0 ("to end of file"), whether mdat or moov', async () => {
    const moov = box('moov', concat(mvhd0(1000, 2500), trak(tkhd0(640, 360), 'vide')));
    const mdatToEnd = concat(ftyp(), moov, box('mdat', zeros(300), 0));
    expect((await probe(mdatToEnd)).result).toEqual({ ok: true, format: 'mp4', durationSeconds: 2.5, width: 640, height: 360, codecs: {} });
    const moovToEnd = concat(ftyp(), box('mdat', zeros(300)), box('moov', concat(mvhd0(1000, 2500), trak(tkhd0(640, 360), 'vide')), 0));
    expect((await probe(moovToEnd)).result).toMatchObject({ ok: true, durationSeconds: 2.5 });
  });

  it('stops at a box whose size is smaller than its header instead of looping', async () => {
    const data = concat(ftyp(), box('free', zeros(8), 4), zeros(64));
    const { result, reads } = await probe(data);
    expect(result).toMatchObject({ ok: false, reason: 'unsupported-format' });
    expect(reads.length).toBeLessThan(5);
  });

  it('survives zero-size and undersized boxes inside moov', async () => {
    const moov = box('moov', concat(mvhd0(600, 1200), trak(tkhd0(320, 240), 'vide'), box('udta', zeros(4), 0)));
    expect((await probe(concat(ftyp(), moov))).result).toMatchObject({ ok: true, durationSeconds: 2, width: 320 });
    const broken = box('moov', concat(mvhd0(600, 1200), trak(tkhd0(320, 240), 'vide'), be(3, 4), ascii('junk')));
    expect((await probe(concat(ftyp(), broken))).result).toMatchObject({ ok: true, durationSeconds: 2 });
  });

  it('gives up on endless tiny boxes within a bounded number of reads', async () => {
    const data = concat(ftyp(), ...Array.from({ length: 3000 }, () => box('free', zeros(0))));
    const { result, reads } = await probe(data);
    expect(result).toMatchObject({ ok: false, reason: 'unsupported-format' });
    expect(reads.length).toBeLessThanOrEqual(PROBE_LIMITS.maxTopLevelBoxes + 2);
  });

  it('treats an ftyp-less file starting with moov/wide/mdat as QuickTime', async () => {
    const data = concat(box('wide', zeros(0)), box('mdat', zeros(50)), box('moov', concat(mvhd0(600, 600 * 7), trak(tkhd0(720, 576), 'vide'))));
    expect(sniffContainer(data.subarray(0, 64))).toBe('quicktime');
    expect((await probe(data)).result).toEqual({ ok: true, format: 'quicktime', durationSeconds: 7, width: 720, height: 576, codecs: {} });
  });

  it('reports portrait phone video (90° matrix) in display orientation', async () => {
    const data = concat(ftyp(), box('moov', concat(mvhd0(1000, 5000), trak(tkhd0(1920, 1080, QUARTER_TURN), 'vide'))));
    expect((await probe(data)).result).toMatchObject({ ok: true, width: 1080, height: 1920 });
  });

  it('picks the video track, not the first track', async () => {
    const moov = box('moov', concat(mvhd0(1000, 5000), trak(tkhd0(0, 0), 'soun'), trak(tkhd0(854, 480), 'vide')));
    expect((await probe(concat(ftyp(), moov))).result).toMatchObject({ ok: true, width: 854, height: 480 });
  });

  it('rejects audio-only MP4 as not a video', async () => {
    const moov = box('moov', concat(mvhd0(44_100, 44_100 * 30), trak(tkhd0(0, 0), 'soun')));
    expect((await probe(concat(ftyp(), moov))).result).toMatchObject({ ok: false, reason: 'not-a-video' });
    expect(sniffContainer(ftyp('M4A '))).toBeUndefined();
  });

  it('reads a fragmented MP4 duration from mehd, and refuses one without', async () => {
    const mvex = (withMehd: boolean) => box('mvex', withMehd ? box('mehd', concat(zeros(4), be(12_000, 4))) : zeros(0));
    const file = (withMehd: boolean) =>
      concat(ftyp('iso5'), box('moov', concat(mvhd0(1000, 0), trak(tkhd0(640, 480), 'vide'), mvex(withMehd))), box('moof', zeros(16)), box('mdat', zeros(64)));
    expect((await probe(file(true))).result).toMatchObject({ ok: true, durationSeconds: 12 });
    expect((await probe(file(false))).result).toMatchObject({ ok: false, reason: 'no-duration' });
  });

  it('refuses a moov over the size limit without reading it', async () => {
    const data = concat(ftyp(), be(PROBE_LIMITS.maxMoovBytes + 100, 4), ascii('moov'));
    const huge = PROBE_LIMITS.maxMoovBytes + 100 + ftyp().length;
    const reader = recordingReader(concat(data, zeros(64)));
    const result = await probeVideo(async (offset, length) => {
      if (length > 1024) throw new Error('should not read the oversized moov');
      return reader.read(offset, Math.min(length, 64));
    }, huge);
    expect(result).toMatchObject({ ok: false, reason: 'unsupported-format' });
  });
});

// EBML: ids as their bytes, sizes as 8-byte vints (or the all-ones "unknown").
const ebml = (id: number[], payload: Uint8Array, unknownSize = false) =>
  concat(Uint8Array.from(id), unknownSize ? Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff) : concat(Uint8Array.of(0x01), be(payload.length, 7)), payload);
const ID = {
  EBML: [0x1a, 0x45, 0xdf, 0xa3],
  DocType: [0x42, 0x82],
  Segment: [0x18, 0x53, 0x80, 0x67],
  SeekHead: [0x11, 0x4d, 0x9b, 0x74],
  Seek: [0x4d, 0xbb],
  SeekID: [0x53, 0xab],
  SeekPosition: [0x53, 0xac],
  Info: [0x15, 0x49, 0xa9, 0x66],
  TimecodeScale: [0x2a, 0xd7, 0xb1],
  Duration: [0x44, 0x89],
  Tracks: [0x16, 0x54, 0xae, 0x6b],
  TrackEntry: [0xae],
  TrackType: [0x83],
  Video: [0xe0],
  PixelWidth: [0xb0],
  PixelHeight: [0xba],
  Cluster: [0x1f, 0x43, 0xb6, 0x75],
};
const ebmlHeader = (docType = 'webm') => ebml(ID.EBML, ebml(ID.DocType, ascii(docType)));
const info = (duration?: number, scale?: number) =>
  ebml(ID.Info, concat(scale === undefined ? zeros(0) : ebml(ID.TimecodeScale, be(scale, 4)), duration === undefined ? zeros(0) : ebml(ID.Duration, f64(duration))));
const videoTracks = (w: number, h: number) =>
  ebml(ID.Tracks, ebml(ID.TrackEntry, concat(ebml(ID.TrackType, Uint8Array.of(1)), ebml(ID.Video, concat(ebml(ID.PixelWidth, be(w, 2)), ebml(ID.PixelHeight, be(h, 2)))))));
const cluster = (n: number) => ebml(ID.Cluster, zeros(n));

describe('probeVideo on hand-made WebM / Matroska files', () => {
  it('applies TimecodeScale and reads 8-byte Duration and the picture size', async () => {
    const data = concat(ebmlHeader(), ebml(ID.Segment, concat(info(12_500, 100_000), videoTracks(1280, 720), cluster(100))));
    expect((await probe(data)).result).toEqual({ ok: true, format: 'webm', durationSeconds: 1.25, width: 1280, height: 720, codecs: {} });
  });

  it('accepts Matroska and an unknown-size Segment', async () => {
    const data = concat(ebmlHeader('matroska'), ebml(ID.Segment, concat(info(3000), videoTracks(640, 360), cluster(50)), true));
    expect((await probe(data)).result).toEqual({ ok: true, format: 'webm', durationSeconds: 3, width: 640, height: 360, codecs: {} });
  });

  it('follows the SeekHead to an Info placed after the media', async () => {
    const tracks = videoTracks(320, 180);
    const media = cluster(PROBE_LIMITS.ebmlFirstChunkBytes); // Info lands beyond the first chunk
    const seekHeadFor = (infoPos: number) =>
      ebml(ID.SeekHead, ebml(ID.Seek, concat(ebml(ID.SeekID, Uint8Array.from(ID.Info)), ebml(ID.SeekPosition, be(infoPos, 4)))));
    const infoPos = seekHeadFor(0).length + tracks.length + media.length;
    const data = concat(ebmlHeader(), ebml(ID.Segment, concat(seekHeadFor(infoPos), tracks, media, info(4500))));
    const { result, bytesRead } = await probe(data);
    expect(result).toEqual({ ok: true, format: 'webm', durationSeconds: 4.5, width: 320, height: 180, codecs: {} });
    expect(bytesRead()).toBeLessThan(data.length + 8 * 1024);
  });

  it('says no-duration when Info lacks Duration, even with unknown-size Clusters', async () => {
    const data = concat(ebmlHeader(), ebml(ID.Segment, concat(info(undefined), videoTracks(64, 48), ebml(ID.Cluster, zeros(40), true)), true));
    expect((await probe(data)).result).toMatchObject({ ok: false, reason: 'no-duration' });
  });

  it('refuses other EBML document types and audio-only WebM', async () => {
    const other = concat(ebmlHeader('notmkv'), ebml(ID.Segment, info(1000)));
    expect(sniffContainer(other)).toBeUndefined();
    expect((await probe(other)).result).toMatchObject({ ok: false });
    const audio = ebml(ID.Tracks, ebml(ID.TrackEntry, ebml(ID.TrackType, Uint8Array.of(2))));
    const audioOnly = concat(ebmlHeader(), ebml(ID.Segment, concat(info(1000), audio)));
    expect((await probe(audioOnly)).result).toMatchObject({ ok: false, reason: 'not-a-video' });
  });

  it('does not loop on an EBML file of empty elements', async () => {
    const voids = Array.from({ length: 5000 }, () => Uint8Array.of(0xec, 0x80));
    const data = concat(ebmlHeader(), ebml(ID.Segment, concat(...voids)));
    const { result, reads } = await probe(data);
    expect(result).toMatchObject({ ok: false, reason: 'no-duration' });
    expect(reads.length).toBeLessThan(10);
  });
});

describe('probeVideo on garbage', () => {
  it('says not-a-video for an empty file without reading', async () => {
    const { result, reads } = await probe(new Uint8Array(0));
    expect(result).toMatchObject({ ok: false, reason: 'not-a-video' });
    expect(reads).toHaveLength(0);
  });

  it.each([
    ['random bytes', Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)],
    ['text', ascii('Dear jury, please find our pitch attached.\n')],
    ['one byte', Uint8Array.of(0x00)],
    ['a PNG', concat(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), zeros(100))],
  ])('says not-a-video for %s', async (_, data) => {
    expect((await probe(data)).result).toMatchObject({ ok: false, reason: 'not-a-video' });
  });

  it('says unsupported-format for a video container it does not read (AVI)', async () => {
    const avi = concat(ascii('RIFF'), be(1000, 4), ascii('AVI LIST'), zeros(100));
    expect((await probe(avi)).result).toMatchObject({ ok: false, reason: 'unsupported-format' });
  });

  it('passes reader failures through instead of judging the file', async () => {
    const boom = new Error('S3 is down');
    await expect(probeVideo(() => Promise.reject(boom), 1000)).rejects.toBe(boom);
  });

  it('treats a reader returning fewer bytes than the size promised as truncated', async () => {
    const data = fixture('moov-at-end.mp4');
    const result = await probeVideo(async (offset, length) => data.slice(offset, offset + length), data.length + 5000);
    expect(result).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('sniffs nothing from heads too short or unknown', () => {
    expect(sniffContainer(new Uint8Array(0))).toBeUndefined();
    expect(sniffContainer(ascii('ftyp'))).toBeUndefined();
    expect(sniffContainer(ascii('%PDF-1.4\n'))).toBeUndefined();
    expect(sniffContainer(concat(be(24, 4), ascii('ftypheic')))).toBeUndefined();
    expect(sniffContainer(concat(be(20, 4), ascii('ftypqt  ')))).toBe('quicktime');
    expect(sniffContainer(Uint8Array.from(ID.EBML))).toBe('webm'); // DocType not visible yet
  });
});

describe('probeVideo properties', () => {
  const checkResult = (result: ProbeResult) => {
    if (result.ok) {
      expect(Number.isFinite(result.durationSeconds) && result.durationSeconds > 0).toBe(true);
    } else {
      expect(['not-a-video', 'unsupported-format', 'truncated', 'no-duration']).toContain(result.reason);
      expect(result.detail.length).toBeGreaterThan(0);
    }
  };

  it('resolves for arbitrary bytes, reading only within the file, a bounded number of times', async () => {
    const prefixes = [[], [0x1a, 0x45, 0xdf, 0xa3], [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70], [0, 0, 0, 1, 0x6d, 0x64, 0x61, 0x74]];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 2048 }), async (prefix, rest) => {
        const data = concat(Uint8Array.from(prefix), rest);
        const { result, reads } = await probe(data); // the reader throws (→ rejects) on any out-of-bounds read
        checkResult(result);
        expect(reads.length).toBeLessThanOrEqual(PROBE_LIMITS.maxReads);
      }),
      { numRuns: 300 },
    );
  });

  it('resolves for real files with random bytes corrupted', async () => {
    const files = ['faststart.mp4', 'moov-at-end.mp4', 'clip.mov', 'clip.webm', 'no-duration.webm'].map(fixture);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (which, patches) => {
          const data = files[which]!.slice();
          // Bias corruption towards the headers, where sizes and ids live.
          for (const [pos, byte] of patches) data[pos % 2 === 0 ? pos % Math.min(data.length, 200) : pos % data.length] = byte;
          const { result, reads } = await probe(data);
          checkResult(result);
          expect(reads.length).toBeLessThanOrEqual(PROBE_LIMITS.maxReads);
        },
      ),
      { numRuns: 500 },
    );
  });
});
