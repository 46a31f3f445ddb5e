/**
 * Issue 14: caption files — WebVTT checked, SRT converted to WebVTT, anything else refused with
 * the line that is wrong. The converted output is parsed again as WebVTT (round trip).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertCaptions, decodeCaptionBytes } from '../../functions/domain/caption-convert.ts';

const SRT = [
  '1',
  '00:00:01,000 --> 00:00:03,500',
  'Hello, we are <i>Zephyr Cargo</i>.',
  '',
  '2',
  '00:00:04,250 --> 00:00:07,000 X1:100 X2:600 Y1:50 Y2:80',
  '<font color="#ffff00">Freight & logistics</font> {\\an8}for 3 < 5 cities',
  'second line',
  '',
].join('\r\n');

describe('SRT → WebVTT', () => {
  it('converts times, keeps b/i/u, drops font and position tags, escapes & and <', () => {
    const r = convertCaptions(SRT);
    expect(r).toMatchObject({ ok: true, source: 'srt', cues: 2, lastEndSeconds: 7 });
    expect(r.ok && r.vtt).toBe(
      [
        'WEBVTT',
        '',
        '1',
        '00:00:01.000 --> 00:00:03.500',
        'Hello, we are <i>Zephyr Cargo</i>.',
        '',
        '2',
        '00:00:04.250 --> 00:00:07.000',
        'Freight &amp; logistics for 3 &lt; 5 cities',
        'second line',
        '',
      ].join('\n'),
    );
  });

  it('accepts a BOM, short milliseconds and hours over 99 seconds worth', () => {
    const r = convertCaptions('\uFEFF1\n0:01:02,5 --> 0:01:04,25\nHi\n');
    expect(r.ok && r.vtt).toContain('00:01:02.500 --> 00:01:04.250');
  });

  it('round-trips: what it writes parses as WebVTT with the same cues', () => {
    const converted = convertCaptions(SRT);
    const again = converted.ok ? convertCaptions(converted.vtt) : undefined;
    expect(again).toMatchObject({ ok: true, source: 'vtt', cues: 2 });
    expect(again?.ok && converted.ok && again.vtt).toBe(converted.ok && converted.vtt);
  });

  it('names the line of a broken time, and refuses a cue that ends before it starts', () => {
    expect(convertCaptions('1\n00:00:01,000 -> 00:00:02,000\nHi\n')).toEqual({ ok: false, reason: expect.stringMatching(/^Line 2: .* is not a time line/) });
    expect(convertCaptions('1\n00:00:05,000 --> 00:00:02,000\nHi\n')).toEqual({ ok: false, reason: expect.stringMatching(/^Line 2: the cue ends/) });
  });
});

describe('WebVTT', () => {
  it('accepts cues with and without ids, settings, NOTE and STYLE blocks', () => {
    const vtt = 'WEBVTT - pitch\n\nSTYLE\n::cue { color: yellow }\n\nNOTE made by hand\n\nintro\n00:01.000 --> 00:02.000 line:0 align:start\nHello\n\n00:00:02.500 --> 00:00:04.000\nWorld\n';
    expect(convertCaptions(vtt)).toMatchObject({ ok: true, source: 'vtt', cues: 2, lastEndSeconds: 4 });
  });

  it('refuses a file with no cues, a missing blank line, or a STYLE after cues', () => {
    expect(convertCaptions('WEBVTT\n')).toMatchObject({ ok: false, reason: expect.stringContaining('no cues') });
    expect(convertCaptions('WEBVTT\n\n00:01.000 --> 00:02.000\nA\n00:02.000 --> 00:03.000\nB\n')).toMatchObject({ ok: false, reason: expect.stringContaining('blank line') });
    expect(convertCaptions('WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\nSTYLE\n::cue {}\n')).toMatchObject({ ok: false, reason: expect.stringContaining('STYLE') });
    expect(convertCaptions('WEBVTT\n\n00:01,000 --> 00:02,000\nA\n')).toMatchObject({ ok: false, reason: expect.stringMatching(/^Line 3:/) });
  });
});

describe('anything else', () => {
  it('is refused in a sentence: plain text, JSON, a video', () => {
    expect(convertCaptions('Just some words\nand more')).toMatchObject({ ok: false, reason: expect.stringContaining('not a caption file') });
    expect(convertCaptions('{"cues": []}')).toMatchObject({ ok: false });
    expect(decodeCaptionBytes(Uint8Array.of(0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0xff, 0xfe, 0x00))).toBeUndefined();
  });

  it('decodes UTF-8, UTF-16 with a BOM and Windows-1252', () => {
    expect(decodeCaptionBytes(new TextEncoder().encode('Grüße'))).toBe('Grüße');
    expect(decodeCaptionBytes(Uint8Array.of(0xff, 0xfe, 0x48, 0x00, 0x69, 0x00))).toBe('Hi');
    expect(decodeCaptionBytes(Uint8Array.of(0x43, 0x61, 0x66, 0xe9))).toBe('Café');
  });

  it('converts any well-formed SRT: every cue kept, in order, with its times to the millisecond', () => {
    const cue = fc.record({
      start: fc.integer({ min: 0, max: 3_600_000 }),
      length: fc.integer({ min: 1, max: 10_000 }),
      text: fc.array(fc.stringMatching(/^[A-Za-zÀ-ÿ0-9 ,.!?'-]{1,40}$/).filter((t) => t.trim() !== ''), { minLength: 1, maxLength: 3 }),
    });
    const srtTime = (ms: number) =>
      `${String(Math.floor(ms / 3_600_000)).padStart(2, '0')}:${String(Math.floor(ms / 60_000) % 60).padStart(2, '0')}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')},${String(ms % 1000).padStart(3, '0')}`;
    fc.assert(
      fc.property(fc.array(cue, { minLength: 1, maxLength: 20 }), (cues) => {
        const srt = cues.map((c, i) => `${i + 1}\n${srtTime(c.start)} --> ${srtTime(c.start + c.length)}\n${c.text.join('\n')}\n`).join('\n');
        const r = convertCaptions(srt);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.cues).toBe(cues.length);
        const lines = r.vtt.split('\n').filter((l) => l.includes('-->'));
        expect(lines).toEqual(cues.map((c) => `${srtTime(c.start).replace(',', '.')} --> ${srtTime(c.start + c.length).replace(',', '.')}`));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.boolean(), (text, asVtt) => {
        const r = convertCaptions(asVtt ? `WEBVTT\n\n${text}` : text);
        expect(typeof r.ok).toBe('boolean');
        if (r.ok) expect(convertCaptions(r.vtt).ok).toBe(true); // anything accepted comes out valid
      }),
      { numRuns: 2000 },
    );
  });
});
