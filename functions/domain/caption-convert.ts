/**
 * Caption files: checks that an uploaded file really is WebVTT or SubRip (SRT), and turns either
 * into a clean WebVTT document the browser's <track> element plays. Pure and bounded: any input
 * gives a result, never an exception; a refusal names the line that is wrong.
 *
 * Imported only by the caption use case (use-cases/pitch-captions.ts, dynamically), so no other
 * route's bundle carries it.
 *
 * - WebVTT (W3C WebVTT §4): the `WEBVTT` signature line, then blocks separated by blank lines —
 *   NOTE, STYLE and REGION blocks are kept as they are; a cue is an optional identifier line, a
 *   timing line `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]`, then its text.
 * - SRT: numbered blocks `n`, `hh:mm:ss,mmm --> hh:mm:ss,mmm`, text. Converted: commas become
 *   full stops, SRT's `X1:` position hints are dropped, `<b> <i> <u>` are kept (WebVTT has them
 *   too), `<font>` and `{\an8}`-style tags are removed, and `&`, `<`, `>` that are not markup are
 *   escaped as WebVTT requires.
 */

export const CAPTION_PARSE_LIMITS = {
  /** Cues per file (a 1-hour talk has ~1,000). */
  maxCues: 20_000,
  /** Characters of text per cue. */
  maxCueChars: 2_000,
  /** The latest time a cue may end (the longest pitch is an hour). */
  maxSeconds: 100 * 3600,
} as const;

export type CaptionSource = 'vtt' | 'srt';

export type CaptionParse =
  | { ok: true; source: CaptionSource; vtt: string; cues: number; lastEndSeconds: number }
  | { ok: false; reason: string };

const VTT_TIME = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const SRT_TIME = /^(\d{1,3}):([0-5]?\d):([0-5]?\d)[,.](\d{1,3})$/;

function seconds(m: RegExpExecArray): number {
  const millis = m[4]!.padEnd(3, '0');
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(millis) / 1000;
}

function vttTime(total: number): string {
  const ms = Math.round(total * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const t = ms % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(t).padStart(3, '0')}`;
}

/** Blocks of non-blank lines, each with the (1-based) number of its first line. */
function blocks(text: string): { line: number; lines: string[] }[] {
  const lines = text.split('\n');
  const out: { line: number; lines: string[] }[] = [];
  let current: { line: number; lines: string[] } | undefined;
  lines.forEach((raw, i) => {
    const l = raw.replace(/[ \t]+$/, '');
    if (l === '') {
      current = undefined;
      return;
    }
    if (!current) out.push((current = { line: i + 1, lines: [] }));
    current.lines.push(l);
  });
  return out;
}

const fail = (reason: string): CaptionParse => ({ ok: false, reason });

/** Normalises line endings and drops a byte-order mark. */
function normalise(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Parses a caption file's text (already decoded) as WebVTT or SRT and returns it as WebVTT. */
export function convertCaptions(input: string): CaptionParse {
  const text = normalise(input);
  if (/\u0000/.test(text)) return fail('The file contains binary data; a caption file is plain text (WebVTT or SRT).');
  if (/^WEBVTT(?:[ \t][^\n]*)?(?:\n|$)/.test(text)) return parseVtt(text);
  const first = blocks(text)[0];
  if (first && (/^\d+$/.test(first.lines[0]!.trim()) || first.lines[0]!.includes('-->'))) return parseSrt(text);
  return fail('This is not a caption file: a WebVTT file starts with the line "WEBVTT", an SRT file with a cue number and a time line like "00:00:01,000 --> 00:00:03,500".');
}

function parseTiming(line: string, lineNo: number, pattern: RegExp, example: string): { start: number; end: number; settings: string } | string {
  const m = /^(\S+)[ \t]+-->[ \t]+(\S+)(.*)$/.exec(line);
  const start = m && pattern.exec(m[1]!);
  const end = m && pattern.exec(m[2]!);
  if (!m || !start || !end) return `Line ${lineNo}: "${line.slice(0, 60)}" is not a time line like "${example}".`;
  const s = seconds(start);
  const e = seconds(end);
  if (!(e > s)) return `Line ${lineNo}: the cue ends (${m[2]}) before it starts (${m[1]}).`;
  if (e > CAPTION_PARSE_LIMITS.maxSeconds) return `Line ${lineNo}: a cue ending at ${m[2]} is longer than any pitch.`;
  return { start: s, end: e, settings: m[3]!.trim() };
}

function parseVtt(text: string): CaptionParse {
  const all = blocks(text);
  const out: string[] = [all[0]!.lines.join('\n')];
  let cues = 0;
  let last = 0;
  for (const block of all.slice(1)) {
    const head = block.lines[0]!;
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(head)) {
      if (cues > 0 && !head.startsWith('NOTE')) return fail(`Line ${block.line}: a ${head.split(/[ \t]/)[0]} block must come before the first cue.`);
      out.push(block.lines.join('\n'));
      continue;
    }
    const timingIndex = head.includes('-->') ? 0 : 1;
    const timingLine = block.lines[timingIndex];
    if (timingLine === undefined) return fail(`Line ${block.line}: "${head.slice(0, 60)}" is followed by no time line.`);
    const timing = parseTiming(timingLine, block.line + timingIndex, VTT_TIME, '00:00:01.000 --> 00:00:03.500');
    if (typeof timing === 'string') return fail(timing);
    const body = block.lines.slice(timingIndex + 1);
    if (body.some((l) => l.includes('-->'))) return fail(`Line ${block.line + timingIndex + 1}: cue text may not contain "-->" (is a blank line missing before the next cue?).`);
    if (body.join('\n').length > CAPTION_PARSE_LIMITS.maxCueChars) return fail(`Line ${block.line}: the cue's text is longer than ${CAPTION_PARSE_LIMITS.maxCueChars} characters.`);
    if (++cues > CAPTION_PARSE_LIMITS.maxCues) return fail(`The file has more than ${CAPTION_PARSE_LIMITS.maxCues} cues.`);
    last = Math.max(last, timing.end);
    out.push(block.lines.join('\n'));
  }
  if (cues === 0) return fail('The WebVTT file has no cues (no line like "00:00:01.000 --> 00:00:03.500").');
  return { ok: true, source: 'vtt', vtt: `${out.join('\n\n')}\n`, cues, lastEndSeconds: last };
}

const KEPT_TAG = /^<\/?(?:b|i|u)>$/i;

/** SRT cue text → WebVTT cue text: keep b/i/u, drop other tags, escape what is not markup. */
function srtText(line: string): string {
  const withoutAss = line.replace(/\{\\[^}]*\}/g, '');
  return withoutAss
    .split(/(<[^<>]*>)/)
    .map((part) => {
      if (part.startsWith('<') && part.endsWith('>')) return KEPT_TAG.test(part) ? part.toLowerCase() : '';
      return part.replace(/&(?!(?:amp|lt|gt|nbsp|lrm|rlm|#\d+|#x[0-9a-f]+);)/gi, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    })
    .join('');
}

function parseSrt(text: string): CaptionParse {
  const out: string[] = ['WEBVTT'];
  let cues = 0;
  let last = 0;
  for (const block of blocks(text)) {
    let i = 0;
    if (/^\d+$/.test(block.lines[0]!.trim())) i = 1; // the cue number (WebVTT keeps it as the cue's id)
    const timingLine = block.lines[i];
    if (timingLine === undefined) return fail(`Line ${block.line}: cue ${block.lines[0]} has no time line.`);
    // SRT may add "X1:… Y1:…" position hints after the times; WebVTT has no equivalent.
    const cleaned = timingLine.replace(/\s+[XY][12]:\s*\d+/gi, '');
    const timing = parseTiming(cleaned, block.line + i, SRT_TIME, '00:00:01,000 --> 00:00:03,500');
    if (typeof timing === 'string') return fail(timing);
    const body = block.lines.slice(i + 1).map(srtText).map((l) => l.replace(/-->/g, '--&gt;'));
    if (body.join('\n').length > CAPTION_PARSE_LIMITS.maxCueChars) return fail(`Line ${block.line}: the cue's text is longer than ${CAPTION_PARSE_LIMITS.maxCueChars} characters.`);
    if (++cues > CAPTION_PARSE_LIMITS.maxCues) return fail(`The file has more than ${CAPTION_PARSE_LIMITS.maxCues} cues.`);
    last = Math.max(last, timing.end);
    const id = i === 1 ? [block.lines[0]!.trim()] : [];
    out.push([...id, `${vttTime(timing.start)} --> ${vttTime(timing.end)}`, ...body].join('\n'));
  }
  if (cues === 0) return fail('The SRT file has no cues.');
  return { ok: true, source: 'srt', vtt: `${out.join('\n\n')}\n`, cues, lastEndSeconds: last };
}

/**
 * Decodes an uploaded caption file: UTF-8 (with or without a BOM), UTF-16 with a BOM, or — for
 * older SRT files that are not valid UTF-8 — Windows-1252. Undefined when it is not text at all.
 */
export function decodeCaptionBytes(bytes: Uint8Array): string | undefined {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
  } catch {
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (bytes.includes(0)) return undefined;
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
