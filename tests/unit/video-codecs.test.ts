/**
 * Issue 14: the probe reads the codecs (ISO BMFF stsd sample entries, Matroska CodecID), and the
 * verdict refuses what current browsers cannot all play, with a sentence saying how to export a
 * video that plays. Files are built here, byte by byte (plus the ffmpeg fixtures).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probeVideo, type Codecs } from '../../functions/domain/video-probe.ts';
import { DEFAULT_PITCH_POLICY, EXPORT_ADVICE, judgeVideo, playability, type PitchPolicy } from '../../functions/domain/pitch.ts';
import { ascii, be, box, concat, f64, ftyp, zeros } from '../support/video-bytes.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/video/${name}`, import.meta.url)));
const probe = (data: Uint8Array) => probeVideo(async (offset, length) => data.slice(offset, offset + length), data.length);

// ---- ISO builders ----
const mvhd = (timescale: number, duration: number) => box('mvhd', concat(zeros(4), zeros(8), be(timescale, 4), be(duration, 4), zeros(80)));
const tkhd = (w: number, h: number) =>
  box('tkhd', concat(be(3, 4), zeros(16), zeros(4), zeros(8), zeros(8), concat(...[0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].map((v) => be(v, 4))), be(w * 0x10000, 4), be(h * 0x10000, 4)));
const stsd = (entry: Uint8Array) => box('stsd', concat(zeros(4), be(1, 4), entry));
const trak = (handler: string, entry: Uint8Array | undefined, w = 0, h = 0) =>
  box(
    'trak',
    concat(
      tkhd(w, h),
      box('mdia', concat(box('hdlr', concat(zeros(8), ascii(handler), zeros(12), Uint8Array.of(0))), box('minf', box('stbl', entry ? stsd(entry) : zeros(0))))),
    ),
  );
/** A visual sample entry: 78 bytes of fixed fields, then its boxes. */
const visual = (fourcc: string, ...children: Uint8Array[]) => box(fourcc, concat(zeros(6), be(1, 2), zeros(16), be(1920, 2), be(1080, 2), zeros(50), ...children));
/** A sound sample entry (ISO / QuickTime version 0 or 1), then its boxes. */
const sound = (fourcc: string, version: 0 | 1, ...children: Uint8Array[]) =>
  box(fourcc, concat(zeros(6), be(1, 2), be(version, 2), zeros(6), be(2, 2), be(16, 2), zeros(4), be(48000 * 65536, 4), version === 1 ? zeros(16) : zeros(0), ...children));
/** An esds with ES_Descriptor → DecoderConfigDescriptor (object type) → DecoderSpecificInfo (AudioSpecificConfig). */
const esds = (oti: number, audioObjectType?: number) => {
  const specific = audioObjectType === undefined ? zeros(0) : concat(Uint8Array.of(0x05, 2), Uint8Array.of(audioObjectType << 3, 0x10));
  const config = concat(Uint8Array.of(oti, 0x15), zeros(3), be(128000, 4), be(128000, 4), specific);
  const decoder = concat(Uint8Array.of(0x04, config.length), config);
  // A 4-byte length (0x80 0x80 0x80 n), as many muxers write it.
  const es = concat(be(1, 2), Uint8Array.of(0), decoder, Uint8Array.of(0x06, 1, 2));
  return box('esds', concat(zeros(4), Uint8Array.of(0x03, 0x80, 0x80, 0x80, es.length), es));
};
const mp4 = (...traks: Uint8Array[]) => concat(ftyp(), box('moov', concat(mvhd(1000, 5000), ...traks)), box('mdat', zeros(64)));
const mov = (...traks: Uint8Array[]) => concat(ftyp('qt  '), box('moov', concat(mvhd(600, 3000), ...traks)), box('mdat', zeros(64)));

// ---- EBML builders ----
const ebml = (id: number[], payload: Uint8Array) => concat(Uint8Array.from(id), Uint8Array.of(0x01), be(payload.length, 7), payload);
const webm = (docType: string, ...entries: [type: number, codecId: string | undefined][]) =>
  concat(
    ebml([0x1a, 0x45, 0xdf, 0xa3], ebml([0x42, 0x82], ascii(docType))),
    ebml(
      [0x18, 0x53, 0x80, 0x67],
      concat(
        ebml([0x15, 0x49, 0xa9, 0x66], ebml([0x44, 0x89], f64(2000))),
        ebml(
          [0x16, 0x54, 0xae, 0x6b],
          concat(
            ...entries.map(([type, codecId]) =>
              ebml(
                [0xae],
                concat(
                  ebml([0x83], Uint8Array.of(type)),
                  codecId === undefined ? zeros(0) : ebml([0x86], ascii(codecId)),
                  type === 1 ? ebml([0xe0], concat(ebml([0xb0], be(640, 2)), ebml([0xba], be(360, 2)))) : zeros(0),
                ),
              ),
            ),
          ),
        ),
        ebml([0x1f, 0x43, 0xb6, 0x75], zeros(32)),
      ),
    ),
  );

const codecsOf = async (data: Uint8Array): Promise<Codecs | string> => {
  const r = await probe(data);
  return r.ok ? r.codecs : `${r.reason}: ${r.detail}`;
};

describe('the probe reads codecs', () => {
  it('from the ffmpeg fixtures: H.264 in MP4 and QuickTime, VP8 in WebM', async () => {
    expect(await codecsOf(fixture('faststart.mp4'))).toEqual({ video: { codec: 'h264', id: 'avc1' } });
    expect(await codecsOf(fixture('moov-at-end.mp4'))).toEqual({ video: { codec: 'h264', id: 'avc1' } });
    expect(await codecsOf(fixture('clip.mov'))).toEqual({ video: { codec: 'h264', id: 'avc1' } });
    expect(await codecsOf(fixture('clip.webm'))).toEqual({ video: { codec: 'vp8', id: 'V_VP8' } });
  });

  it('HEVC from an iPhone .mov (hvc1) with AAC-LC sound in a QuickTime version-1 sound entry', async () => {
    const data = mov(trak('vide', visual('hvc1', box('hvcC', zeros(23))), 1920, 1080), trak('soun', sound('mp4a', 1, esds(0x40, 2))));
    expect(await codecsOf(data)).toEqual({ video: { codec: 'hevc', id: 'hvc1' }, audio: { codec: 'aac', id: 'mp4a.40.2' } });
  });

  it('maps the sample entries of MP4: avc3, hev1, av01, vp09, Opus, ac-3, ec-3, MP3 by object type', async () => {
    const cases: [Uint8Array, Codecs][] = [
      [mp4(trak('vide', visual('avc3')), trak('soun', sound('mp4a', 0, esds(0x40, 5)))), { video: { codec: 'h264', id: 'avc3' }, audio: { codec: 'aac', id: 'mp4a.40.5' } }],
      [mp4(trak('vide', visual('hev1'))), { video: { codec: 'hevc', id: 'hev1' } }],
      [mp4(trak('vide', visual('av01')), trak('soun', sound('Opus', 0))), { video: { codec: 'av1', id: 'av01' }, audio: { codec: 'opus', id: 'Opus' } }],
      [mp4(trak('vide', visual('vp09')), trak('soun', sound('ac-3', 0))), { video: { codec: 'vp9', id: 'vp09' }, audio: { codec: 'ac3', id: 'ac-3' } }],
      [mp4(trak('vide', visual('avc1')), trak('soun', sound('ec-3', 0))), { video: { codec: 'h264', id: 'avc1' }, audio: { codec: 'eac3', id: 'ec-3' } }],
      [mp4(trak('vide', visual('avc1')), trak('soun', sound('mp4a', 0, esds(0x6b)))), { video: { codec: 'h264', id: 'avc1' }, audio: { codec: 'mp3', id: 'mp4a.6B' } }],
      [mp4(trak('vide', visual('apcn')), trak('soun', sound('lpcm', 0))), { video: { codec: 'prores', id: 'apcn' }, audio: { codec: 'pcm', id: 'lpcm' } }],
      [mp4(trak('vide', visual('xyzw'))), { video: { codec: 'other', id: 'xyzw' } }],
    ];
    for (const [data, expected] of cases) expect(await codecsOf(data)).toEqual(expected);
  });

  it('finds esds inside QuickTime’s wave box, and the original format of an encrypted entry', async () => {
    const wave = box('wave', concat(box('frma', ascii('mp4a')), esds(0x40, 2)));
    expect(await codecsOf(mov(trak('vide', visual('avc1')), trak('soun', sound('mp4a', 1, wave))))).toMatchObject({ audio: { codec: 'aac', id: 'mp4a.40.2' } });
    const encv = visual('encv', box('sinf', box('frma', ascii('hvc1'))));
    expect(await codecsOf(mp4(trak('vide', encv)))).toEqual({ video: { codec: 'other', id: 'encv:hvc1' } });
  });

  it('says so when an audio track exists but its codec cannot be read, and leaves video undefined without stsd', async () => {
    expect(await codecsOf(mp4(trak('vide', visual('avc1')), trak('soun', undefined)))).toEqual({ video: { codec: 'h264', id: 'avc1' }, audioUnread: true });
    expect(await codecsOf(mp4(trak('vide', undefined, 640, 360)))).toEqual({});
  });

  it('reads Matroska CodecIDs: VP9/Opus, AV1/Vorbis, H.264/AAC, HEVC', async () => {
    expect(await codecsOf(webm('webm', [1, 'V_VP9'], [2, 'A_OPUS']))).toEqual({ video: { codec: 'vp9', id: 'V_VP9' }, audio: { codec: 'opus', id: 'A_OPUS' } });
    expect(await codecsOf(webm('webm', [1, 'V_AV1'], [2, 'A_VORBIS']))).toEqual({ video: { codec: 'av1', id: 'V_AV1' }, audio: { codec: 'vorbis', id: 'A_VORBIS' } });
    expect(await codecsOf(webm('matroska', [1, 'V_MPEG4/ISO/AVC'], [2, 'A_AAC']))).toEqual({ video: { codec: 'h264', id: 'V_MPEG4/ISO/AVC' }, audio: { codec: 'aac', id: 'A_AAC' } });
    expect(await codecsOf(webm('matroska', [1, 'V_MPEGH/ISO/HEVC'], [2, 'A_AC3']))).toEqual({ video: { codec: 'hevc', id: 'V_MPEGH/ISO/HEVC' }, audio: { codec: 'ac3', id: 'A_AC3' } });
    expect(await codecsOf(webm('webm', [1, 'V_VP8'], [2, undefined]))).toEqual({ video: { codec: 'vp8', id: 'V_VP8' }, audioUnread: true });
  });

  it('bounds a hostile CodecID and never throws on garbage inside stsd', async () => {
    const long = await codecsOf(webm('matroska', [1, `V_${'X'.repeat(5000)}`]));
    expect(typeof long !== 'string' && long.video!.id.length).toBeLessThanOrEqual(64);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('soun', 'vide'), async (junk, handler) => {
        const entry = box(handler === 'soun' ? 'mp4a' : 'avc1', junk);
        const result = await probe(mp4(trak('vide', handler === 'vide' ? entry : visual('avc1'), 320, 240), trak('soun', handler === 'soun' ? entry : undefined)));
        expect(result.ok).toBe(true); // a readable movie with a strange sample entry is still a video
      }),
      { numRuns: 300 },
    );
  });
});

describe('the verdict on codecs', () => {
  const facts = (format: 'mp4' | 'quicktime' | 'webm', codecs: Codecs) => ({ sizeBytes: 1000, format, durationSeconds: 30, codecs });
  const hevc: Codecs = { video: { codec: 'hevc', id: 'hvc1' }, audio: { codec: 'aac', id: 'mp4a.40.2' } };

  it('accepts what every current browser plays', () => {
    const ok: [Parameters<typeof facts>[0], Codecs][] = [
      ['mp4', { video: { codec: 'h264', id: 'avc1' }, audio: { codec: 'aac', id: 'mp4a.40.2' } }],
      ['quicktime', { video: { codec: 'h264', id: 'avc1' } }],
      ['mp4', { video: { codec: 'av1', id: 'av01' }, audio: { codec: 'opus', id: 'Opus' } }],
      ['mp4', { video: { codec: 'vp9', id: 'vp09' }, audio: { codec: 'mp3', id: 'mp4a.6B' } }],
      ['webm', { video: { codec: 'vp8', id: 'V_VP8' }, audio: { codec: 'vorbis', id: 'A_VORBIS' } }],
      ['webm', { video: { codec: 'vp9', id: 'V_VP9' }, audio: { codec: 'opus', id: 'A_OPUS' } }],
      ['webm', { video: { codec: 'av1', id: 'V_AV1' } }],
    ];
    for (const [format, codecs] of ok) expect(judgeVideo(DEFAULT_PITCH_POLICY, facts(format, codecs), format), JSON.stringify(codecs)).toEqual({ ok: true });
  });

  it('refuses an HEVC iPhone video with a plain sentence and how to export one that plays', () => {
    const verdict = judgeVideo(DEFAULT_PITCH_POLICY, facts('quicktime', hevc), 'quicktime');
    expect(verdict).toMatchObject({ ok: false, code: 'CODEC_NOT_PLAYABLE' });
    const reason = !verdict.ok ? verdict.reason : '';
    expect(reason).toMatch(/^The picture is encoded with HEVC \(H\.265\) in a QuickTime \(\.mov\) file, which many reviewers' browsers cannot play\./);
    expect(reason).toContain('Most Compatible');
    expect(reason).toContain('HandBrake');
    expect(reason).toContain(EXPORT_ADVICE);
  });

  it('refuses sound browsers do not play, and codecs that do not belong in WebM', () => {
    expect(playability('mp4', { video: { codec: 'h264', id: 'avc1' }, audio: { codec: 'ac3', id: 'ac-3' } })).toMatchObject({
      ok: false,
      code: 'CODEC_NOT_PLAYABLE',
      reason: expect.stringMatching(/^The sound is encoded with Dolby Digital \(AC-3\)/),
    });
    expect(playability('webm', { video: { codec: 'h264', id: 'V_MPEG4/ISO/AVC' } })).toMatchObject({ ok: false, code: 'CODEC_NOT_PLAYABLE' });
    expect(playability('webm', { video: { codec: 'vp9', id: 'V_VP9' }, audio: { codec: 'aac', id: 'A_AAC' } })).toMatchObject({ ok: false });
    expect(playability('mp4', { video: { codec: 'h264', id: 'avc1' }, audioUnread: true })).toMatchObject({ ok: false, code: 'CODEC_NOT_PLAYABLE' });
    expect(playability('mp4', { video: { codec: 'other', id: 'xyzw' } })).toMatchObject({ ok: false, reason: expect.stringContaining("'xyzw'") });
  });

  it('refuses a video whose codec could not be read at all (deny by default)', () => {
    expect(playability('mp4', {})).toMatchObject({ ok: false, code: 'CODEC_UNKNOWN' });
  });

  it("follows the organiser's choice: warn accepts with the sentence, transcode asks for a conversion", () => {
    const warn: PitchPolicy = { ...DEFAULT_PITCH_POLICY, unplayable: 'warn' };
    expect(judgeVideo(warn, facts('mp4', hevc), 'mp4')).toMatchObject({ ok: true, warning: { code: 'CODEC_NOT_PLAYABLE', reason: expect.stringContaining('HEVC') } });
    const transcode: PitchPolicy = { ...DEFAULT_PITCH_POLICY, unplayable: 'transcode' };
    expect(judgeVideo(transcode, facts('mp4', hevc), 'mp4')).toMatchObject({ ok: true, transcode: true });
    // The other rules still come first: a video too long is refused whatever its codec.
    expect(judgeVideo(warn, { ...facts('mp4', hevc), durationSeconds: 999 }, 'mp4')).toMatchObject({ ok: false, code: 'TOO_LONG' });
  });
});
